import { describe, expect, it } from 'vitest';
import { clusteredMcnemar } from '../../src/compare/clustered-mcnemar.js';
import { mcnemarExact } from '../../src/compare/mcnemar-exact.js';

/** A fixed, lopsided pattern of per-case discordances in −3..3 (the same formula as the NumPy reference). */
function pattern(n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const d = ((i * 37 + 11) % 7) - 3;
    return i % 5 === 0 ? Math.abs(d) : d;
  });
}

const relClose = (got: number | null, want: number, tol: number) =>
  expect(Math.abs((got as number) - want) / want).toBeLessThan(tol);

describe('clusteredMcnemar', () => {
  it("is McNemar's exact test when no case has more than one discordant repeat", () => {
    // Without repeats each D_i is −1, 0 or 1: the same p-values as mcnemarExact (SciPy binomtest).
    for (const [b, c] of [
      [150, 86],
      [1, 8],
      [12, 2],
      [59, 41],
      [3, 3],
    ] as const) {
      const cases = [...Array(b).fill(1), ...Array(c).fill(-1), 0, 0];
      expect(clusteredMcnemar(cases)).toBe(mcnemarExact(b, c));
    }
  });

  it('reduces to the binomial test when every case counts alike, through the full distribution', () => {
    // Every |D_i| = 2: Σ ±2 is twice a binomial sum, so p is McNemar's on the cases (12 vs 2:
    // scipy.stats.binomtest(2, 14, 0.5).pvalue = 0.012939453125), computed here by the convolution.
    relClose(clusteredMcnemar([...Array(12).fill(2), -2, -2]), 0.012939453125, 1e-12);
    relClose(clusteredMcnemar([...Array(12).fill(-3), 3, 3]), 0.012939453125, 1e-12);
  });

  it('counts the sign patterns exactly', () => {
    // By hand: sizes 3, 1, 2, 1, 2 (total 9), observed sum 3 + 1 + 2 − 1 + 2 = 7. Of the 32 sign
    // patterns, |S| ≥ 7 for all +, and all + but one of the 1s flipped (S = 7): 3, and their mirrors: 6.
    expect(clusteredMcnemar([3, 1, 2, -1, 0, 2])).toBe(6 / 32);
    // 13 discordant cases: every one of the 8,192 patterns enumerated in Python: 382/8192.
    relClose(clusteredMcnemar([2, 3, -1, 1, 2, 0, 1, -2, 3, 1, 1, 2, -1, 0, 2]), 0.046630859375, 1e-12);
  });

  it('holds its precision over hundreds and thousands of cases', () => {
    // Exact references: the sign patterns counted with Python's big integers (subset-sum counts over
    // 2^m), as a fraction. Durkalski et al.'s χ² statistic (ΣD)²/ΣD² gives the normal approximation
    // (scipy.stats.chi2.sf): 0.00298 and 5.3e-21, close as it should be.
    relClose(clusteredMcnemar(pattern(300)), 0.0031836973713495788, 1e-10);
    relClose(clusteredMcnemar(pattern(3000)), 3.949429822316326e-21, 1e-8);
  });

  it('is symmetric, 1 when the cases balance, null with no discordant case', () => {
    const d = [2, 3, -1, 1, 2, 0, 1, -2, 3, 1, 1, 2, -1, 0, 2];
    expect(clusteredMcnemar(d.map((x) => -x))).toBe(clusteredMcnemar(d));
    expect(clusteredMcnemar([3, -1, -2, 2, -2])).toBe(1);
    expect(clusteredMcnemar([0, 0])).toBeNull();
    expect(clusteredMcnemar([])).toBeNull();
    expect(() => clusteredMcnemar([0.5])).toThrow(RangeError);
  });
});
