import { join } from 'node:path';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import { RUN_FILE } from '../schema/run-files.js';
import { scoresForRun } from '../score/scores-for-run.js';
import { type ExportTable, exportRows } from './export-rows.js';
import { rowVars } from './row-vars.js';

/**
 * A run directory's calls as `rightsize export`'s table, with what it could not fill in: `notes`
 * say why (no suite file to read the dataset from, records that cannot be scored). Scores come as
 * writeRunOutputs gets them (`scoresForRun`: scores.jsonl, or the records rescored from the suite
 * when it is stale), and the same records are kept: no model is called and nothing in the directory
 * is changed.
 */
export async function exportRun(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<{ table: ExportTable; notes: string[] }> {
  const meta = readRunMeta(dir);
  const all = readResults(join(dir, RUN_FILE.results)).records;
  const scoring = await scoresForRun(dir, meta, all, env);
  // As writeRunOutputs: records of calls no longer in the suite (edited between resumes) are not this
  // run's, unless nothing could be scored, when every record is kept.
  const scored = new Set(scoring.scores.map((s) => s.caseId));
  const results = scoring.problem ? all : all.filter((r) => r.role === 'judge' || scored.has(r.caseId));
  const vars = rowVars(meta, env);
  const notes: string[] = [];
  if (scoring.problem) notes.push(`${scoring.problem}: their pass, score and assertion columns are empty`);
  if (!vars.ok) {
    notes.push(
      `${vars.problem}: the dataset columns hold only the slice columns scores.jsonl keeps; put the suite back at that path for every column`,
    );
  }
  return {
    table: exportRows({ meta, results, scores: scoring.scores, vars: vars.ok ? vars.vars : null }),
    notes,
  };
}
