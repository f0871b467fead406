import { normalQuantile } from './normal-quantile.js';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3), two-sided
 * at `confidence`. Chosen over the Wald interval because it stays inside [0, 1] and keeps its
 * coverage near 0 and 1, where pass rates of good models live. Same as R's
 * `prop.test(x, n, correct = FALSE)$conf.int`. Null when there is nothing to estimate (n = 0).
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): [number, number] | null {
  if (n <= 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 or x = n the bound is exactly 0 or 1; rounding must not push it past.
  const lo = successes === 0 ? 0 : Math.max(0, center - half);
  const hi = successes === n ? 1 : Math.min(1, center + half);
  return [lo, hi];
}
