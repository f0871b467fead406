import { percentileSorted } from '../util/percentile.js';

/**
 * The two-sided percentile interval of bootstrap replicates at `confidence`: the (α/2) and (1 − α/2)
 * quantiles (numpy's linear definition). Null when there are none, or when a replicate is not a finite
 * number (a ratio over a resample whose baseline mean is 0 is unbounded, so it has no interval).
 */
export function percentileInterval(replicates: Float64Array, confidence: number): [number, number] | null {
  if (replicates.length === 0) return null;
  for (const x of replicates) if (!Number.isFinite(x)) return null;
  const sorted = Float64Array.from(replicates).sort();
  const alpha = 1 - confidence;
  return [percentileSorted(sorted, alpha / 2), percentileSorted(sorted, 1 - alpha / 2)];
}
