import type { RunDecide } from '../schema/decide.js';
import type { Margin } from '../schema/margin.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { SequentialStop, Verdict } from '../schema/summary.js';
import { marginStatistic } from './margin-statistic.js';
import { clusterKey } from './paired-clusters.js';
import { casesToSettle, sequentialVerdict } from './sequential-verdict.js';

export interface SequentialReplayInput {
  decide: RunDecide;
  margin: Margin;
  confidence: number;
  seed: number;
  /** Every call of the candidate and of the baseline (results.jsonl), with their positions. */
  candidateResults: readonly ResultRecord[];
  baselineResults: readonly ResultRecord[];
  candidateScores: readonly ScoreRecord[];
  baselineScores: readonly ScoreRecord[];
}

export interface SequentialReplay {
  verdict: Verdict;
  /** The confidence sequence at the look that stopped it (or the last look taken). */
  ci: [number, number] | null;
  meanD: number | null;
  /** Paired cases among those used. */
  pairs: number;
  looks: number;
  casesUsed: number;
  stoppedAt: SequentialStop;
  moreCasesNeeded: number | null;
  /** The cases used (`clusterKey`), for the figures computed on them. */
  used: Set<string>;
}

/**
 * A candidate's sequential decision, replayed from the records (docs/verdict.md, Sequential stopping):
 * the cases in the order their calls were made at (`sequence`), the candidate's stream running while
 * both it and the baseline have every repeat of the case recorded, and a look after every `batch`
 * cases and at the end of each round. The run makes its decisions with this very function, so compare
 * reaches the verdict the run stopped on, and a resumed run the one an uninterrupted run would.
 */
export function replaySequential(input: SequentialReplayInput): SequentialReplay {
  const { decide } = input;
  const at: string[] = [];
  for (const r of [...input.baselineResults, ...input.candidateResults])
    if (r.sequence !== undefined) at[r.sequence] = clusterKey(r);
  const candidateCalls = callsPerCase(input.candidateResults);
  const baselineCalls = callsPerCase(input.baselineResults);
  const candidateScores = scoreMeans(input.candidateScores);
  const baselineScores = scoreMeans(input.baselineScores);

  // The stream: cases in order while both models have every repeat recorded (a repeat that failed is
  // recorded too: the case is used, unpaired if no repeat was scored).
  const d: (number | null)[] = [];
  const keys: string[] = [];
  const end = decide.rounds.at(-1)?.casesAvailable ?? 0;
  for (let p = 0; p < Math.min(at.length, end); p++) {
    const key = at[p];
    if (key === undefined) break;
    if ((candidateCalls.get(key) ?? 0) < decide.repeat || (baselineCalls.get(key) ?? 0) < decide.repeat)
      break;
    const c = candidateScores.get(key);
    const b = baselineScores.get(key);
    d.push(c !== undefined && b !== undefined ? marginStatistic(c, b, input.margin) : null);
    keys.push(key);
  }
  // Looks: after every batch, and at the end of each round (the cases the dataset offered then). The
  // stream is read up to its last look: cases past it were called for a look not yet taken.
  const roundEnds = decide.rounds.map((r) => r.casesAvailable);
  const last = Math.max(
    Math.floor(d.length / decide.batch) * decide.batch,
    ...roundEnds.filter((n) => n <= d.length),
  );
  const v = sequentialVerdict(d.slice(0, last), {
    margin: input.margin,
    confidence: input.confidence,
    batch: decide.batch,
    extraLooks: roundEnds,
  });
  const stoppedAt: SequentialStop =
    v.stoppedAt === 'decided'
      ? 'decided'
      : last === end
        ? decide.maxCases !== null && end === decide.maxCases
          ? 'max-cases'
          : 'end-of-data'
        : 'records-end';
  const used = new Set(keys.slice(0, v.casesUsed));
  const moreCasesNeeded =
    stoppedAt === 'end-of-data' || stoppedAt === 'max-cases'
      ? casesToSettle(d.slice(0, v.casesUsed), {
          margin: input.margin,
          confidence: input.confidence,
          batch: decide.batch,
          seed: input.seed,
        })
      : null;
  return {
    verdict: v.verdict,
    ci: v.ci,
    meanD: v.meanD,
    pairs: v.pairs,
    looks: v.looks,
    casesUsed: v.casesUsed,
    stoppedAt,
    moreCasesNeeded,
    used,
  };
}

/** Recorded calls per case (one record per call: the caller keeps the last of each). */
function callsPerCase(records: readonly ResultRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) out.set(clusterKey(r), (out.get(clusterKey(r)) ?? 0) + 1);
  return out;
}

/** Per case, the mean of the scored repeats (as the fixed verdict pairs them: `pairClusters`). */
function scoreMeans(records: readonly ScoreRecord[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const r of records) {
    if (r.score === null) continue;
    const key = clusterKey(r);
    const s = sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += r.score;
    s.n += 1;
    sums.set(key, s);
  }
  return new Map([...sums].map(([k, s]) => [k, s.sum / s.n]));
}
