import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DiffOverrides, type DiffSide, diffRuns } from '../compare/diff-runs.js';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import { DIFF_FILE, DIFF_FILES, type DiffFile, type RunDiff } from '../schema/run-diff.js';
import { RUN_FILE } from '../schema/run-files.js';
import { scoresForRun } from '../score/scores-for-run.js';
import { diffMarkdown } from './diff-markdown.js';
import { diffPage } from './diff-page.js';
import { readLoadRecord } from './read-load-record.js';

export interface RunDiffOptions {
  /** The folder for diff.json, summary.md and diff.html; default `<dirB>/diff-<run id of A>/`. */
  outDir?: string;
  overrides?: DiffOverrides;
  env?: Record<string, string | undefined>;
  /** How each directory is named in the outputs and messages (default: as given). */
  display?: (dir: string) => string;
}

/**
 * `rightsize diff`'s work: reads two run directories (scoring records that scores.jsonl does not cover
 * from the suite file, as `compare` does, with no model call), compares them (`diffRuns`) and writes
 * the three outputs, each through a temporary file and a rename.
 */
export async function writeDiffOutputs(
  dirA: string,
  dirB: string,
  opts: RunDiffOptions = {},
): Promise<{ diff: RunDiff; outDir: string; files: string[] }> {
  const show = opts.display ?? ((d: string) => d);
  const env = opts.env ?? process.env;
  const a = await readSide(dirA, show(dirA), env);
  const b = await readSide(dirB, show(dirB), env);
  const diff = diffRuns({ a, b, ...(opts.overrides ? { overrides: opts.overrides } : {}) });
  const outDir = opts.outDir ?? join(dirB, diffFolderName(a.meta.runId));
  mkdirSync(outDir, { recursive: true });
  const outputs: Record<DiffFile, string> = {
    [DIFF_FILE.json]: `${JSON.stringify(diff, null, 2)}\n`,
    [DIFF_FILE.markdown]: diffMarkdown(diff),
    [DIFF_FILE.html]: diffPage(diff),
  };
  const files = DIFF_FILES.map((name) => {
    const file = join(outDir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, outputs[name]);
    renameSync(tmp, file);
    return file;
  });
  return { diff, outDir, files };
}

/** `diff-<run id>`, safe as one path segment whatever the run id holds. */
export function diffFolderName(runIdA: string): string {
  return `diff-${runIdA}`.replace(/[^a-zA-Z0-9._+-]+/g, '_');
}

/** A run directory's records as compare reads them (the same filtering as `writeRunOutputs`). */
async function readSide(
  dir: string,
  shown: string,
  env: Record<string, string | undefined>,
): Promise<DiffSide> {
  const meta = readRunMeta(dir);
  const all = readResults(join(dir, RUN_FILE.results)).records;
  const scoring = await scoresForRun(dir, meta, all, env);
  const scored = new Set(scoring.scores.map((s) => s.caseId));
  const results = scoring.problem ? all : all.filter((r) => r.role === 'judge' || scored.has(r.caseId));
  return {
    dir: shown,
    meta,
    results,
    scores: scoring.scores,
    judgeMissing: scoring.judgeMissing,
    scoringProblem: scoring.problem,
    load: readLoadRecord(dir),
  };
}
