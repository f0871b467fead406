import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { callCostUsd } from './call-cost-usd.js';

/** `rightsize export`'s table: its columns in order, and one row per call keyed by them. */
export interface ExportTable {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** The columns before the dataset's (`var.<name>`). */
const ID_COLUMNS = ['runId', 'suite', 'caseId', 'rowId', 'promptId', 'repeat', 'model', 'provider', 'role'];
/** Between the dataset's columns and the assertions' (`assert.<index>.<type>.pass|score|reason`). */
const CALL_COLUMNS = ['input', 'output', 'error', 'skipped', 'pass', 'score', 'reason'];
/** After the assertions'. */
const FIGURE_COLUMNS = [
  'latencyMs',
  'ttftMs',
  'tokensPerSecond',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'cached',
  'finishedAt',
];

export interface ExportInput {
  meta: RunMeta;
  results: readonly ResultRecord[];
  scores: readonly ScoreRecord[];
  /** Each row's dataset values by row id (src/report/row-vars.ts); null when the suite is not at hand. */
  vars: ReadonlyMap<string, Readonly<Record<string, unknown>>> | null;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const key = (r: { model: string; caseId: string }) => `${r.model}\u0000${r.caseId}`;

/**
 * One row per baseline or candidate call (case × model × repeat), sorted by model, prompt, row and
 * repeat, so the same records export the same file. Judge calls are no rows: their verdicts are in the
 * assertion columns of the call they judged. A call recorded twice (a resumed run) counts once, its
 * last record, as in compare. Dataset values come from `vars`; a row they do not cover gets its slice
 * columns from scores.jsonl, the only dataset values a run directory keeps.
 * Values keep their types (null, numbers, booleans; chat input as its messages); csvText writes them.
 */
export function exportRows(input: ExportInput): ExportTable {
  const last = new Map<string, ResultRecord>();
  for (const r of input.results) if (r.role !== 'judge') last.set(key(r), r);
  const calls = [...last.values()].sort(
    (a, b) =>
      byCodeUnit(a.model, b.model) ||
      byCodeUnit(a.promptId, b.promptId) ||
      byCodeUnit(a.rowId, b.rowId) ||
      a.repeat - b.repeat,
  );
  const scoreOf = new Map(input.scores.map((s) => [key(s), s] as const));
  const modelOf = new Map((input.meta.models ?? []).map((m) => [m.label, m] as const));

  const varColumns = new Set<string>();
  const assertColumns = new Map<string, number>();
  const rows = calls.map((r) => {
    const score = scoreOf.get(key(r));
    const vars = input.vars?.get(r.rowId) ?? score?.slices ?? {};
    const row: Record<string, unknown> = {
      runId: input.meta.runId,
      suite: input.meta.suite,
      caseId: r.caseId,
      rowId: r.rowId,
      promptId: r.promptId,
      repeat: r.repeat,
      model: r.model,
      provider: r.provider,
      role: r.role,
      input: r.input,
      output: r.output,
      error: r.error ? `${r.error.type}: ${r.error.message}` : null,
      skipped: r.skipped,
      pass: score?.pass ?? null,
      score: score?.score ?? null,
      reason: score?.reason ?? null,
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      tokensPerSecond: r.tokensPerSecond,
      inputTokens: r.usage.input,
      outputTokens: r.usage.output,
      costUsd: callCostUsd(r, modelOf.get(r.model)),
      cached: r.cached,
      finishedAt: r.finishedAt,
    };
    for (const [name, value] of Object.entries(vars)) {
      varColumns.add(`var.${name}`);
      row[`var.${name}`] = value;
    }
    // Assertions by their place in the list (the suite's, then the row's): rows whose assertion at
    // one place has another type (a row's own `assert:`) get columns of their own.
    score?.assertions.forEach((a, i) => {
      const at = `assert.${i}.${a.type}`;
      if (!assertColumns.has(at)) assertColumns.set(at, i);
      row[`${at}.pass`] = a.pass;
      row[`${at}.score`] = a.score;
      row[`${at}.reason`] = a.reason;
    });
    return row;
  });
  const asserts = [...assertColumns].sort(([, a], [, b]) => a - b).map(([at]) => at);
  const columns = [
    ...ID_COLUMNS,
    ...varColumns,
    ...CALL_COLUMNS,
    ...asserts.flatMap((at) => [`${at}.pass`, `${at}.score`, `${at}.reason`]),
    ...FIGURE_COLUMNS,
  ];
  return { columns, rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) };
}
