import { z } from 'zod';
import { type AssertionConfig, assertionSchema } from '../schema/suite-schema.js';
import { shortHash } from '../util/hash.js';
import { UserError } from '../util/user-error.js';
import { assertionFromExpected } from './expected-column.js';
import type { Row, SourceRef } from './suite.js';

const assertListSchema = z.array(assertionSchema);

/** Keys of a promptfoo test case; a record with `vars` and only these keys is read as one. */
const TEST_CASE_KEYS = new Set(['vars', 'assert', 'description', 'options', 'threshold', 'metadata', 'id']);

/**
 * One record of a dataset as a Row. A record is either flat columns (CSV-style, with promptfoo's
 * `__expected`, `__description`, `__metric`, `__threshold`, `__prefix`, `__suffix` columns) or a
 * promptfoo test case (`vars`, `assert`, `description`, `options`, `threshold`, `metadata`).
 */
export function rowFromRecord(value: Record<string, unknown>, source: SourceRef): Row {
  const isTestCase =
    value.vars !== null &&
    typeof value.vars === 'object' &&
    !Array.isArray(value.vars) &&
    Object.keys(value).every((k) => TEST_CASE_KEYS.has(k));
  return isTestCase ? rowFromTestCase(value, source) : rowFromColumns(value, source);
}

function rowFromTestCase(value: Record<string, unknown>, source: SourceRef): Row {
  const vars = { ...(value.vars as Record<string, unknown>) };
  const parsed = assertListSchema.safeParse(value.assert ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `assert${(issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    throw new UserError(`invalid assertion in this row: ${issue?.message ?? 'bad value'}`, {
      ...source,
      field,
    });
  }
  const row: Row = {
    id: '',
    vars,
    assert: parsed.data,
    source,
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    ...(isObject(value.options) ? { options: value.options } : {}),
    ...(typeof value.threshold === 'number' ? { threshold: value.threshold } : {}),
    ...(isObject(value.metadata) ? { metadata: value.metadata } : {}),
  };
  row.id = rowId(value.id ?? vars.id, row);
  return row;
}

function rowFromColumns(value: Record<string, unknown>, source: SourceRef): Row {
  const vars: Record<string, unknown> = {};
  const assert: AssertionConfig[] = [];
  const options: Record<string, unknown> = {};
  let description: string | undefined;
  let metric: string | undefined;
  let threshold: number | undefined;
  for (const [key, v] of Object.entries(value)) {
    const text = v == null ? '' : String(v);
    if (key.startsWith('__expected')) {
      if (text.trim() !== '') assert.push(assertionFromExpected(text));
    } else if (key === '__prefix' || key === '__suffix') options[key.slice(2)] = text;
    else if (key === '__description') description = text;
    else if (key === '__metric') metric = text;
    else if (key === '__threshold') threshold = Number.parseFloat(text);
    else if (key === '__providerOutput' || key === '__metadata' || key.startsWith('__metadata:')) {
      // promptfoo-only columns that do not change what is evaluated.
    } else vars[key] = v;
  }
  if (metric) for (const a of assert) a.metric = metric;
  const row: Row = {
    id: '',
    vars,
    assert,
    source,
    ...(description ? { description } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ...(threshold ? { threshold } : {}),
  };
  row.id = rowId(vars.id, row);
  return row;
}

function rowId(explicit: unknown, row: Row): string {
  if (typeof explicit === 'string' && explicit.trim() !== '') return explicit.trim();
  if (typeof explicit === 'number') return String(explicit);
  // No id column: the content names the row, so reordering rows keeps ids (and resume) stable.
  return `row-${shortHash({ vars: row.vars, assert: row.assert, description: row.description ?? null })}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Duplicate ids would merge two rows' results: name both places. */
export function assertUniqueRowIds(rows: Row[]): void {
  const seen = new Map<string, Row>();
  for (const row of rows) {
    const first = seen.get(row.id);
    if (first) {
      const firstAt = `${first.source.file === row.source.file ? 'line' : first.source.file} ${first.source.line ?? '?'}`;
      throw new UserError(`duplicate row id "${row.id}" (first seen at ${firstAt})`, {
        file: row.source.file,
        line: row.source.line,
        hint: row.id.startsWith('row-')
          ? 'these rows are identical; remove one, or add an `id` column'
          : 'give every row a unique `id`',
      });
    }
    seen.set(row.id, row);
  }
}
