import type { ResultRecord } from '../schema/result-record.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { clusterKey, type PairedClusters } from './paired-clusters.js';

/** One scored candidate output of a paired case: its score, what the policy's signals said, its timing. */
export interface CascadeRepeat {
  score: number;
  checksFailed: boolean | null;
  confidence: number | null;
  /** The candidate call's latency; null when unknown. */
  latencyMs: number | null;
  /** The baseline's call of the same case (same repeat, else its first answered one); null when unknown. */
  baselineLatencyMs: number | null;
}

/** A paired case as a cascade sees it: the baseline's mean score and the candidate's scored outputs. */
export interface CascadeCase {
  b: number;
  repeats: CascadeRepeat[];
}

export interface CascadeCasesInput {
  pairs: PairedClusters;
  /** The policy whose signals to read. */
  policy: string;
  candidateScores: readonly ScoreRecord[];
  candidateResults: readonly ResultRecord[];
  baselineResults: readonly ResultRecord[];
}

/**
 * The paired cases (in `pairs` order) with, for each, the candidate's scored repeats in repeat order
 * and what the policy said of each: the cases and outputs the verdict itself is computed from, so a
 * cascade that never escalates has exactly the candidate's per-case means `pairs.c`.
 */
export function cascadeCases(input: CascadeCasesInput): CascadeCase[] {
  const scored = new Map<string, ScoreRecord[]>();
  for (const s of input.candidateScores) {
    if (s.score === null) continue;
    const key = clusterKey(s);
    const list = scored.get(key);
    if (list) list.push(s);
    else scored.set(key, [s]);
  }
  const latencyOf = new Map(
    input.candidateResults.filter(answered).map((r) => [r.caseId, r.latencyMs as number] as const),
  );
  const baselineLatency = new Map<string, Map<number, number>>();
  for (const r of input.baselineResults.filter(answered)) {
    const key = clusterKey(r);
    const byRepeat = baselineLatency.get(key) ?? new Map<number, number>();
    byRepeat.set(r.repeat, r.latencyMs as number);
    baselineLatency.set(key, byRepeat);
  }
  return input.pairs.keys.map((key, i) => {
    const own = [...(scored.get(key) ?? [])].sort((a, b) => a.repeat - b.repeat);
    const base = baselineLatency.get(key);
    const firstBase = base ? base.get(Math.min(...base.keys())) : undefined;
    return {
      b: input.pairs.b[i] as number,
      repeats: own.map((s) => {
        const signal = s.escalation?.find((e) => e.policy === input.policy);
        return {
          score: s.score as number,
          checksFailed: signal?.checksFailed ?? null,
          confidence: signal?.confidence ?? null,
          latencyMs: latencyOf.get(s.caseId) ?? null,
          baselineLatencyMs: base?.get(s.repeat) ?? firstBase ?? null,
        };
      }),
    };
  });
}

function answered(r: ResultRecord): boolean {
  return r.error === null && r.skipped === null && r.latencyMs !== null;
}

/** What a cascade gives per case, and the latency of every request it serves. */
export interface CascadeSeries {
  /** Per case: mean over its outputs of the served score (the baseline's mean b when escalated). */
  q: Float64Array;
  /** Per case: share of its outputs escalated. */
  e: Float64Array;
  /** Per served request: the candidate's latency, plus the baseline's when escalated (both ran). */
  latencies: number[];
}

/**
 * A cascade applied to the cases: output k of case i is escalated when `decide(i, repeat)` says so,
 * and then scores the baseline's b_i (escalated requests are answered by the baseline, whose expected
 * score on the case is its mean over its repeats); otherwise it keeps the candidate's score. A request
 * whose latency (or, when escalated, the baseline's) is unknown is left out of the latencies.
 */
export function cascadeSeries(
  cases: readonly CascadeCase[],
  decide: (i: number, r: CascadeRepeat) => boolean,
): CascadeSeries {
  const n = cases.length;
  const q = new Float64Array(n);
  const e = new Float64Array(n);
  const latencies: number[] = [];
  cases.forEach((c, i) => {
    let served = 0;
    let escalated = 0;
    for (const r of c.repeats) {
      const up = decide(i, r);
      served += up ? c.b : r.score;
      if (up) escalated++;
      if (r.latencyMs !== null && (!up || r.baselineLatencyMs !== null))
        latencies.push(up ? r.latencyMs + (r.baselineLatencyMs as number) : r.latencyMs);
    }
    const k = c.repeats.length;
    q[i] = k === 0 ? c.b : served / k;
    e[i] = k === 0 ? 0 : escalated / k;
  });
  return { q, e, latencies };
}
