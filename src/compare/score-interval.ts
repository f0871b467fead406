import { bisectCrossing } from './bisect-crossing.js';
import { normalQuantile } from './normal-quantile.js';
import { scoreStatistic } from './score-statistic.js';

/**
 * The two-sided score interval for the mean of x at `confidence`: the values μ0 that the score test of
 * H0: E[x] = μ0 (`scoreStatistic` of x − μ0) does not reject at α = 1 − confidence, i.e.
 * −z_{1−α/2} ≤ T(μ0) ≤ z_{1−α/2}. T falls as μ0 rises, from +∞ at the lowest value to −∞ at the
 * highest, so each end is one crossing, found by bisection (`bisectCrossing`).
 *
 * Without `range`, the test knows only the observed values, and the interval stays within them (a
 * point when every x is the same): what the sample cannot show is left to the caller (the verdict's
 * unseen-case floor). With `range` [lo, hi], the values x could take, its ends join as values never
 * observed, where the fit under H0 may put weight: for pass/fail pairs, x = c − b and range [−1, 1]
 * (all four cells of the table), this is Tango's interval (Statistics in Medicine 17, 1998), whichever
 * cells are empty.
 *
 * The low end is a one-sided test at level α/2 of H0: E[x] ≤ μ0: it excludes μ0 exactly when
 * T(μ0) > z_{1−α/2}. Null without observations.
 */
export function scoreInterval(
  x: Float64Array,
  confidence: number,
  range?: readonly [number, number],
): [number, number] | null {
  const n = x.length;
  if (n === 0) return null;
  const { values, shares } = withRange(distinctValues(x), range);
  let mean = 0;
  for (let j = 0; j < values.length; j++) mean += (shares[j] as number) * (values[j] as number);
  const lowest = values[0] as number;
  const highest = values[values.length - 1] as number;
  // Rounding can put the weighted mean a hair outside the values when they are all equal.
  mean = Math.min(highest, Math.max(lowest, mean));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const shifted = new Float64Array(values.length);
  const stat = (mu0: number): number => {
    for (let j = 0; j < values.length; j++) shifted[j] = (values[j] as number) - mu0;
    return scoreStatistic(shifted, shares, n);
  };
  return [bisectCrossing(stat, lowest, mean, z), bisectCrossing(stat, highest, mean, -z)];
}

/** The range's ends added, with share 0, where they lie beyond the observed values. */
function withRange(
  observed: { values: Float64Array; shares: Float64Array },
  range: readonly [number, number] | undefined,
): { values: Float64Array; shares: Float64Array } {
  if (!range) return observed;
  const values = [...observed.values];
  const shares = [...observed.shares];
  if (range[0] < (values[0] as number)) {
    values.unshift(range[0]);
    shares.unshift(0);
  }
  if (range[1] > (values.at(-1) as number)) {
    values.push(range[1]);
    shares.push(0);
  }
  return { values: Float64Array.from(values), shares: Float64Array.from(shares) };
}

/** The distinct values of x in ascending order, and the share of x at each. */
function distinctValues(x: Float64Array): { values: Float64Array; shares: Float64Array } {
  const sorted = Float64Array.from(x).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (values.length > 0 && values[values.length - 1] === v)
      counts[counts.length - 1] = (counts.at(-1) as number) + 1;
    else {
      values.push(v);
      counts.push(1);
    }
  }
  return { values: Float64Array.from(values), shares: Float64Array.from(counts, (k) => k / x.length) };
}
