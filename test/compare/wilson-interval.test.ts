import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/compare/wilson-interval.js';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857-872,
  // Table I, method 3 (score interval without continuity correction), 95%, printed to 4 decimals.
  const newcombe: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  it.each(newcombe)('%i/%i matches Newcombe (1998) Table I', (x, n, lo, hi) => {
    const ci = wilsonInterval(x, n, 0.95);
    expect(ci?.[0]).toBeCloseTo(lo, 4);
    expect(ci?.[1]).toBeCloseTo(hi, 4);
  });

  // Full precision: the closed form evaluated in Python with scipy.stats.norm.ppf (SciPy 1.17.1); the
  // same numbers as R's prop.test(x, n, correct = FALSE)$conf.int.
  it('matches the closed form to 1e-12, at 95% and 90%', () => {
    const ci = wilsonInterval(81, 263, 0.95) as [number, number];
    expect(ci[0]).toBeCloseTo(0.2552885198782742, 12);
    expect(ci[1]).toBeCloseTo(0.36620957698280004, 12);
    const ci90 = wilsonInterval(81, 263, 0.9) as [number, number];
    expect(ci90[0]).toBeCloseTo(0.2633136171884814, 12);
    expect(ci90[1]).toBeCloseTo(0.35656634960848815, 12);
    const all = wilsonInterval(29, 29, 0.95) as [number, number];
    expect(all[0]).toBeCloseTo(0.8830302015002593, 12);
    expect(all[1]).toBe(1);
  });

  it('is null with no observations', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
