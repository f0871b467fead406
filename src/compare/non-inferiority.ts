import type { Margin } from '../schema/margin.js';
import type { Verdict } from '../schema/summary.js';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { marginStatistic, marginStatisticRange } from './margin-statistic.js';
import { percentileInterval } from './percentile-interval.js';
import { samplesNeeded } from './samples-needed.js';

export interface NonInferiorityOptions {
  margin: Margin;
  /** Two-sided confidence of the interval (0.95: the verdict is a one-sided test at 97.5%). */
  confidence: number;
  resamples: number;
  seed: number;
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
  /** Candidate mean ÷ baseline mean; null when the baseline's is 0 (the interval: when a resample's is). */
  ratio: number | null;
  ratioCi: [number, number] | null;
  samplesNeeded: number | null;
}

/**
 * The switch-over verdict (docs/verdict.md): over paired cases with per-case means c[i], b[i] (repeats
 * already averaged, so a case is one cluster), the percentile interval of mean(d) from a paired
 * bootstrap of the cases, widened where it cannot see (`unseenCaseBound`); `switch` when it lies above
 * 0, `keep` when below, `inconclusive` otherwise, with the cases needed for 80% power when mean(d) > 0.
 * Difference and ratio intervals come from the same resamples.
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

  const [repC, repB] = clusterBootstrap([c, b], null, { resamples: opts.resamples, seed: opts.seed }) as [
    Float64Array,
    Float64Array,
  ];
  const repD = new Float64Array(opts.resamples);
  const repDiff = new Float64Array(opts.resamples);
  const repRatio = new Float64Array(opts.resamples);
  for (let r = 0; r < opts.resamples; r++) {
    const rc = repC[r] as number;
    const rb = repB[r] as number;
    repD[r] = marginStatistic(rc, rb, opts.margin);
    repDiff[r] = rc - rb;
    repRatio[r] = rc / rb;
  }

  const bootCi = percentileInterval(repD, opts.confidence);
  const unseen = unseenCaseBound(meanD, n, opts);
  const ci: [number, number] | null = bootCi
    ? [Math.min(bootCi[0], unseen[0]), Math.max(bootCi[1], unseen[1])]
    : null;
  const verdict: Verdict = ci && ci[0] > 0 ? 'switch' : ci && ci[1] < 0 ? 'keep' : 'inconclusive';
  return {
    verdict,
    pairs: n,
    meanD,
    ci,
    diff: meanC - meanB,
    diffCi: percentileInterval(repDiff, opts.confidence),
    ratio: meanB > 0 ? meanC / meanB : null,
    ratioCi: meanB > 0 ? percentileInterval(repRatio, opts.confidence) : null,
    samplesNeeded: verdict === 'inconclusive' ? casesNeeded(meanD, sdD, n, opts) : null,
  };
}

/**
 * A floor under the bootstrap's width, for what it cannot see. The bootstrap only reshuffles the
 * cases at hand: if no case in the sample disagrees (say 30 cases both models pass), every resample
 * looks alike and the interval shrinks to a point, granting `switch` on a handful of cases. What the
 * data do bound is how common an unseen kind of case can be: with none in n, at most a share
 * p = 1 − (α/2)^(1/n) at one-sided 1 − α/2 (the exact binomial bound; ≈ 3.7/n at 97.5%, the "rule of
 * three" at 95%). The interval is widened, where needed, to cover that share of cases at the lowest
 * (or highest) d any case can have. With the usual mix of agreeing and disagreeing cases the bootstrap
 * interval is already wider and this does not bind (it never changes the simulations' results).
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
