import { runSettings } from '../compare/decision-settings.js';
import { clusterKey } from '../compare/paired-clusters.js';
import { replaySequential, type SequentialReplay } from '../compare/sequential-replay.js';
import type { RunDir } from '../run/run-dir.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { type ScoreOptions, scoreRun } from '../score/score-run.js';
import type { Suite } from '../suite/suite.js';

/**
 * The look a sequential run takes after each batch: the batch's outputs are scored (its judge calls
 * made, cached and recorded as any call), then each candidate's decision is replayed from the records
 * with compare's own function (`replaySequential`), so the run stops where compare will say it did.
 * Returns the candidates still undecided; `onStop` is told once per candidate that stops.
 */
export function sequentialLook(
  suite: Suite,
  runDir: RunDir,
  scoreOptions: ScoreOptions,
  onStop: (candidate: string, replay: SequentialReplay) => void,
): (records: readonly ResultRecord[]) => Promise<ReadonlySet<string>> {
  const scored = new Map<string, ScoreRecord>();
  const told = new Set<string>();
  const candidates = suite.models.filter((m) => m.role === 'candidate').map((m) => m.label);
  const baseline = suite.models.find((m) => m.role === 'baseline')?.label;
  const id = (r: { model: string; caseId: string }) => `${r.model}\u0000${r.caseId}`;
  return async (records) => {
    const fresh = records.filter((r) => !scored.has(id(r)));
    if (fresh.length > 0) {
      // The fresh calls' cases whole (a pairwise judge reads the baseline's answer to the same case).
      const cases = new Set(fresh.map(clusterKey));
      const result = await scoreRun(
        suite,
        runDir.resultsFile,
        records.filter((r) => cases.has(clusterKey(r))),
        scoreOptions,
      );
      // Ctrl-C while judging: nobody is left to call; the run reports the interruption.
      if (result.interrupted) return new Set();
      for (const s of result.scores) scored.set(id(s), s);
    }
    const decide = runDir.meta.settings?.decide;
    if (!decide || baseline === undefined) return new Set();
    const { margin, confidence } = runSettings(runDir.meta);
    const scores = [...scored.values()];
    const active = new Set<string>();
    for (const label of candidates) {
      const replay = replaySequential({
        decide,
        margin,
        confidence,
        seed: suite.seed,
        candidateResults: records.filter((r) => r.model === label),
        baselineResults: records.filter((r) => r.model === baseline),
        candidateScores: scores.filter((s) => s.model === label),
        baselineScores: scores.filter((s) => s.model === baseline),
      });
      if (replay.stoppedAt === 'records-end') active.add(label);
      else if (!told.has(label)) {
        told.add(label);
        onStop(label, replay);
      }
    }
    return active;
  };
}
