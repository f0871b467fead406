import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/compare/seeded-rng.js';
import * as format from '../../src/report/format.js';
import {
  COST_UNKNOWN,
  costComparison,
  formatBytes,
  formatConfidence,
  formatCost,
  formatCostLine,
  formatCostPer1k,
  formatDifference,
  formatInt,
  formatInterval,
  formatMargin,
  formatMeanScore,
  formatMs,
  formatParams,
  formatPassRate,
  formatPercent,
  formatPValue,
  formatRate,
  formatSigned,
  formatUsd,
  gateWord,
  NO_GATE_RULES,
} from '../../src/report/format.js';
import { TEMPLATES_DIR } from '../../src/report/templates.js';

describe('report formatting', () => {
  it('writes latencies at the precision people compare them, sub-millisecond ones too', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(0.004)).toBe('0 ms');
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(0.996)).toBe('1 ms');
    expect(formatMs(180.4)).toBe('180 ms');
    expect(formatMs(999.7)).toBe('1.0 s');
    expect(formatMs(1900)).toBe('1.9 s');
    expect(formatMs(9960)).toBe('10 s');
    expect(formatMs(12_345)).toBe('12 s');
    expect(formatMs(3_600_000)).toBe('3,600 s');
    expect(formatMs(null)).toBe('—');
  });

  it('writes costs, sizes and parameter counts as model cards do', () => {
    expect(formatUsd(2.5)).toBe('$2.50');
    expect(formatUsd(0.21)).toBe('$0.21');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(12_345.6)).toBe('$12,346');
    expect(formatBytes(5.4e9)).toBe('5.0 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatParams(494e6)).toBe('494M');
    expect(formatParams(1.24e9)).toBe('1.2B');
    expect(formatParams(70e9)).toBe('70B');
    expect(formatPercent(0.917)).toBe('91.7%');
    expect(formatRate(55.24)).toBe('55.2');
    expect(formatRate(99.97)).toBe('100');
    expect(formatRate(1234.4)).toBe('1,234');
    expect(formatInt(-0.4)).toBe('0');
  });

  it('has one phrase for an unknown cost, and $0 for a zero one, in every form', () => {
    expect(formatCost(null)).toBe(COST_UNKNOWN);
    expect(formatCostPer1k(null)).toBe(COST_UNKNOWN);
    expect(formatCostLine(null, null)).toBe(COST_UNKNOWN);
    expect(formatCost(0)).toBe('$0');
    expect(formatCostPer1k(0)).toBe('$0 per 1k requests');
    expect(formatCostLine(0.45, 67.5)).toBe('$0.45 per 1k requests, $67.50 per month');
  });

  it('signs differences with a real minus and never writes −0', () => {
    expect(formatSigned(-0.0213)).toBe('−0.021');
    expect(formatSigned(0.0213)).toBe('+0.021');
    expect(formatSigned(-0.0001)).toBe('0.000');
    expect(formatInterval([-0.05, 0.01], (x) => formatSigned(x, 2))).toBe('[−0.05, +0.01]');
    expect(formatInterval(null, String)).toBe('—');
  });

  it('writes each kind of figure with its interval in one way: pass rates in %, scores and differences as fractions', () => {
    expect(formatPassRate(0.9, [0.831, 0.946])).toBe('90.0% [83.1%, 94.6%]');
    expect(formatPassRate(0.9, null)).toBe('90.0%');
    expect(formatPassRate(null, null)).toBe('—');
    expect(formatMeanScore(0.9, [0.831, 0.946])).toBe('0.900 [0.831, 0.946]');
    expect(formatDifference(0.0123, [0.004, 0.041])).toBe('+0.012 [+0.004, +0.041]');
    expect(formatDifference(null, [-0.052, 0.018])).toBe('— [−0.052, +0.018]');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.21)).toBe('0.210');
    expect(formatMargin({ type: 'relative', value: 0.05 })).toBe('5% (relative)');
    expect(formatMargin({ type: 'relative', value: 0.07 })).toBe('7% (relative)');
    expect(formatMargin({ type: 'absolute', value: 0.03 })).toBe('0.03 (absolute)');
    expect(formatConfidence(0.95)).toBe('95%');
  });

  it('compares cost with the baseline in words, never with an infinite ratio', () => {
    expect(costComparison(0.21, 2.5)).toBe('12× cheaper ($0.21 vs $2.50 per 1k requests)');
    expect(costComparison(0.5, 0.25)).toBe('2× more expensive ($0.50 vs $0.25 per 1k requests)');
    expect(costComparison(1, 2.5)).toBe('2.5× cheaper ($1.00 vs $2.50 per 1k requests)');
    expect(costComparison(0, 2.5)).toBe('no per-request cost ($0 vs $2.50 per 1k requests)');
    expect(costComparison(0.5, 0)).toBe('more expensive ($0.50 vs $0 per 1k requests)');
    expect(costComparison(0, 0)).toBe('the same cost ($0 vs $0 per 1k requests)');
    expect(costComparison(null, 2.5)).toBe(
      'costs not comparable: candidate cost unknown, baseline $2.50 per 1k requests',
    );
  });

  it('calls a gate without rules neither passed nor failed', () => {
    expect(gateWord({ passed: true, rules: [] })).toBe(NO_GATE_RULES);
    expect(gateWord({ passed: true, rules: [{ rule: 'r', passed: true, detail: '' }] })).toBe('passed');
    expect(gateWord({ passed: false, rules: [{ rule: 'r', passed: false, detail: '' }] })).toBe('failed');
  });
});

/** The page's own formatters (templates/scripts/format.js), run as the page runs them. */
function pageFormatters(): Record<string, (x: unknown) => string> {
  const sandbox: { rightsizeReport?: Record<string, unknown> } = {};
  runInNewContext(readFileSync(join(TEMPLATES_DIR, 'scripts', 'format.js'), 'utf8'), sandbox);
  const rs = sandbox.rightsizeReport ?? {};
  return Object.fromEntries(
    Object.entries(rs).filter(([name, f]) => name.startsWith('format') && typeof f === 'function'),
  ) as Record<string, (x: unknown) => string>;
}

describe('the report page formats figures as the server-rendered parts do', () => {
  const page = pageFormatters();
  const server = format as unknown as Record<string, (x: number | null) => string>;
  const random = seededRng(11);
  const rng = () => random.nextFloat();
  const inputs: (number | null)[] = [
    null,
    0,
    0.0001,
    0.004,
    0.005,
    0.42,
    0.995,
    0.999,
    1,
    1.5,
    12.345,
    99.94,
    99.95,
    99.99,
    180.4,
    999.4,
    999.5,
    999.7,
    1000,
    1900,
    9949,
    9950,
    9999,
    12_345,
    1_234_567.89,
    3.6e9,
    // Random figures over every scale a latency, a score or a token rate takes.
    ...Array.from({ length: 500 }, () => 10 ** (rng() * 12 - 5)),
    ...Array.from({ length: 200 }, () => rng()),
  ];

  it('has a twin in format.ts for every formatter of the page', () => {
    expect(Object.keys(page).sort()).toEqual(['formatInt', 'formatMs', 'formatRate', 'formatScore']);
    for (const name of Object.keys(page)) expect(typeof server[name], name).toBe('function');
  });

  it('gives the same text for the same figure, nulls, zero, sub-millisecond and large numbers included', () => {
    for (const [name, f] of Object.entries(page)) {
      const twin = server[name] as (x: number | null) => string;
      for (const x of inputs) expect(f(x), `${name}(${x})`).toBe(twin(x));
      // The page's data may also lack a field: the same dash.
      expect(f(undefined), `${name}(undefined)`).toBe(twin(null));
    }
  });
});
