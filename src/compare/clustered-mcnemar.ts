import { mcnemarExact } from './mcnemar-exact.js';

/**
 * McNemar's test for clustered pairs: the exact two-sided p-value of H0 "the two models are
 * interchangeable on each case", from each case's discordance D_i = (repeats only the candidate
 * passed) − (repeats only the baseline passed).
 *
 * Why per case: the repeats of a case are not independent pairs. A model that fails a case tends to
 * fail it again, so its discordant repeats come in runs of one sign, and counting each as a pair
 * (McNemar's test on b' and c' over all repeats) rejects far more often than α for two equal models:
 * 7.4-8.3% at 5% with 3 correlated repeats in `bench/small-samples.ts`, against 3.9-4.8% per case.
 * Under H0, swapping the two models' answers within a case turns D_i into −D_i, whatever the repeats'
 * correlation, so given |D_1|, ..., |D_n| every sign pattern is equally likely; the p-value is the
 * share of the 2^m patterns (m cases with D_i ≠ 0) whose |Σ ±|D_i|| is at least the observed |Σ D_i|
 * (Fisher's randomization test of paired data).
 *
 * It is the exact, permutation form of Durkalski et al.'s clustered McNemar statistic
 * X² = (Σ D_i)² / Σ D_i², whose denominator every sign pattern shares, and that statistic's χ²₁ is
 * its normal approximation. With at most one discordant repeat per case (always, without repeats)
 * every |D_i| is 1, Σ ±1 is binomial, and this is McNemar's exact test on the cases (`mcnemarExact`),
 * whose values it then returns. Null when no case is discordant.
 *
 * References: Q. McNemar, Psychometrika 12 (1947); R. A. Fisher, *The Design of Experiments* (1935),
 * ch. III (Darwin's paired plants); V. L. Durkalski, Y. Y. Palesch, S. R. Lipsitz and P. F. Rust,
 * "Analysis of clustered matched-pair data", Statistics in Medicine 22 (2003); N. A. Obuchowski, "On
 * the comparison of correlated proportions for clustered data", Statistics in Medicine 17 (1998),
 * whose Wald form divides by (K/(K − 1))·Σ (D_i − n_i·ΣD/N)² instead (n_i pairs in case i, N in
 * all, K cases): the spread about the estimate, where this test uses the spread under H0.
 */
export function clusteredMcnemar(discordance: ArrayLike<number>): number | null {
  const sizes: number[] = [];
  let sum = 0;
  let total = 0;
  let positive = 0;
  for (let i = 0; i < discordance.length; i++) {
    const d = discordance[i] as number;
    if (!Number.isInteger(d)) throw new RangeError('clusteredMcnemar: discordance must be whole counts');
    if (d === 0) continue;
    sizes.push(Math.abs(d));
    sum += d;
    total += Math.abs(d);
    if (d > 0) positive++;
  }
  if (sizes.length === 0) return null;
  if (total === sizes.length) return mcnemarExact(positive, sizes.length - positive);
  if (sum === 0) return 1;
  // W = Σ|D_i| over the cases given a + sign: S = 2W − total, and |S| ≥ |sum| exactly when
  // W ≤ (total − |sum|)/2 or W ≥ (total + |sum|)/2, two tails of equal mass (W is symmetric about
  // total/2). W's distribution by adding one case at a time: P(W = w) ← (P(w) + P(w − |D_i|))/2, a
  // distribution throughout, so nothing overflows; a tail below ~1e-300 of the peak reads 0.
  const dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const size of sizes) {
    reach += size;
    for (let w = reach; w >= 0; w--) {
      const shifted = w >= size ? (dist[w - size] as number) : 0;
      dist[w] = ((dist[w] as number) + shifted) / 2;
    }
  }
  const cut = (total - Math.abs(sum)) / 2;
  let tail = 0;
  for (let w = 0; w <= cut; w++) tail += dist[w] as number;
  return Math.min(1, 2 * tail);
}
