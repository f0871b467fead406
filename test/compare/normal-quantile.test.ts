import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/compare/normal-quantile.js';

describe('normalQuantile', () => {
  // Reference values: SciPy 1.17.1, scipy.stats.norm.ppf(p).
  const scipy: [number, number][] = [
    [0.975, 1.959963984540054],
    [0.025, -1.9599639845400545],
    [0.8, 0.8416212335729143],
    [0.5, 0],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [0.3, -0.5244005127080409],
    [1e-10, -6.361340902404056],
  ];
  it.each(scipy)('matches scipy.stats.norm.ppf(%s)', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 13);
  });

  it('is infinite at 0 and 1 and refuses probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});
