import { describe, expect, it } from 'vitest';
import {
  costComparison,
  formatBytes,
  formatInterval,
  formatMs,
  formatParams,
  formatPercent,
  formatSigned,
  formatUsd,
} from '../../src/report/format.js';

describe('report formatting', () => {
  it('writes latencies at the precision people compare them', () => {
    expect(formatMs(180.4)).toBe('180 ms');
    expect(formatMs(1900)).toBe('1.9 s');
    expect(formatMs(12_345)).toBe('12 s');
    expect(formatMs(null)).toBe('—');
  });

  it('writes costs, sizes and parameter counts as model cards do', () => {
    expect(formatUsd(2.5)).toBe('$2.50');
    expect(formatUsd(0.21)).toBe('$0.21');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(null)).toBe('—');
    expect(formatBytes(5.4e9)).toBe('5.0 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatParams(494e6)).toBe('494M');
    expect(formatParams(1.24e9)).toBe('1.2B');
    expect(formatParams(70e9)).toBe('70B');
    expect(formatPercent(0.917)).toBe('91.7%');
  });

  it('signs differences with a real minus and never writes −0', () => {
    expect(formatSigned(-0.0213)).toBe('−0.021');
    expect(formatSigned(0.0213)).toBe('+0.021');
    expect(formatSigned(-0.0001)).toBe('0.000');
    expect(formatInterval([-0.05, 0.01], (x) => formatSigned(x, 2))).toBe('[−0.05, +0.01]');
    expect(formatInterval(null, String)).toBe('—');
  });

  it('compares cost with the baseline in words', () => {
    expect(costComparison(0.21, 2.5)).toBe('12× cheaper ($0.21 vs $2.50 per 1k requests)');
    expect(costComparison(0.5, 0.25)).toBe('2× more expensive ($0.50 vs $0.25 per 1k requests)');
    expect(costComparison(1, 2.5)).toBe('2.5× cheaper ($1.00 vs $2.50 per 1k requests)');
    expect(costComparison(0, 2.5)).toBe('no per-request cost (baseline $2.50 per 1k requests)');
    expect(costComparison(null, 2.5)).toBe('cost unknown (— vs $2.50 per 1k requests)');
  });
});
