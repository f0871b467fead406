import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OUTPUT_FILES, RECORD_FILES, RUN_FILE } from '../schema/run-files.js';
import { type RunMeta, runMetaSchema } from '../schema/run-meta.js';
import { UserError } from '../util/user-error.js';

export interface RunDir {
  dir: string;
  resultsFile: string;
  meta: RunMeta;
  /** True when the directory already held this suite's run (its records will be skipped). */
  resumed: boolean;
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
}

/**
 * Opens the run directory: a new one under reports/ by default; an existing one of the same suite
 * is resumed unless `fresh`; one holding another suite's run is refused.
 */
export function openRunDir(opts: {
  suite: string;
  suiteFile: string;
  out?: string;
  fresh?: boolean;
  cwd: string;
  now?: Date;
}): RunDir {
  const now = opts.now ?? new Date();
  const dir = resolve(opts.cwd, opts.out ?? join('reports', `${opts.suite}-${timestamp(now)}`));
  const metaFile = join(dir, RUN_FILE.meta);
  const resultsFile = join(dir, RUN_FILE.results);
  if (existsSync(metaFile) && !opts.fresh) {
    let meta: RunMeta;
    try {
      meta = runMetaSchema.parse(JSON.parse(readFileSync(metaFile, 'utf8')));
    } catch {
      throw new UserError('run.json is not a rightsize run description', {
        file: metaFile,
        hint: 'choose another --out, or pass --fresh',
      });
    }
    if (meta.suite !== opts.suite) {
      throw new UserError(`${dir} holds a run of suite "${meta.suite}", not "${opts.suite}"`, {
        hint: 'choose another --out, or pass --fresh to replace it',
      });
    }
    return { dir, resultsFile, meta, resumed: true };
  }
  if (opts.fresh) {
    for (const f of [...RECORD_FILES, ...OUTPUT_FILES]) rmSync(join(dir, f), { force: true });
  }
  mkdirSync(dir, { recursive: true });
  const meta: RunMeta = {
    schemaVersion: 1,
    suite: opts.suite,
    runId: `${opts.suite}-${timestamp(now)}`,
    suiteFile: opts.suiteFile,
    createdAt: now.toISOString(),
  };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  return { dir, resultsFile, meta, resumed: false };
}

/** Rewrites run.json (small; written whole, through a temporary file so a crash leaves the old one). */
export function writeRunMeta(runDir: RunDir, meta: RunMeta): void {
  const file = join(runDir.dir, 'run.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  runDir.meta = meta;
}

/** Reads and validates a run directory's run.json (for `compare` and `report`, which need no suite). */
export function readRunMeta(dir: string): RunMeta {
  const file = join(dir, 'run.json');
  if (!existsSync(file)) {
    throw new UserError(`${dir} is not a run directory (no run.json)`, {
      hint: 'pass a directory written by `rightsize run` (by default under reports/)',
    });
  }
  try {
    return runMetaSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new UserError('run.json is not a rightsize run description', {
      file,
      hint: 'run the suite again with --fresh',
    });
  }
}
