import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type LoadRecord, loadRecordSchema } from '../schema/load-record.js';

export const LOAD_FILE = 'load.json';

/**
 * Writes load.json whole through a temporary file and a rename, so a reader (or Ctrl-C mid-write) never
 * sees half a record. Validated first: a record others read must match its schema.
 */
export function writeLoadRecord(file: string, record: LoadRecord): void {
  const valid = loadRecordSchema.parse(record);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Where `rightsize load` writes: `--out DIR`, else a new folder `reports/<suite>-load-<timestamp>/`. */
export function loadFilePath(opts: { suite: string; out?: string; cwd: string; now?: Date }): string {
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  return resolve(opts.cwd, opts.out ?? join('reports', `${opts.suite}-load-${stamp}`), LOAD_FILE);
}
