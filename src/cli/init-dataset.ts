import { existsSync, statSync } from 'node:fs';
import { readTable } from '../suite/read-table.js';
import { UserError } from '../util/user-error.js';
import type { TaskType } from './init-task-types.js';
import type { DataSpec } from './init-yaml.js';

/** A dataset as init sees it: its columns, the ones every row has, and the rows. */
export interface DatasetInfo {
  file: string;
  columns: string[];
  /** Columns present in every row: the only ones a prompt may use without `{{#if}}`. */
  complete: string[];
  rows: Array<Record<string, unknown>>;
}

export function readDataset(file: string, flag = '--dataset'): DatasetInfo {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(`${flag} ${file}: no such file`, {
      hint: 'give the path of an existing CSV, JSONL, JSON or YAML file (relative to where you run init)',
    });
  }
  const table = readTable(file);
  const rows = table.records.map((r) => r.value);
  const complete = table.columns.filter((c) => rows.every((r) => r[c] !== undefined && r[c] !== null));
  return { file, columns: table.columns, complete, rows };
}

export interface ColumnOverrides {
  input?: string | undefined;
  expected?: string | undefined;
}

/** The column names each task looks for, most likely first. */
const NAMES: Record<TaskType, { input: string[]; expected: string[] }> = {
  classification: {
    input: [
      'text',
      'message',
      'input',
      'query',
      'utterance',
      'ticket',
      'content',
      'question',
      'prompt',
      'sentence',
    ],
    expected: [
      'label',
      'category',
      'intent',
      'class',
      'route',
      'queue',
      'topic',
      'target',
      'expected',
      'answer',
    ],
  },
  extraction: {
    input: ['text', 'message', 'email', 'input', 'document', 'content', 'body'],
    expected: ['expected', 'fields', 'extraction', 'output', 'target', 'gold', 'answer'],
  },
  qa: {
    input: ['question', 'query', 'input', 'prompt'],
    expected: ['answer', 'expected', 'target', 'output', 'label', 'final'],
  },
  summarization: {
    input: ['document', 'text', 'source', 'article', 'input', 'content', 'body', 'abstract'],
    expected: ['summary', 'reference', 'target', 'highlights', 'tldr', 'expected', 'output'],
  },
  math: {
    input: ['question', 'problem', 'input', 'prompt'],
    expected: ['final', 'answer', 'solution', 'target', 'expected'],
  },
  'tool-calling': {
    input: ['question', 'request', 'query', 'input', 'prompt', 'text'],
    expected: ['expected', 'call', 'ground_truth', 'answer', 'target'],
  },
};
const CONTEXT_NAMES = ['context', 'document', 'passage', 'abstract', 'source', 'text', 'article'];
const FUNCTIONS_NAMES = ['functions', 'tools'];
const SLICE_NAMES = [
  'category',
  'route',
  'segment',
  'slice',
  'topic',
  'type',
  'group',
  'queue',
  'department',
];

/** The first column named like one of `names`: exactly first, then as a word of a longer name. */
function find(names: string[], among: string[], except: Set<string>): string | undefined {
  const free = among.filter((c) => !except.has(c));
  for (const n of names) {
    const hit = free.find((c) => c.toLowerCase() === n);
    if (hit) return hit;
  }
  for (const n of names) {
    const hit = free.find((c) =>
      c
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(n),
    );
    if (hit) return hit;
  }
  return undefined;
}

/** `id`, `ticket_id`, `rowId`: keys, not content. */
function isIdLike(column: string): boolean {
  return /^id$/i.test(column) || /[_\s-]id$/i.test(column) || /[a-z]Id$/.test(column);
}

function meanLength(info: DatasetInfo, column: string): number {
  return info.rows.reduce((n, r) => n + String(r[column] ?? '').length, 0) / Math.max(1, info.rows.length);
}

function distinctCount(info: DatasetInfo, column: string): number {
  return new Set(info.rows.map((r) => JSON.stringify(r[column]))).size;
}

function isObjectValue(v: unknown): boolean {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
  if (typeof v !== 'string' || !v.trim().startsWith('{')) return false;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function asObject(v: unknown): Record<string, unknown> {
  return (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
}

/** The distinct answers of `column` when they look like a closed set (labels), else undefined. */
function closedSet(
  info: DatasetInfo,
  column: string,
  max: number,
  mustRepeat: boolean,
): string[] | undefined {
  const values = new Set<string>();
  for (const r of info.rows) {
    const v = r[column];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    const s = String(v).trim();
    if (s === '' || s.length > 40 || s.includes('{{')) return undefined;
    values.add(s);
  }
  if (values.size < 2 || values.size > max) return undefined;
  // For qa, answers that rarely repeat are free text, not a set to choose from.
  if (mustRepeat && values.size > Math.max(2, info.rows.length / 2)) return undefined;
  return [...values].sort();
}

function checkColumn(info: DatasetInfo, column: string, flag: string): void {
  if (info.columns.includes(column)) return;
  throw new UserError(`${flag} "${column}": ${info.file} has no such column`, {
    hint: `its columns are: ${info.columns.join(', ')}`,
  });
}

/**
 * Which columns the suite uses: the flags' choice, else the names a task's data usually has, else the
 * first and last columns. Only columns every row has are picked, since the suite must validate.
 */
export function describeDataset(
  info: DatasetInfo,
  task: TaskType,
  overrides: ColumnOverrides,
): Omit<DataSpec, 'ref' | 'example'> {
  if (overrides.input) checkColumn(info, overrides.input, '--input-column');
  if (overrides.expected) checkColumn(info, overrides.expected, '--expected-column');
  const usable = info.complete.filter((c) => !isIdLike(c));
  const names = NAMES[task];
  const taken = new Set<string>(overrides.expected ? [overrides.expected] : []);
  // Failing a name, the input is the longest text: what a model would be asked to read.
  const input =
    overrides.input ??
    find(names.input, usable, taken) ??
    usable.filter((c) => !taken.has(c)).sort((a, b) => meanLength(info, b) - meanLength(info, a))[0];
  if (!input) {
    throw new UserError(`${info.file} has no column every row fills that could be the input`, {
      hint: `its columns are: ${info.columns.join(', ')}; a suite needs an input column and an expected one`,
    });
  }
  const used = new Set([input]);
  const functions = task === 'tool-calling' ? find(FUNCTIONS_NAMES, usable, used) : undefined;
  if (functions) used.add(functions);
  const context = task === 'qa' ? find(CONTEXT_NAMES, usable, used) : undefined;
  if (context) used.add(context);
  let expected = overrides.expected;
  if (!expected && task === 'extraction')
    expected = usable.find((c) => !used.has(c) && info.rows.every((r) => isObjectValue(r[c])));
  // Failing a name: for labels the column with the fewest distinct values, else the last one.
  const rest = usable.filter((c) => !used.has(c));
  expected ??=
    find(names.expected, usable, used) ??
    (task === 'classification'
      ? [...rest].sort((a, b) => distinctCount(info, a) - distinctCount(info, b))[0]
      : rest.at(-1));
  if (!expected) {
    throw new UserError(`${info.file} has no column every row fills that could hold the right answer`, {
      hint: `its columns are: ${info.columns.join(', ')}; pass --expected-column`,
    });
  }
  used.add(expected);
  const spec: Omit<DataSpec, 'ref' | 'example'> = {
    rows: info.rows.length,
    columns: info.columns,
    input,
    expected,
  };
  if (context) spec.context = context;
  if (functions) {
    spec.functions = functions;
    spec.functionsAreJson = info.rows.some((r) => typeof r[functions] === 'object');
  }
  if (task === 'extraction') {
    if (info.rows.every((r) => isObjectValue(r[expected]))) {
      spec.expectedIsObject = true;
      spec.fields = [...new Set(info.rows.flatMap((r) => Object.keys(asObject(r[expected]))))];
    } else {
      // No object of fields: each remaining column is a field to extract (or the one named).
      spec.expectedIsObject = false;
      spec.fields = overrides.expected ? [expected] : usable.filter((c) => c !== input);
    }
  }
  if (task === 'classification' || task === 'qa') {
    const labels = task === 'qa' ? closedSet(info, expected, 10, true) : closedSet(info, expected, 30, false);
    if (labels) spec.labels = labels;
  }
  const slice = find(SLICE_NAMES, usable, new Set([input, ...(context ? [context] : [])]));
  if (slice && slice !== expected) spec.slice = slice;
  else if (spec.labels && spec.labels.length <= 12) spec.slice = expected;
  return spec;
}
