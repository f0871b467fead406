import { bisectCrossing } from './bisect-crossing.js';
import { normalQuantile } from './normal-quantile.js';
import { scoreStatistic } from './score-statistic.js';

/**
 * The two-sided score interval for the ratio mean(c) / mean(b) of paired observations: the φ for
 * which the score test of H0: E[c − φ·b] = 0 (`scoreStatistic`) does not reject at α = 1 − confidence.
 * The pairs (1, 0) and (0, 1), the ends of c − φ·b over scores in [0, 1], join as values never
 * observed (share 0), where the fit under H0 may put weight; so for pass/fail pairs this is the
 * interval of Tang, Tang and Chan (Biometrical Journal 45, 2003; the test is Nam and Blackwelder's,
 * Statistics in Medicine 21, 2002), whichever cells are empty, which Fagerland, Lydersen and Laake
 * recommend for the paired ratio (Statistics in Medicine 33, 2014). The verdict at a relative margin m
 * tests the φ = 1 − m member of the family, d = c − (1 − m)·b, on the observed values alone: when
 * both kinds of disagreement are in the sample, `switch` (before the unseen-case floor) holds exactly
 * when this interval lies above 1 − m.
 *
 * T falls as φ rises: as φ → 0 the terms c − φ·b tend to c ≥ 0 (T → +∞ unless every c is 0), and for
 * large φ they go negative (T → −∞), so each end is one crossing, found by bisection. Null when mean(b) is 0
 * (no ratio) or there are no pairs.
 */
export function ratioScoreInterval(
  c: Float64Array,
  b: Float64Array,
  confidence: number,
): [number, number] | null {
  const n = c.length;
  if (n === 0 || b.length !== n) return null;
  const { cs, bs, shares } = withEnds(distinctPairs(c, b));
  let meanC = 0;
  let meanB = 0;
  for (let j = 0; j < shares.length; j++) {
    meanC += (shares[j] as number) * (cs[j] as number);
    meanB += (shares[j] as number) * (bs[j] as number);
  }
  if (!(meanB > 0)) return null;
  const ratio = meanC / meanB;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const y = new Float64Array(shares.length);
  const stat = (phi: number): number => {
    for (let j = 0; j < shares.length; j++) y[j] = (cs[j] as number) - phi * (bs[j] as number);
    return scoreStatistic(y, shares, n);
  };
  // An upper φ the test rejects: doubling from twice the estimate (it exists, see above; 1,100
  // doublings pass every finite double, so the loop always ends).
  let outer = ratio > 0 ? 2 * ratio : 1;
  for (let k = 0; k < 1100 && !(stat(outer) < -z); k++) outer *= 2;
  if (!Number.isFinite(outer)) return null;
  return [bisectCrossing(stat, 0, ratio, z), bisectCrossing(stat, outer, ratio, -z)];
}

/** The pairs (1, 0) and (0, 1) added with share 0 where the observations lack them. */
function withEnds(p: { cs: Float64Array; bs: Float64Array; shares: Float64Array }): {
  cs: Float64Array;
  bs: Float64Array;
  shares: Float64Array;
} {
  const cs = [...p.cs];
  const bs = [...p.bs];
  const shares = [...p.shares];
  for (const [ce, be] of [
    [1, 0],
    [0, 1],
  ] as const) {
    if (cs.some((ci, j) => ci === ce && bs[j] === be)) continue;
    cs.push(ce);
    bs.push(be);
    shares.push(0);
  }
  return { cs: Float64Array.from(cs), bs: Float64Array.from(bs), shares: Float64Array.from(shares) };
}

/** The distinct (c, b) pairs, ordered by c then b, and the share of pairs at each. */
function distinctPairs(
  c: Float64Array,
  b: Float64Array,
): { cs: Float64Array; bs: Float64Array; shares: Float64Array } {
  const order = Array.from(c.keys()).sort(
    (i, j) => (c[i] as number) - (c[j] as number) || (b[i] as number) - (b[j] as number),
  );
  const cs: number[] = [];
  const bs: number[] = [];
  const counts: number[] = [];
  for (const i of order) {
    const ci = c[i] as number;
    const bi = b[i] as number;
    if (cs.length > 0 && cs.at(-1) === ci && bs.at(-1) === bi)
      counts[counts.length - 1] = (counts.at(-1) as number) + 1;
    else {
      cs.push(ci);
      bs.push(bi);
      counts.push(1);
    }
  }
  return {
    cs: Float64Array.from(cs),
    bs: Float64Array.from(bs),
    shares: Float64Array.from(counts, (k) => k / c.length),
  };
}
