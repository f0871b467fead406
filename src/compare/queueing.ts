import type { ResultRecord } from '../schema/result-record.js';
import { percentile } from '../util/percentile.js';

/** Fewest timed calls, and the rank correlation and median ratio, that count as queueing. */
const MIN_CALLS = 6;
const MIN_RHO = 0.5;
const MIN_RATIO = 1.5;

/**
 * Whether a model's time to first token (its latency when it did not stream) grows with the calls in
 * flight when each was sent: the server queued or shared its compute between the run's own calls, so
 * the latency figures describe this load, not a lone request. True when Spearman's rank correlation
 * between calls in flight and time is at least 0.5 and the median time at the most calls in flight is
 * at least 1.5 times the median at the fewest. False when every call went alone (nothing of the run's
 * to wait behind). Null when the records cannot tell: fewer than 6 timed calls, or none says how many
 * were in flight. Cached, errored and skipped calls are left out (no call of this run was timed).
 */
export function queueing(results: readonly ResultRecord[]): boolean | null {
  const timed = results
    .filter((r) => r.error === null && r.skipped === null && !r.cached && typeof r.inFlight === 'number')
    .map((r) => ({ inFlight: r.inFlight as number, ms: r.ttftMs ?? r.latencyMs }))
    .filter((t): t is { inFlight: number; ms: number } => t.ms !== null && Number.isFinite(t.ms));
  if (timed.length === 0) return null;
  const levels = [...new Set(timed.map((t) => t.inFlight))].sort((a, b) => a - b);
  if (levels.length === 1) return levels[0] === 1 ? false : null;
  if (timed.length < MIN_CALLS) return null;
  const rho = spearman(
    timed.map((t) => t.inFlight),
    timed.map((t) => t.ms),
  );
  const at = (level: number | undefined) =>
    percentile(
      timed.filter((t) => t.inFlight === level).map((t) => t.ms),
      0.5,
    );
  const low = at(levels[0]);
  const high = at(levels[levels.length - 1]);
  if (rho === null || low === null || high === null) return null;
  return rho >= MIN_RHO && high >= MIN_RATIO * low;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank
 * (as scipy.stats.spearmanr does). Null when either variable is constant.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length || x.length < 2) return null;
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    const dx = (rx[i] as number) - mx;
    const dy = (ry[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, ties sharing their average rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[(order[k] as readonly [number, number])[1]] = rank;
    i = j + 1;
  }
  return out;
}
