import type { RunDecide } from '../schema/decide.js';
import type { Margin } from '../schema/margin.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { CandidateSequential, ModelSummary, Summary } from '../schema/summary.js';
import { runSettings } from './decision-settings.js';
import type { NonInferiority } from './non-inferiority.js';
import { clusterKey } from './paired-clusters.js';
import { replaySequential, type SequentialReplay } from './sequential-replay.js';

// What a sequential run's summary says beyond the fixed-sample figures (docs/verdict.md, Sequential
// stopping: "The figures", "How it stopped"): the verdict read from the sequence, what stopping saved,
// and which candidates a run cut short.

/** The candidate's fixed-sample figures on the cases it used, with the sequence's verdict and interval. */
export function withSequentialVerdict(v: NonInferiority, replayed: SequentialReplay | null): NonInferiority {
  if (!replayed) return v;
  return {
    ...v,
    verdict: replayed.verdict,
    ci: replayed.ci,
    meanD: replayed.meanD,
    // As for the fixed verdict, the total cases: those used and the further ones that would likely settle it.
    samplesNeeded: replayed.moreCasesNeeded === null ? null : replayed.casesUsed + replayed.moreCasesNeeded,
  };
}

function casesAvailable(decide: RunDecide): number {
  return decide.rounds.at(-1)?.casesAvailable ?? 0;
}

/** summary.candidates[].sequential: where the candidate stopped and the calls that saved. */
export function candidateSequential(
  r: SequentialReplay,
  decide: RunDecide,
  model: ModelSummary | undefined,
): CandidateSequential {
  const callsSaved = Math.max(0, casesAvailable(decide) - r.casesUsed) * decide.repeat;
  return {
    looks: r.looks,
    casesUsed: r.casesUsed,
    casesAvailable: casesAvailable(decide),
    stoppedAt: r.stoppedAt,
    callsSaved,
    costSaved: costOf(callsSaved, model),
    moreCasesNeeded: r.moreCasesNeeded,
  };
}

/** The baseline's side: it is called while any candidate goes on, so it saves what the last one left. */
export function sequentialSavings(
  decide: RunDecide,
  baselineResults: readonly ResultRecord[],
  model: ModelSummary | undefined,
): NonNullable<Summary['sequential']> {
  const used = new Set(
    baselineResults
      .filter((r) => r.sequence !== undefined && r.sequence < casesAvailable(decide))
      .map(clusterKey),
  ).size;
  const saved = Math.max(0, casesAvailable(decide) - used) * decide.repeat;
  return {
    batch: decide.batch,
    maxCases: decide.maxCases,
    casesAvailable: casesAvailable(decide),
    baselineCasesUsed: used,
    baselineCallsSaved: saved,
    baselineCostSaved: costOf(saved, model),
  };
}

/** What calls not made would have cost, at the model's measured cost per request (null: unknown or free). */
function costOf(calls: number, model: ModelSummary | undefined): number | null {
  const per1k = model?.costPer1k ?? null;
  return per1k === null ? null : (calls * per1k) / 1000;
}

/**
 * A sequential run's candidates cut short, one line each: a run is complete when every candidate's
 * sequence stopped by its own rule (settled, or the data or maxCases ran out) under the run's own
 * settings; a candidate whose records end before that was cut short. With settings given to compare
 * that differ, the run's own are replayed for this (a stricter margin the records cannot settle is not
 * a run that stopped short). `results` and `scores` are compare's, in canonical order.
 */
export function sequencesShort(input: {
  meta: RunMeta;
  decide: RunDecide;
  replays: ReadonlyMap<string, SequentialReplay>;
  used: { margin: Margin; confidence: number };
  seed: number;
  results: readonly ResultRecord[];
  scores: readonly ScoreRecord[];
}): string[] {
  const { decide, results, scores } = input;
  const own = runSettings(input.meta);
  const sameRules =
    JSON.stringify([own.margin, own.confidence]) ===
    JSON.stringify([input.used.margin, input.used.confidence]);
  const baseline = (input.meta.models ?? []).find((m) => m.role === 'baseline')?.label;
  const out: string[] = [];
  for (const [label, replayed] of input.replays) {
    const r =
      sameRules || baseline === undefined
        ? replayed
        : replaySequential({
            decide,
            margin: own.margin,
            confidence: own.confidence,
            seed: input.seed,
            candidateResults: results.filter((x) => x.model === label),
            baselineResults: results.filter((x) => x.model === baseline),
            candidateScores: scores.filter((x) => x.model === label),
            baselineScores: scores.filter((x) => x.model === baseline),
          });
    if (r.stoppedAt === 'records-end')
      out.push(
        `${label}: the sequence stopped at ${r.casesUsed} of ${casesAvailable(decide)} cases without settling (the run stopped short)`,
      );
  }
  return out;
}
