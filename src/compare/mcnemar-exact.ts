/**
 * McNemar's exact test: the two-sided p-value of the binomial test on the discordant pairs
 * (`candidateOnly` passed only by the candidate, `baselineOnly` only by the baseline) under
 * H0: p = 1/2. Matches statsmodels `mcnemar(table, exact=True)` and
 * `scipy.stats.binomtest(min(b, c), b + c, 0.5)`: p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2).
 * Null with no discordant pairs (the test has nothing to say; statsmodels reports 1). The pairs must be
 * independent: with repeats, `clusteredMcnemar` tests per case, and returns this when no case has more
 * than one discordant repeat.
 */
export function mcnemarExact(candidateOnly: number, baselineOnly: number): number | null {
  const n = candidateOnly + baselineOnly;
  if (n === 0) return null;
  const k = Math.min(candidateOnly, baselineOnly);
  // log P(X = k) = log C(n, k) − n·log 2, summed as logs so that n in the thousands cannot underflow.
  let logPk = -n * Math.LN2;
  for (let i = 1; i <= k; i++) logPk += Math.log((n - k + i) / i);
  // P(X ≤ k) = P(X = k)·Σ_{j ≤ k} P(X = j)/P(X = k); the ratios shrink fast, so the sum is stable.
  let ratio = 1;
  let sum = 1;
  for (let j = k; j > 0; j--) {
    ratio *= j / (n - j + 1);
    sum += ratio;
    if (ratio < 1e-17 * sum) break;
  }
  return Math.min(1, 2 * Math.exp(logPk) * sum);
}
