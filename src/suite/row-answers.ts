import { basename } from 'node:path';
import type { DatasetAnswer, ModelConfig } from '../schema/model-config.js';
import { UserError } from '../util/user-error.js';
import type { Row } from './suite.js';

/** How many rows a message names before it says "and N more". */
const EXAMPLES = 5;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A cell as answer text: text as it is, anything else as its JSON (a JSONL log may hold objects). */
const asText = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** A non-negative number from a cell (CSV cells are text); undefined when it is not one. */
function asCount(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** One UserError naming the rows (id and where), at the first of them. */
function rowsError(bad: Row[], total: number, what: string, hint: string): UserError {
  const named = bad
    .slice(0, EXAMPLES)
    .map((r) => `"${r.id}" (${basename(r.source.file)}${r.source.line ? `:${r.source.line}` : ''})`);
  const more = bad.length > EXAMPLES ? ` and ${bad.length - EXAMPLES} more` : '';
  return new UserError(`${bad.length} of ${total} rows ${what}: ${named.join(', ')}${more}`, {
    ...(bad[0] as Row).source,
    hint,
  });
}

/**
 * The dataset answers of a model whose answers are a column (`answers:`, the `dataset:` runtime):
 * each row's text, with its latency and token counts from their columns when the suite names them.
 * Every row must have an answer: a row without one is an error naming it (an empty cell is taken as
 * no answer, since logs leave a cell empty when nothing was recorded). A latency or token cell that is
 * given must be a non-negative number; an empty one is unknown (null).
 */
function datasetAnswers(m: ModelConfig, rows: readonly Row[]): NonNullable<ModelConfig['answers']> {
  type Columns = Omit<NonNullable<ModelConfig['answers']>, 'byRow'>;
  // A `dataset:<column>` provider written as such names only its column.
  const columns: Columns = m.answers
    ? { column: m.answers.column, latency: m.answers.latency, usage: m.answers.usage }
    : { column: m.ref.model };
  const who = `${m.role} "${m.label}"`;
  const missing = rows.filter((r) => blank(r.vars[columns.column]));
  if (missing.length > 0) {
    throw rowsError(
      missing,
      rows.length,
      `have no answer in the column "${columns.column}" that ${who} takes its answers from`,
      'give every row its answer, or take the rows production did not answer out of the dataset',
    );
  }
  const figure = (label: string, column: string | undefined) => {
    if (column === undefined) return;
    const bad = rows.filter((r) => !blank(r.vars[column]) && asCount(r.vars[column]) === undefined);
    if (bad.length > 0) {
      throw rowsError(
        bad,
        rows.length,
        `have a ${label} in the column "${column}" that is not a non-negative number`,
        `write ${label === 'latency' ? 'milliseconds' : 'token counts'} as plain numbers (an empty cell is unknown)`,
      );
    }
  };
  figure('latency', columns.latency);
  figure('token count', columns.usage?.input);
  figure('token count', columns.usage?.output);
  const read = (r: Row, column: string | undefined) =>
    column === undefined || blank(r.vars[column]) ? null : (asCount(r.vars[column]) ?? null);
  const byRow = new Map<string, DatasetAnswer>(
    rows.map((r) => [
      r.id,
      {
        output: asText(r.vars[columns.column]),
        latencyMs: read(r, columns.latency),
        usage: { input: read(r, columns.usage?.input), output: read(r, columns.usage?.output) },
      },
    ]),
  );
  return { ...columns, byRow };
}

/** The key each row has in a `recorded:` file keyed by a column (`key:`); every row must have one. */
function recordedKeys(m: ModelConfig, column: string, rows: readonly Row[]): ReadonlyMap<string, string> {
  const missing = rows.filter((r) => blank(r.vars[column]));
  if (missing.length > 0) {
    throw rowsError(
      missing,
      rows.length,
      `have no value in the column "${column}" by which ${m.role} "${m.label}" looks its recorded answers up (key: ${column})`,
      'give every row its key, or key the file by the row id (remove `key:`)',
    );
  }
  return new Map(rows.map((r) => [r.id, asText(r.vars[column])]));
}

/**
 * The models with what they read from the rows filled in: the answers of a `dataset:` model
 * (`answers:`) and the keys of a `recorded:` model keyed by a column (`key:`). Read at load, so that a
 * row without one stops the suite (exit 2) before any call, naming the rows; the adapters then only
 * look up by row id.
 */
export function readRowAnswers(models: readonly ModelConfig[], rows: readonly Row[]): ModelConfig[] {
  return models.map((m) => {
    if (m.ref.runtime === 'dataset') return { ...m, answers: datasetAnswers(m, rows) };
    if (m.recordedKey)
      return { ...m, recordedKey: { ...m.recordedKey, byRow: recordedKeys(m, m.recordedKey.column, rows) } };
    return m;
  });
}
