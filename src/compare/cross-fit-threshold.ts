import type { Margin } from '../schema/margin.js';
import type { CascadeCase, CascadeRepeat } from './cascade-cases.js';
import { confidenceSignal, type EscalationRule, escalates } from './escalation-rule.js';
import { marginStatistic } from './margin-statistic.js';
import { seededRng } from './seeded-rng.js';
import { sweepAt, sweepThresholds, type ThresholdSweep, thresholdSweep } from './threshold-sweep.js';

/** Below this, a mean(d) built from means of scores in [0, 1] is rounding error (as in non-inferiority.ts). */
const ROUNDING = 1e-12;

/** A confidence threshold chosen from the data without judging a case by a threshold fitted on it. */
export interface CrossFit {
  /** Per case: the threshold it is evaluated at, chosen on the other half; null: escalate everything. */
  thresholdOf: (number | null)[];
  /** Per case: 0 in the first half, 1 in the second. */
  half: Uint8Array;
  /** The thresholds chosen on the first and on the second half. */
  halves: [number | null, number | null];
  /** The threshold the same rule chooses on every case: the one to deploy. */
  all: number | null;
}

/**
 * The choosing rule on the cases with `member[i]` (null: every case): the cheapest threshold whose
 * cascade is within the margin of the baseline on them, i.e. the lowest threshold (so the smallest
 * escalated share; shares only grow with it) with mean(d) ≥ 0, d computed from the cascade's served
 * score against the baseline's as in the verdict. Null when none is: escalate everything.
 */
export function chooseThreshold(
  cases: readonly CascadeCase[],
  sweep: ThresholdSweep,
  member: ArrayLike<number> | null,
  margin: Margin,
): number | null {
  let m = 0;
  let sumB = 0;
  cases.forEach((c, i) => {
    if (member && !member[i]) return;
    m++;
    sumB += c.b;
  });
  if (m === 0) return null;
  const thresholds = sweepThresholds(cases, member ?? undefined);
  const { Q } = sweepAt(sweep, thresholds, member, m);
  for (let j = 0; j < thresholds.length; j++) {
    if (marginStatistic(Q[j] as number, sumB / m, margin) >= -ROUNDING) return thresholds[j] as number;
  }
  return null;
}

/**
 * Two halves of the cases, seeded: a Fisher–Yates shuffle of the case indices, the first ⌊n/2⌋ of it
 * the first half. The shuffle has its own stream, seeded by the first number of the seed's stream, so
 * it does not replay the bootstrap's draws.
 */
export function cascadeHalves(n: number, seed: number): Uint8Array {
  const rng = seededRng(seededRng(seed).nextUint32());
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const half = new Uint8Array(n);
  for (let k = Math.floor(n / 2); k < n; k++) half[order[k] as number] = 1;
  return half;
}

/**
 * Cross-fitting (docs/verdict.md, "Deployments and cascades"): choose the threshold on each half,
 * evaluate it on the other. Every case is then served at a threshold chosen without it, so the verdict
 * on the two evaluation halves together is not flattered by the choice. The halves are seeded
 * (`cascadeHalves`). Sample splitting for honest inference after a data-driven choice: D. R. Cox,
 * "A note on data-splitting for the evaluation of significance levels", Biometrika 62 (1975); both
 * ways round, so no case is wasted: V. Chernozhukov et al., "Double/debiased machine learning for
 * treatment and structural parameters", The Econometrics Journal 21 (2018).
 */
export function crossFitThresholds(
  cases: readonly CascadeCase[],
  rule: EscalationRule,
  margin: Margin,
  seed: number,
): CrossFit {
  return crossFit(cases, rule, margin, cascadeHalves(cases.length, seed));
}

/** Cross-fitting over given halves (`half[i]`: 0 first, 1 second). */
export function crossFit(
  cases: readonly CascadeCase[],
  rule: EscalationRule,
  margin: Margin,
  half: Uint8Array,
): CrossFit {
  const sweep = thresholdSweep(cases, rule);
  const first = Uint8Array.from(half, (h) => 1 - h);
  const chosenOnFirst = chooseThreshold(cases, sweep, first, margin);
  const chosenOnSecond = chooseThreshold(cases, sweep, half, margin);
  return {
    thresholdOf: Array.from(half, (h) => (h === 0 ? chosenOnSecond : chosenOnFirst)),
    half,
    halves: [chosenOnFirst, chosenOnSecond],
    all: chooseThreshold(cases, sweep, null, margin),
  };
}

/** Whether an output escalates at threshold `below` (null: everything escalates). */
export function escalatesAt(rule: EscalationRule, r: CascadeRepeat, below: number | null): boolean {
  return below === null || escalates(rule, r.checksFailed, confidenceSignal(r.confidence, below));
}
