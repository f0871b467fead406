import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CompareOverrides, compareRun } from '../compare/compare-run.js';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import { RUN_FILE } from '../schema/run-files.js';
import type { Summary } from '../schema/summary.js';
import { scoresForRun } from '../score/scores-for-run.js';
import { readLoadRecord } from './read-load-record.js';
import { renderOutputs, writeOutputFiles } from './render-outputs.js';

export { OUTPUT_FILES } from '../schema/run-files.js';

export interface WriteOutputsOptions {
  /** Settings over the run's own (`compare` flags). */
  overrides?: CompareOverrides;
  /** Where the four outputs go; default the run directory itself. */
  outDir?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Compares the run's scored records and writes summary.json, report.html, junit.xml and summary.md
 * (into the run directory unless told otherwise). Reads the directory alone (no model is called):
 * `rightsize compare` and `rightsize report` call it on a copied CI artifact as well as `rightsize run`
 * at its end. Records that scores.jsonl does not cover (a run that stopped) are scored from the suite
 * file first. A load.json beside them (`rightsize load`) sizes the models it covers: their cost and
 * a capacity section come from it. The same records and seed give the same files byte for byte.
 */
export async function writeRunOutputs(
  dir: string,
  opts: WriteOutputsOptions = {},
): Promise<{ summary: Summary; files: string[] }> {
  const meta = readRunMeta(dir);
  const load = readLoadRecord(dir);
  const all = readResults(join(dir, RUN_FILE.results)).records;
  const scoring = await scoresForRun(dir, meta, all, opts.env ?? process.env);
  const scores = scoring.scores;
  // Records of calls no longer in the suite (it was edited between resumes) are not this run's; when
  // the records could not be scored at all, they are all kept, so the counts say what was recorded.
  const scored = new Set(scores.map((s) => s.caseId));
  const results = scoring.problem ? all : all.filter((r) => r.role === 'judge' || scored.has(r.caseId));
  const summary = compareRun({
    meta,
    results,
    scores,
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
    judgeMissing: scoring.judgeMissing,
    scoringProblem: scoring.problem,
    load,
  });
  const outDir = opts.outDir ?? dir;
  mkdirSync(outDir, { recursive: true });
  const files = writeOutputFiles(outDir, renderOutputs({ meta, summary, results, scores, load }));
  return { summary, files };
}
