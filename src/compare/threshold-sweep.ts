import type { CascadeCase } from './cascade-cases.js';
import { type EscalationRule, escalates } from './escalation-rule.js';

/**
 * A confidence policy over every threshold at once. Raising the threshold only ever adds outputs to
 * the escalated set (an output escalates at every threshold above its confidence, and `any` and `all`
 * are monotone), so the cascade at threshold t is the cascade below every confidence plus the outputs
 * whose confidence is below t: a sorted list of events, each changing one case's q and e.
 */
export interface ThresholdSweep {
  /** Per case: q and e when no confidence is below the threshold (checks alone decide). */
  q0: Float64Array;
  e0: Float64Array;
  /** Per event, in ascending order of `eventAt`: the case, the confidence, and what escalating it adds. */
  eventCase: Uint32Array;
  eventAt: Float64Array;
  eventDq: Float64Array;
  eventDe: Float64Array;
}

export function thresholdSweep(cases: readonly CascadeCase[], rule: EscalationRule): ThresholdSweep {
  const n = cases.length;
  const q0 = new Float64Array(n);
  const e0 = new Float64Array(n);
  const events: { i: number; at: number; dq: number; de: number }[] = [];
  cases.forEach((c, i) => {
    const k = c.repeats.length;
    if (k === 0) {
      q0[i] = c.b;
      return;
    }
    let served = 0;
    let escalated = 0;
    for (const r of c.repeats) {
      const below = escalates(rule, r.checksFailed, r.confidence === null ? null : false);
      served += below ? c.b : r.score;
      if (below) escalated++;
      else if (r.confidence !== null && escalates(rule, r.checksFailed, true))
        events.push({ i, at: r.confidence, dq: (c.b - r.score) / k, de: 1 / k });
    }
    q0[i] = served / k;
    e0[i] = escalated / k;
  });
  // Stable, so equal confidences keep case order and the sums below are reproducible.
  events.sort((a, b) => a.at - b.at);
  return {
    q0,
    e0,
    eventCase: Uint32Array.from(events, (x) => x.i),
    eventAt: Float64Array.from(events, (x) => x.at),
    eventDq: Float64Array.from(events, (x) => x.dq),
    eventDe: Float64Array.from(events, (x) => x.de),
  };
}

/**
 * The thresholds swept: every distinct confidence of the cases' outputs (of the cases with
 * `member[i]`, when given), ascending, and 1 when no confidence is 1, so the sweep covers every
 * `below:` a suite can write (0 to 1) that changes anything. Escalation is "confidence < t": the
 * lowest threshold escalates on confidence nothing, 1 everything below 1.
 */
export function sweepThresholds(cases: readonly CascadeCase[], member?: ArrayLike<number>): number[] {
  const values = new Set<number>();
  cases.forEach((c, i) => {
    if (member && !member[i]) return;
    for (const r of c.repeats) if (r.confidence !== null) values.add(r.confidence);
  });
  values.add(1);
  return [...values].sort((a, b) => a - b);
}

/**
 * The cascade's mean quality Q and escalated share E at each threshold (ascending), over the cases
 * weighted by `weights` (null: each once) and divided by `divisor`: a bootstrap resample's counts, a
 * half's 0/1 membership, or nothing for the cases as they are.
 */
export function sweepAt(
  sweep: ThresholdSweep,
  thresholds: readonly number[],
  weights: ArrayLike<number> | null,
  divisor: number,
): { Q: Float64Array; E: Float64Array } {
  let q = 0;
  let e = 0;
  for (let i = 0; i < sweep.q0.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    if (w === 0) continue;
    q += w * (sweep.q0[i] as number);
    e += w * (sweep.e0[i] as number);
  }
  const Q = new Float64Array(thresholds.length);
  const E = new Float64Array(thresholds.length);
  const events = sweep.eventAt.length;
  let p = 0;
  thresholds.forEach((t, j) => {
    while (p < events && (sweep.eventAt[p] as number) < t) {
      const w = weights ? (weights[sweep.eventCase[p] as number] as number) : 1;
      q += w * (sweep.eventDq[p] as number);
      e += w * (sweep.eventDe[p] as number);
      p++;
    }
    Q[j] = q / divisor;
    E[j] = e / divisor;
  });
  return { Q, E };
}
