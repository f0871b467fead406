import type { Margin } from '../schema/margin.js';
import type { Verdict } from '../schema/summary.js';
import { marginStatistic, marginStatisticRange } from './margin-statistic.js';
import { ratioScoreInterval } from './ratio-score-interval.js';
import { samplesNeeded } from './samples-needed.js';
import { scoreInterval } from './score-interval.js';

export interface NonInferiorityOptions {
  margin: Margin;
  /** Two-sided confidence of the interval (0.95: the verdict is a one-sided test at 97.5%). */
  confidence: number;
}

export interface NonInferiority {
  verdict: Verdict;
  pairs: number;
  meanD: number | null;
  /** Interval of mean(d) the verdict reads. */
  ci: [number, number] | null;
  /** Candidate mean − baseline mean, and its interval. */
  diff: number | null;
  diffCi: [number, number] | null;
  /** Candidate mean ÷ baseline mean; null (and its interval) when the baseline's is 0. */
  ratio: number | null;
  ratioCi: [number, number] | null;
  samplesNeeded: number | null;
}

/**
 * The switch-over verdict (docs/verdict.md): over paired cases with per-case means c[i], b[i] (repeats
 * already averaged, so a case is one cluster and one observation), the score interval of mean(d)
 * (`scoreInterval`), widened where the data cannot see (`unseenCaseBound`); `switch` when it lies
 * above 0, `keep` when below, `inconclusive` otherwise, with the cases needed for 80% power when
 * mean(d) > 0. The interval is deterministic: no resampling, so no seed.
 *
 * Why a score interval and not the bootstrap's percentile interval: the percentile interval is too
 * narrow on small or skewed samples, where a sample short of the rare losses gets both a higher mean
 * and a smaller spread. At the margin its one-sided error, promised at 2.5%, reached 4.0% at 50 cases
 * and 4.1% at 100 (bench/small-samples.ts); studentized (bootstrap-t) and BCa intervals from the
 * same resamples still gave 3.1-4.2% at 50-100 cases. The score test takes its spread from the fit under H0 and keeps the promise from 50
 * cases up, at 0.98-1.0 times the oracle z-test's power at 500.
 *
 * The difference and the ratio get the same kind of interval (Tango's and Tang's for pass/fail
 * scores), with the ends of the score range as possible values, since they have no floor of their
 * own. So the three agree whenever the fit needs no weight at those ends (for pass/fail: whenever
 * both kinds of disagreement are in the sample): with an absolute margin m, `ci` is `diffCi` + m; with
 * a relative one, `switch` (before the floor) holds exactly when `ratioCi` lies above 1 − m. `diffCi`
 * and `ratioCi` are descriptive; only `ci` decides.
 */
export function nonInferiority(
  c: Float64Array,
  b: Float64Array,
  opts: NonInferiorityOptions,
): NonInferiority {
  const n = c.length;
  if (n === 0) {
    return {
      verdict: 'inconclusive',
      pairs: 0,
      meanD: null,
      ci: null,
      diff: null,
      diffCi: null,
      ratio: null,
      ratioCi: null,
      samplesNeeded: null,
    };
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = marginStatistic(c[i] as number, b[i] as number, opts.margin);
  const meanC = mean(c);
  const meanB = mean(b);
  const meanD = marginStatistic(meanC, meanB, opts.margin);
  const sdD = sampleSd(d, meanD);

  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = (c[i] as number) - (b[i] as number);

  const scoreCi = scoreInterval(d, opts.confidence);
  const unseen = unseenCaseBound(meanD, n, opts);
  const ci: [number, number] | null = scoreCi
    ? [Math.min(scoreCi[0], unseen[0]), Math.max(scoreCi[1], unseen[1])]
    : null;
  const verdict: Verdict = ci && ci[0] > 0 ? 'switch' : ci && ci[1] < 0 ? 'keep' : 'inconclusive';
  return {
    verdict,
    pairs: n,
    meanD,
    ci,
    diff: meanC - meanB,
    diffCi: scoreInterval(diffs, opts.confidence, [-1, 1]),
    ratio: meanB > 0 ? meanC / meanB : null,
    ratioCi: meanB > 0 ? ratioScoreInterval(c, b, opts.confidence) : null,
    samplesNeeded: verdict === 'inconclusive' ? casesNeeded(meanD, sdD, n, opts) : null,
  };
}

/**
 * A floor under the interval's width, for what the sample cannot see. The score interval of `ci`
 * knows only the values in the sample: if no case disagrees (say 30 cases both models pass), it
 * shrinks to a point (as a bootstrap's would, every resample alike), granting `switch` on a handful
 * of cases. What the data do bound is how common an unseen kind of case can be: with none in n, at
 * most a share p = 1 − (α/2)^(1/n) at one-sided 1 − α/2 (the exact binomial bound; ≈ 3.7/n at 97.5%,
 * the "rule of three" at 95%). The interval is widened, where needed, to cover that share of cases at
 * the lowest (or highest) d any case can have. With the usual mix of agreeing and disagreeing cases the score
 * interval is already wider and this does not bind; it does at small n with few disagreements.
 */
function unseenCaseBound(meanD: number, n: number, opts: NonInferiorityOptions): [number, number] {
  const p = unseenShare(n, opts.confidence);
  const [dMin, dMax] = marginStatisticRange(opts.margin);
  return [meanD * (1 - p) + dMin * p, meanD * (1 - p) + dMax * p];
}

function unseenShare(n: number, confidence: number): number {
  return 1 - ((1 - confidence) / 2) ** (1 / n);
}

/**
 * Cases needed when inconclusive: the normal-approximation figure (`samplesNeeded`), and at least as
 * many as the unseen-case floor needs to clear 0 at the observed mean(d).
 */
function casesNeeded(meanD: number, sdD: number, n: number, opts: NonInferiorityOptions): number | null {
  // A mean within rounding error of 0 (c = 0.76, b = 0.80 at a 5% margin) is 0: no count would do.
  if (!(meanD > ROUNDING)) return null;
  const [dMin] = marginStatisticRange(opts.margin);
  // meanD·(1 − p) + dMin·p > 0 ⟺ p < meanD / (meanD − dMin) ⟺ n > ln(α/2) / ln(1 − that).
  const pMax = meanD / (meanD - dMin);
  const forFloor = pMax >= 1 ? 1 : Math.floor(Math.log((1 - opts.confidence) / 2) / Math.log(1 - pMax)) + 1;
  const forPower = sdD > 0 ? samplesNeeded(meanD, sdD, n, opts.confidence) : null;
  const needed = Math.max(forFloor, forPower ?? 0, n + 1);
  return Number.isSafeInteger(needed) ? needed : null;
}

/** Below this, a mean(d) built from means of scores in [0, 1] is rounding error, not a difference. */
const ROUNDING = 1e-12;

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function sampleSd(x: Float64Array, m: number): number {
  if (x.length < 2) return Number.NaN;
  let ss = 0;
  for (const v of x) ss += (v - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}
