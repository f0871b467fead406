import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { loadSuite } from '../suite/load-suite.js';
import { scoreRun } from './score-run.js';
import { readScores } from './scores-file.js';

export interface RunScores {
  scores: ScoreRecord[];
  /** Judge calls the suite plans that results.jsonl does not hold yet (the run stopped while judging). */
  judgeMissing: number;
  /** True when scores.jsonl was out of date and the records were scored again from the suite. */
  rescored: boolean;
  /** Why some records could not be scored (no suite file to score them with), else null. */
  problem: string | null;
}

/**
 * The scores of a run directory's records. `run` writes scores.jsonl only once every call and judge
 * call is made, so a run that was killed, or resumed and killed again, has none, or one that misses
 * records: then the records are scored again from the suite file run.json names, with the judge
 * answers already recorded and no model call. scores.jsonl is trusted when it covers every record and
 * is not older than results.jsonl (a copied artifact may lose file times, so coverage decides when
 * the suite is not at hand).
 */
export async function scoresForRun(
  dir: string,
  meta: RunMeta,
  results: readonly ResultRecord[],
  env: Record<string, string | undefined>,
): Promise<RunScores> {
  const scoresFile = join(dir, 'scores.jsonl');
  const resultsFile = join(dir, 'results.jsonl');
  const written = readScores(scoresFile);
  const covered = coversRecords(written, results, meta);
  const older =
    !existsSync(scoresFile) ||
    (existsSync(resultsFile) && statSync(scoresFile).mtimeMs < statSync(resultsFile).mtimeMs);
  if (covered && !older) return { scores: written, judgeMissing: 0, rescored: false, problem: null };

  let suite: ReturnType<typeof loadSuite>;
  try {
    suite = loadSuite(meta.suiteFile, env);
  } catch (err) {
    // Only the file times said it might be out of date: the scores cover every record, so they stand.
    if (covered) return { scores: written, judgeMissing: 0, rescored: false, problem: null };
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    return {
      scores: written,
      judgeMissing: 0,
      rescored: false,
      problem: `records are not scored and the suite file ${meta.suiteFile} cannot score them (${why})`,
    };
  }
  if (suite.name !== meta.suite) {
    return {
      scores: written,
      judgeMissing: 0,
      rescored: false,
      problem: `records are not scored, and ${meta.suiteFile} is now suite "${suite.name}", not "${meta.suite}"`,
    };
  }
  const scored = await scoreRun(suite, resultsFile, results, {
    env,
    cacheDir: null,
    recordedJudgesOnly: true,
  });
  return { scores: scored.scores, judgeMissing: scored.judgeMissing, rescored: true, problem: null };
}

/** Every answer-bearing record of the run's baseline and candidates has a score record. */
function coversRecords(
  scores: readonly ScoreRecord[],
  results: readonly ResultRecord[],
  meta: RunMeta,
): boolean {
  const labels = new Set((meta.models ?? []).filter((m) => m.role !== 'judge').map((m) => m.label));
  const have = new Set(scores.map((s) => `${s.model}\u0000${s.caseId}`));
  return results.every(
    (r) => r.role === 'judge' || !labels.has(r.model) || have.has(`${r.model}\u0000${r.caseId}`),
  );
}
