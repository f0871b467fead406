import { normalQuantile } from './normal-quantile.js';

/** Power the sample size aims for: the usual 80%. */
export const TARGET_POWER = 0.8;

/**
 * Total paired cases at which a two-sided interval at `confidence` around mean(d) would exclude 0
 * with 80% power, if d kept the observed mean and SD (normal approximation):
 * n = ⌈((z_{1−α/2} + z_{0.8})·sd / mean)²⌉.
 *
 * Null when mean(d) ≤ 0: the candidate sits at or below the margin, so more cases would only confirm
 * `keep` or leave it undecided, never earn `switch`; a figure there would invite collecting data
 * that cannot help. Also null without a spread to project from (fewer than 2 cases).
 * Never fewer than `pairs + 1`: the interval at hand did not exclude 0, so the projection (which
 * can disagree with the bootstrap on small or skewed samples) must not claim the data at hand suffice.
 */
export function samplesNeeded(meanD: number, sdD: number, pairs: number, confidence: number): number | null {
  if (!(meanD > 0) || pairs < 2 || !Number.isFinite(sdD)) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(TARGET_POWER);
  const n = Math.max(Math.ceil(((z * sdD) / meanD) ** 2), pairs + 1);
  // A mean(d) barely above 0 asks for more cases than any dataset has (or than a number can hold).
  return Number.isSafeInteger(n) ? n : null;
}
