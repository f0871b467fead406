import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { closest } from '../util/did-you-mean.js';
import { type JsonlProblem, type JsonlRow, parseJsonl } from '../util/jsonl-file.js';
import { UserError } from '../util/user-error.js';
import { ModelError } from './model-error.js';

const count = z.int().min(0).nullable().optional();
const millis = z.number().min(0).nullable().optional();
const logprob = z
  .number()
  .max(0, 'a log-probability is a natural log, at most 0 (give a probability as "confidence")');

/** One recorded answer. Extra keys are allowed (production logs carry their own metadata), and told once. */
const recordedRowFields = z.looseObject({
  // Dataset ids read from CSV are strings; logs often write them as numbers.
  id: z.union([z.string().min(1), z.number()]).transform(String),
  output: z.string(),
  prompt: z.string().min(1).optional(),
  repeat: z.int().min(0).optional(),
  latencyMs: millis,
  ttftMs: millis,
  usage: z.object({ input: count, output: count }).optional(),
  /** The answer's token log-probabilities, each token's in order or already summarised. */
  logprobs: z
    .union(
      [
        z.array(logprob),
        z.strictObject({ tokens: z.int().min(1), mean: logprob, min: logprob, first: logprob }),
      ],
      { error: 'expected a list of token log-probabilities or a { tokens, mean, min, first } summary' },
    )
    .nullable()
    .optional(),
  /** A confidence the log already holds (a classifier's probability, say), in 0..1. */
  confidence: z.number().min(0).max(1).nullable().optional(),
});
const recordedRowSchema = recordedRowFields.refine((row) => row.logprobs == null || row.confidence == null, {
  message: 'give "logprobs" or "confidence", not both',
  path: ['confidence'],
});
export type RecordedRow = z.infer<typeof recordedRowSchema>;

/** The fields a row may have, in the order the README lists them. */
export const RECORDED_FIELDS = Object.keys(recordedRowFields.shape);

/** Which call a recorded answer serves: the case's row, prompt and repeat. */
export interface CaseRef {
  rowId: string;
  promptId: string;
  repeat: number;
}

export interface RecordedIndex {
  rows: Map<string, RecordedRow>;
  /** Fields no row format knows, with the 1-based line each first appears on. */
  unknownFields: Map<string, number>;
}

const keyOf = (id: string, prompt: string | null, repeat: number | null): string =>
  JSON.stringify([id, prompt, repeat]);

/** Reads and validates a recorded-answers file; every problem names the file and its 1-based line. */
export async function readRecordedFile(file: string, name = file): Promise<RecordedIndex> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw unreadable(e, name);
  }
  return parseRecordedText(text, name);
}

/** The same, synchronously: for `rightsize validate`, which reads everything up front. */
export function readRecordedFileSync(file: string, name = file): RecordedIndex {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(e, name);
  }
  return parseRecordedText(text, name);
}

function unreadable(e: unknown, name: string): ModelError {
  const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
  return new ModelError(
    'model_not_found',
    missing
      ? `recorded answers file not found: ${name} (the path is relative to the suite file)`
      : `cannot read recorded answers file ${name}: ${(e as Error).message}`,
    { retryable: false, cause: e },
  );
}

/** Parses the rows of a recorded-answers file; `name` is how messages call the file. */
export function parseRecordedText(text: string, name: string): RecordedIndex {
  const fail = (line: number, what: string, cause?: unknown): ModelError =>
    new ModelError('runtime', `${name}:${line}: ${what}`, { retryable: false, cause });
  const rows = new Map<string, RecordedRow>();
  const unknownFields = new Map<string, number>();
  const lineOf = new Map<string, number>();
  const add = ({ line, value: row, json }: JsonlRow<RecordedRow>) => {
    for (const field of Object.keys(json as object)) {
      if (!RECORDED_FIELDS.includes(field) && !unknownFields.has(field)) unknownFields.set(field, line);
    }
    const key = keyOf(row.id, row.prompt ?? null, row.repeat ?? null);
    const earlier = lineOf.get(key);
    if (earlier !== undefined) {
      throw fail(
        line,
        `duplicate answer for id "${row.id}"${describeRef(row)}, first given on line ${earlier}`,
      );
    }
    rows.set(key, row);
    lineOf.set(key, line);
  };
  try {
    parseJsonl(text, recordedRowSchema, { file: name, mode: 'strict', explain: explainRecorded, onRow: add });
  } catch (e) {
    // A broken file fails the model, not the command: every case then fails with this message.
    if (e instanceof UserError && e.line !== undefined) throw fail(e.line, e.message, e);
    throw e;
  }
  return { rows, unknownFields };
}

function explainRecorded(p: JsonlProblem): { message: string } {
  if (p.kind === 'json') return { message: `not valid JSON (${p.error.message})` };
  const problems = p.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'row';
    return `${where}: ${issue.message}`;
  });
  return { message: `${problems.join('; ')} (a row is {"id": "<row id>", "output": "..."})` };
}

function describeRef(row: { prompt?: string; repeat?: number }): string {
  return `${row.prompt !== undefined ? `, prompt "${row.prompt}"` : ''}${row.repeat !== undefined ? `, repeat ${row.repeat}` : ''}`;
}

/**
 * One line for all the fields of a file no row format knows (a typo such as "ouput" would otherwise
 * leave the field it meant missing or silently unused), or null when every field is known.
 */
export function unknownFieldsWarning(index: RecordedIndex, name: string): string | null {
  if (index.unknownFields.size === 0) return null;
  const described = [...index.unknownFields].map(([field, line]) => {
    const near = closest(field, RECORDED_FIELDS);
    return `"${field}" (line ${line}${near ? `; did you mean "${near}"?` : ''})`;
  });
  const plural = described.length > 1;
  return (
    `${name}: unknown field${plural ? 's' : ''} ${described.join(', ')} in recorded rows, ignored; ` +
    `known fields: ${RECORDED_FIELDS.join(', ')}`
  );
}

/** Most specific first; a row without prompt/repeat serves every prompt and repeat of its id (README, recorded answers). */
export function lookupRecorded(index: RecordedIndex, ref: CaseRef): RecordedRow | undefined {
  const { rowId, promptId, repeat } = ref;
  return (
    index.rows.get(keyOf(rowId, promptId, repeat)) ??
    index.rows.get(keyOf(rowId, promptId, null)) ??
    index.rows.get(keyOf(rowId, null, repeat)) ??
    index.rows.get(keyOf(rowId, null, null))
  );
}
