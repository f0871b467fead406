import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LoadRecord, loadRecordSchema } from '../schema/load-record.js';
import { UserError } from '../util/user-error.js';

/** The load sweep's record beside the run's, written by `rightsize load`. */
export const LOAD_FILE = 'load.json';

const HINT = 'run `rightsize load` again to rewrite it, or delete it to report without capacity figures';

/**
 * load.json of a run directory, validated; null when there is none (a run without a load sweep).
 * A file that is there but unreadable is bad input naming it, never silently ignored: its sizing
 * would change the costs the verdicts are read with.
 */
export function readLoadRecord(dir: string): LoadRecord | null {
  const file = join(dir, LOAD_FILE);
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UserError(`${LOAD_FILE} is not JSON`, { file, hint: HINT });
  }
  const parsed = loadRecordSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    throw new UserError(`${LOAD_FILE} is not valid: ${first?.message ?? 'invalid'}${where}`, {
      file,
      hint: HINT,
    });
  }
  return parsed.data;
}
