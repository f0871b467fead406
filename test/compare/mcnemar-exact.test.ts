import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/compare/mcnemar-exact.js';

describe('mcnemarExact', () => {
  // Reference: SciPy 1.17.1, scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue, which equals
  // statsmodels' mcnemar([[., b], [c, .]], exact=True).pvalue = min(1, 2·binom.cdf(min(b, c), b + c, 0.5)).
  const scipy: [number, number, number][] = [
    // Agresti, Categorical Data Analysis (2002), Table 10.1: approval of the Prime Minister, 150 vs 86.
    [150, 86, 3.7159361395713866e-5],
    [1, 8, 0.0390625],
    [0, 5, 0.0625],
    [10, 0, 0.001953125],
    [12, 2, 0.012939453125],
    [59, 41, 0.08862608011406758],
    [3, 3, 1],
    // Thousands of discordant pairs: 0.5^4100 underflows a double, the log-space sum must not.
    [2000, 2100, 0.12206497999113655],
  ];
  it.each(scipy)('b=%i c=%i → p=%s', (b, c, p) => {
    const got = mcnemarExact(b, c) as number;
    expect(Math.abs(got - p) / p).toBeLessThan(1e-9);
  });

  it('is symmetric and null with no discordant pairs', () => {
    expect(mcnemarExact(86, 150)).toBe(mcnemarExact(150, 86));
    expect(mcnemarExact(0, 0)).toBeNull();
  });
});
