import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { readResults } from '../run/results-file.js';
import { runMetaSchema } from '../schema/run-meta.js';
import { summarySchema } from '../schema/summary.js';
import { readScores } from '../score/scores-file.js';
import { UserError } from '../util/user-error.js';
import { readLoadRecord } from './read-load-record.js';
import type { ReportInput } from './render-report.js';

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  return first ? `${first.message}${first.path.length ? ` at ${first.path.join('.')}` : ''}` : 'invalid';
}

function readJson<T>(file: string, schema: z.ZodType<T>, what: string, hint: string): T {
  if (!existsSync(file)) throw new UserError(`${what} is missing`, { file, hint });
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UserError(`${what} is not JSON`, { file, hint });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UserError(`${what} is not valid: ${issue(parsed.error)}`, { file, hint });
  return parsed.data;
}

/**
 * Reads a run directory's records, validated: run.json, results.jsonl, scores.jsonl, summary.json,
 * and load.json when the run has one.
 * Everything the report, JUnit and Markdown writers need, from the directory alone (a CI artifact).
 */
export function readRunRecords(dir: string): ReportInput {
  const meta = readJson(
    join(dir, 'run.json'),
    runMetaSchema,
    'run.json',
    'pass a run directory written by `rightsize run`',
  );
  const summary = readJson(
    join(dir, 'summary.json'),
    summarySchema,
    'summary.json',
    'finish the run first: `rightsize run <suite> --out <run-dir>` resumes it and writes the summary',
  );
  const { records } = readResults(join(dir, 'results.jsonl'));
  const load = readLoadRecord(dir);
  return {
    meta,
    summary,
    results: records,
    scores: readScores(join(dir, 'scores.jsonl')),
    ...(load ? { load } : {}),
  };
}
