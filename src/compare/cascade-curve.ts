import type { CascadeCurve } from '../schema/summary.js';
import type { CascadeCase } from './cascade-cases.js';
import { forEachClusterResample } from './cluster-bootstrap.js';
import type { EscalationRule } from './escalation-rule.js';
import { cascadeCostPer1k } from './model-cost.js';
import { percentileInterval } from './percentile-interval.js';
import { sweepAt, sweepThresholds, thresholdSweep } from './threshold-sweep.js';

/** A gap smaller than this between the two models' means is rounding error: nothing to recover. */
const ROUNDING = 1e-12;

/** Points the curve shows at most (thinned evenly by rank); the summaries use every threshold. */
export const MAX_CURVE_POINTS = 101;

/** How much of the quality gap a cascade curve recovers (NaN where undefined). */
export interface GapRecovery {
  /** Area under quality vs escalated share, from all-candidate (0) to all-baseline (1); NaN without a gap. */
  apgr: number;
  /** Smallest escalated share whose quality recovers 50% / 80% of the gap (0 when there is none). */
  shareFor50: number;
  shareFor80: number;
}

/**
 * APGR and the share needed for 50% and 80% of the gap (Ong et al., "RouteLLM: Learning to Route LLMs
 * with Preference Data", 2024: PGR(s) = (Q(s) − q_c) / (q_b − q_c), APGR its average over the share of
 * calls to the strong model). The curve is the points (E_j, Q_j) in order, between the all-candidate
 * point (0, q_c) and the all-baseline point (1, q_b), joined by straight lines: a line between two
 * cascades is what sending each request to one or the other at random gives, so every point on it can
 * be deployed. APGR = (∫₀¹ Q(s) ds − q_c) / (q_b − q_c) by the trapezoid rule (0.5 for random routing);
 * shareForX = the first s on the curve with Q(s) ≥ q_c + X·(q_b − q_c).
 */
export function gapRecovery(E: ArrayLike<number>, Q: ArrayLike<number>, qc: number, qb: number): GapRecovery {
  const s = [0, ...Array.from(E), 1];
  const y = [qc, ...Array.from(Q), qb];
  const gap = qb - qc;
  let area = 0;
  for (let k = 0; k + 1 < s.length; k++)
    area += ((s[k + 1] as number) - (s[k] as number)) * (((y[k] as number) + (y[k + 1] as number)) / 2);
  const shareFor = (x: number): number => {
    if (!(gap > ROUNDING)) return 0;
    const target = qc + x * gap;
    for (let k = 0; k + 1 < s.length; k++) {
      const y1 = y[k + 1] as number;
      if (y1 < target) continue;
      const y0 = y[k] as number;
      const s0 = s[k] as number;
      if (y0 >= target) return s0;
      return s0 + ((target - y0) / (y1 - y0)) * ((s[k + 1] as number) - s0);
    }
    return 1;
  };
  return {
    apgr: gap > ROUNDING ? (area - qc) / gap : Number.NaN,
    shareFor50: shareFor(0.5),
    shareFor80: shareFor(0.8),
  };
}

export interface CascadeCurveInput {
  candidate: string;
  policy: string;
  cases: readonly CascadeCase[];
  rule: EscalationRule;
  /** Per-case means of the candidate and the baseline (`pairs.c`, `pairs.b`). */
  c: Float64Array;
  b: Float64Array;
  candidateCostPer1k: number | null;
  baselineCostPer1k: number | null;
  confidence: number;
  resamples: number;
  seed: number;
}

/**
 * A confidence policy swept over its thresholds (`sweepThresholds`): at each, the escalated share,
 * the cascade's quality with a pointwise percentile interval, and its cost; with APGR and the shares
 * for 50% and 80% of the gap, each with a percentile interval. Every interval comes from the cascade's
 * own resamples (`forEachClusterResample`: the run's seed, the draws of `served`'s bootstrap), the
 * curve recomputed on each.
 * An interval is null where a resample leaves it undefined (no gap to recover in that resample).
 */
export function cascadeCurve(input: CascadeCurveInput): CascadeCurve {
  const { cases, c, b } = input;
  const n = cases.length;
  const head = { candidate: input.candidate, policy: input.policy };
  if (n === 0)
    return {
      ...head,
      points: [],
      apgr: null,
      apgrCi: null,
      shareFor50: null,
      shareFor50Ci: null,
      shareFor80: null,
      shareFor80Ci: null,
    };
  const sweep = thresholdSweep(cases, input.rule);
  const thresholds = sweepThresholds(cases);
  const { Q, E } = sweepAt(sweep, thresholds, null, n);
  const point = gapRecovery(E, Q, mean(c), mean(b));
  const shown = thinned(thresholds.length);

  const R = input.resamples;
  const bands = shown.map(() => new Float64Array(R));
  const apgr = new Float64Array(R);
  const for50 = new Float64Array(R);
  const for80 = new Float64Array(R);
  forEachClusterResample(n, input, (w, r) => {
    let qc = 0;
    let qb = 0;
    for (let i = 0; i < n; i++) {
      qc += (w[i] as number) * (c[i] as number);
      qb += (w[i] as number) * (b[i] as number);
    }
    const at = sweepAt(sweep, thresholds, w, n);
    shown.forEach((j, k) => {
      (bands[k] as Float64Array)[r] = at.Q[j] as number;
    });
    const g = gapRecovery(at.E, at.Q, qc / n, qb / n);
    apgr[r] = g.apgr;
    for50[r] = g.shareFor50;
    for80[r] = g.shareFor80;
  });
  return {
    ...head,
    points: shown.map((j, k) => ({
      threshold: thresholds[j] as number,
      escalationShare: E[j] as number,
      quality: Q[j] as number,
      qualityCi: percentileInterval(bands[k] as Float64Array, input.confidence),
      costPer1k: cascadeCostPer1k(E[j] as number, input.candidateCostPer1k, input.baselineCostPer1k),
    })),
    apgr: Number.isFinite(point.apgr) ? point.apgr : null,
    apgrCi: Number.isFinite(point.apgr) ? percentileInterval(apgr, input.confidence) : null,
    shareFor50: point.shareFor50,
    shareFor50Ci: percentileInterval(for50, input.confidence),
    shareFor80: point.shareFor80,
    shareFor80Ci: percentileInterval(for80, input.confidence),
  };
}

/** Indices of the points to show: all of them up to MAX_CURVE_POINTS, else evenly spaced by rank. */
function thinned(k: number): number[] {
  if (k <= MAX_CURVE_POINTS) return Array.from({ length: k }, (_, j) => j);
  return Array.from({ length: MAX_CURVE_POINTS }, (_, j) =>
    Math.round((j * (k - 1)) / (MAX_CURVE_POINTS - 1)),
  );
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}
