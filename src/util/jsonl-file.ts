import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UserError } from './user-error.js';

/** A line that is not JSON, or JSON the schema refuses. */
export type JsonlProblem =
  | { kind: 'json'; line: number; error: Error }
  | { kind: 'schema'; line: number; error: z.ZodError };

export interface JsonlRow<T> {
  /** 1-based, in the file as written (blank lines count). */
  line: number;
  value: T;
  /** The line's JSON before validation, for a caller that looks at keys the schema drops. */
  json: unknown;
}

export interface JsonlOptions<T> {
  /** The file named in errors. */
  file: string;
  /**
   * strict: any bad line is an error. tolerant: a last line that is not JSON is a write cut short by a
   * kill; it is skipped and counted in `tornLines`, as an append-only file's reader must.
   */
  mode: 'strict' | 'tolerant';
  /** The message and fix for a bad line; the UserError adds the file and line. */
  explain(problem: JsonlProblem): { message: string; hint?: string };
  /** Called on each row as it is read, for a caller's own checks (duplicates) to fail in file order. */
  onRow?: (row: JsonlRow<T>) => void;
}

/** Every non-blank line of `text`, parsed and validated; a bad line throws a UserError naming file and line. */
export function parseJsonl<T>(
  text: string,
  schema: z.ZodType<T>,
  opts: JsonlOptions<T>,
): { rows: Array<JsonlRow<T>>; tornLines: number } {
  const lines = text.split(/\r?\n/);
  const rows: Array<JsonlRow<T>> = [];
  let tornLines = 0;
  const fail = (problem: JsonlProblem): UserError => {
    const { message, hint } = opts.explain(problem);
    return new UserError(message, { file: opts.file, line: problem.line, hint });
  };
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      // The last line, or the one before the file's final newline.
      if (opts.mode === 'tolerant' && i >= lines.length - 2) {
        tornLines++;
        continue;
      }
      throw fail({ kind: 'json', line, error: e as Error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw fail({ kind: 'schema', line, error: parsed.error });
    const row = { line, value: parsed.data, json };
    opts.onRow?.(row);
    rows.push(row);
  }
  return { rows, tornLines };
}

/** The same over a file; a file that does not exist yet has no rows. */
export function readJsonlFile<T>(
  file: string,
  schema: z.ZodType<T>,
  opts: Omit<JsonlOptions<T>, 'file'>,
): { rows: Array<JsonlRow<T>>; tornLines: number } {
  if (!existsSync(file)) return { rows: [], tornLines: 0 };
  return parseJsonl(readFileSync(file, 'utf8'), schema, { ...opts, file });
}
