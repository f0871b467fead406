import { describe, expect, it } from 'vitest';
import type { Printer } from '../../src/cli/print.js';
import { printSummary } from '../../src/cli/print-summary.js';
import { junitXml } from '../../src/report/junit-xml.js';
import { renderReport } from '../../src/report/render-report.js';
import { summaryMarkdown } from '../../src/report/summary-markdown.js';
import type { ModelSummary, Summary } from '../../src/schema/summary.js';
import { type FakeRun, fakeRun } from '../report/fake-run.js';

// The words and figures every output must share, written out here rather than taken from format.ts.
const NO_GATE_RULES = 'no gate rules';
const COST_UNKNOWN = 'cost unknown';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(3)}`;
const withCi = (x: number | null, ci: [number, number] | null, f: (v: number) => string) =>
  `${f(x as number)} [${f((ci as [number, number])[0])}, ${f((ci as [number, number])[1])}]`;

function printed(summary: Summary): string {
  const lines: string[] = [];
  const printer: Printer = { out: (l = '') => lines.push(l), err: () => {}, warn: () => {} };
  printSummary(summary, printer);
  return lines.join('\n');
}

/** The run's four outputs a person reads, from the same records. */
function outputs(run: FakeRun) {
  return {
    cli: printed(run.summary),
    md: summaryMarkdown(run.summary),
    html: renderReport(run),
    junit: junitXml(run.summary, run.scores, run.results),
  };
}

/**
 * An inconclusive in-process model answering in under a millisecond with no price known, a local one
 * costing nothing, and a suite without gate rules.
 */
function awkwardRun(): FakeRun {
  const run = fakeRun({
    rows: 30,
    candidates: [
      { id: 'slm', verdict: 'inconclusive', passRate: 0.85, latencyMs: 1, costPer1k: null },
      { id: 'free', verdict: 'keep', passRate: 0.6, latencyMs: 120, costPer1k: 0 },
    ],
  });
  // The fake records keep whole milliseconds: the summary states the in-process model's sub-ms figures.
  const models = run.summary.models.map((m) =>
    m.id === 'slm' ? { ...m, latencyMs: { p50: 0.31, p95: 0.42 } } : m,
  );
  return { ...run, summary: { ...run.summary, models, gate: { passed: true, rules: [] } } };
}

const line = (text: string, start: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith(start)) ?? '';

describe('printSummary', () => {
  const run = awkwardRun();
  const out = outputs(run);
  const model = (id: string) => run.summary.models.find((m) => m.id === id) as ModelSummary;
  const slm = model('slm');
  const verdict = run.summary.candidates.find((c) => c.id === 'slm');

  it('says a gate without rules is neither passed nor failed, in the same words as every other output', () => {
    expect(line(out.cli, 'gate:')).toBe(`gate: ${NO_GATE_RULES}`);
    expect(out.md).toContain(`**Gate:** ${NO_GATE_RULES}`);
    expect(out.html).toContain(`Gate: <span class="gate-no-rules">${NO_GATE_RULES}</span>`);
    expect(out.junit).toMatch(
      new RegExp(`<testcase name="${NO_GATE_RULES}" [^>]*>\\s*<skipped message="${NO_GATE_RULES}: `),
    );
    expect(out.cli).not.toMatch(/gate: passed/i);
    expect(out.md).not.toMatch(/passes|Gate: ✅/);
    const gateSection = out.html.slice(out.html.indexOf('id="gate"'), out.html.indexOf('id="cases"'));
    expect(gateSection).not.toMatch(/passed|passes/);
  });

  it('writes quality and the verdict statistic with the same intervals as summary.md and report.html', () => {
    const passRate = withCi(slm.passRate, slm.passRateCi, pct);
    expect(passRate).toMatch(/^\d+\.\d% \[\d+\.\d%, \d+\.\d%\]$/);
    expect(line(out.cli, 'candidate slm:')).toContain(`pass rate ${passRate}`);
    expect(out.md).toContain(passRate);
    expect(out.html).toContain(passRate);

    const d = withCi(verdict?.meanD ?? null, verdict?.ci ?? null, signed);
    expect(d).toMatch(/^[+−]\d\.\d{3} \[[+−]\d\.\d{3}, [+−]\d\.\d{3}\]$/);
    expect(line(out.cli, 'verdict slm:')).toContain(`mean(d) ${d}`);
    expect(out.md).toContain(d);
    expect(out.html).toContain(d);
  });

  it('writes mean scores as the other outputs do when they differ from the pass rate', () => {
    const scored: FakeRun = {
      ...run,
      summary: {
        ...run.summary,
        models: run.summary.models.map((m) => ({
          ...m,
          meanScore: m.passRate === null ? null : m.passRate * 0.9,
          meanScoreCi: m.passRateCi && [m.passRateCi[0] * 0.9, m.passRateCi[1] * 0.9],
        })),
      },
    };
    const o = outputs(scored);
    const m = scored.summary.models.find((x) => x.id === 'slm') as ModelSummary;
    const score = withCi(m.meanScore, m.meanScoreCi, (x) => x.toFixed(3));
    expect(score).toMatch(/^0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$/);
    expect(line(o.cli, 'candidate slm:')).toContain(`mean score ${score}`);
    expect(o.md).toContain(score);
    expect(o.html).toContain(score);
  });

  it('writes a sub-millisecond latency as the other outputs do', () => {
    const p95 = '0.42 ms';
    expect(line(out.cli, 'candidate slm:')).toContain(`p95 ${p95}`);
    expect(out.md).toContain(p95);
    expect(out.html).toContain(`<td class="num">${p95}</td>`);
  });

  it('has one phrase for an unknown cost and writes a zero cost as $0, never "no cost recorded"', () => {
    expect(line(out.cli, 'candidate slm:')).toContain(COST_UNKNOWN);
    expect(line(out.cli, 'candidate free:')).toContain('$0 per 1k requests');
    const mdRow = (id: string) =>
      (out.md.split('\n').find((l) => l.startsWith(`| ${id} | candidate |`)) ?? '').split(' | ');
    expect(mdRow('slm')[6]).toBe(COST_UNKNOWN);
    expect(mdRow('free')[6]).toBe('$0');
    const profiles = out.html.slice(out.html.indexOf('id="profile-table"'), out.html.indexOf('id="charts"'));
    const row = (id: string) =>
      profiles.slice(profiles.indexOf(`>${id}<`), profiles.indexOf('</tr>', profiles.indexOf(`>${id}<`)));
    expect(row('slm')).toContain(`<td class="num">${COST_UNKNOWN}</td>`);
    expect(row('free')).toContain('<td class="num">$0</td>');
    const cards = out.html.slice(0, out.html.indexOf('id="profiles"'));
    expect(cards).toContain('costs not comparable: candidate cost unknown, baseline $2.50 per 1k requests');
    expect(cards).toContain('no per-request cost ($0 vs $2.50 per 1k requests)');
    for (const text of Object.values(out)) {
      expect(text).not.toContain('no cost recorded');
      expect(text).not.toMatch(/\$—|— per 1k/);
    }
  });

  it('prints the verdict and how many cases would settle an inconclusive one', () => {
    expect(line(out.cli, 'verdict slm:')).toMatch(
      /^verdict slm: INCONCLUSIVE \(mean\(d\) .*, diff [+−]\d\.\d{3}, \d+ pairs; about 1,240 paired cases would decide it \(this run has \d+\)\)$/,
    );
    expect(out.cli).not.toContain('pts');
  });
});

describe('printSummary: capacity', () => {
  it('writes the sizing sentence under a model load.json sized, as summary.md does', () => {
    const run = fakeRun({ rows: 4 });
    const models = run.summary.models.map(
      (m): ModelSummary =>
        m.id === 'qwen2.5:7b'
          ? {
              ...m,
              capacity: {
                concurrency: 4,
                requestsPerSecond: 0.2,
                target: { latencyP95Ms: 200, ttftP95Ms: null },
                sizing: {
                  peakRequestsPerSecond: 0.347,
                  servers: 2,
                  monthlyCost: 1168,
                  costPer1k: 3.84,
                  requestsPerDay: 10_000,
                  perHour: 0.8,
                },
              },
            }
          : m,
    );
    const summary = { ...run.summary, models };
    const sentence =
      '2 servers at $0.80/h meet 10,000 requests a day at p95 ≤ 200 ms: $3.84 per 1k requests, $1,168 per month';
    expect(printed(summary)).toContain(`    capacity: ${sentence}`);
    expect(summaryMarkdown(summary)).toContain(sentence);
    expect(printed(run.summary)).not.toContain('capacity:');
  });
});
