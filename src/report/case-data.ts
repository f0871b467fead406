import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { AssertionResult, ScoreRecord } from '../schema/score-record.js';
import type { Summary } from '../schema/summary.js';

/**
 * The case table's data, embedded once in the report as JSON and rendered by the page's script.
 * Keys are short because they repeat for every output (10,000 cases × 4 models); each is named here.
 */
export interface CaseData {
  models: { id: string; role: 'baseline' | 'candidate' }[];
  /** Slice columns; each case's `s` holds its values in this order ('' when unknown). */
  slices: string[];
  cases: CaseEntry[];
}

export interface CaseEntry {
  /** Row id, prompt id, repeat: together they name a case across models. */
  r: string;
  p: string;
  k: number;
  s: string[];
  /** The rendered input (chat messages as `role: content` paragraphs). */
  i: string;
  /** One entry per model of `models`, null when the run holds no call for it. */
  o: (CaseOutput | null)[];
}

export interface CaseOutput {
  /** Output text, or null when the call errored or was skipped. */
  t: string | null;
  /** Error as `type: message`. */
  e: string | null;
  /** Why the call was not made (context_overflow). */
  x: string | null;
  /** Pass, score and the scorer's summary reason; null when unscored or not scored yet. */
  ok: boolean | null;
  sc: number | null;
  why: string | null;
  ms: number | null;
  ttft: number | null;
  tin: number | null;
  tout: number | null;
  tps: number | null;
  a: CaseAssertionView[];
}

export interface CaseAssertionView {
  type: string;
  ok: boolean | null;
  sc: number | null;
  why: string;
  judge?: {
    model: string;
    orders?: { order: string; winner: string | null; why: string }[];
    inconsistent?: boolean;
  };
}

function inputText(input: ResultRecord['input']): string {
  return typeof input === 'string' ? input : input.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

function assertionView(a: AssertionResult): CaseAssertionView {
  const view: CaseAssertionView = { type: a.type, ok: a.pass, sc: a.score, why: a.reason };
  if (a.judge) {
    view.judge = { model: a.judge.model };
    if (a.judge.orders) {
      view.judge.orders = a.judge.orders.map((o) => ({ order: o.order, winner: o.winner, why: o.reason }));
    }
    if (a.judge.inconsistent !== undefined) view.judge.inconsistent = a.judge.inconsistent;
  }
  return view;
}

/** Baseline first, then candidates in the summary's order, then any model only the records name. */
export function reportModels(summary: Summary, results: readonly ResultRecord[]): CaseData['models'] {
  const models: CaseData['models'] = [];
  const seen = new Set<string>();
  const add = (id: string, role: 'baseline' | 'candidate') => {
    if (seen.has(id)) return;
    seen.add(id);
    models.push({ id, role });
  };
  for (const m of summary.models) if (m.role === 'baseline') add(m.id, m.role);
  for (const m of summary.models) if (m.role === 'candidate') add(m.id, m.role);
  for (const r of results) if (r.role !== 'judge') add(r.model, r.role);
  return models;
}

/**
 * Joins results and scores into cases (row × prompt × repeat) with one output per model. Only the
 * fields named above are copied: nothing else of a record (its raw payload) can reach the page.
 */
export function buildCaseData(input: {
  meta: RunMeta;
  summary: Summary;
  results: readonly ResultRecord[];
  scores: readonly ScoreRecord[];
}): CaseData {
  const models = reportModels(input.summary, input.results);
  const modelIndex = new Map(models.map((m, i) => [m.id, i]));
  const slices = input.meta.settings?.slices ?? [
    ...new Set(input.scores.flatMap((s) => Object.keys(s.slices))),
  ];
  const scoreByCase = new Map(input.scores.map((s) => [s.caseId, s]));
  const cases = new Map<string, CaseEntry>();
  const entryFor = (rowId: string, promptId: string, repeat: number): CaseEntry => {
    const key = JSON.stringify([rowId, promptId, repeat]);
    let entry = cases.get(key);
    if (!entry) {
      entry = { r: rowId, p: promptId, k: repeat, s: slices.map(() => ''), i: '', o: models.map(() => null) };
      cases.set(key, entry);
    }
    return entry;
  };
  const fillSlices = (entry: CaseEntry, score: ScoreRecord) => {
    slices.forEach((name, i) => {
      const v = score.slices[name];
      if (v !== undefined) entry.s[i] = v;
    });
  };

  const resultCases = new Set<string>();
  for (const r of input.results) {
    const m = modelIndex.get(r.model);
    if (r.role === 'judge' || m === undefined) continue;
    resultCases.add(r.caseId);
    const entry = entryFor(r.rowId, r.promptId, r.repeat);
    if (entry.i === '') entry.i = inputText(r.input);
    const score = scoreByCase.get(r.caseId);
    if (score) fillSlices(entry, score);
    entry.o[m] = {
      t: r.output,
      e: r.error ? `${r.error.type}: ${r.error.message}` : null,
      x: r.skipped,
      ok: score?.pass ?? null,
      sc: score?.score ?? null,
      why: score ? score.reason : null,
      ms: r.latencyMs,
      ttft: r.ttftMs,
      tin: r.usage.input,
      tout: r.usage.output,
      tps: r.tokensPerSecond,
      a: score ? score.assertions.map(assertionView) : [],
    };
  }
  // A score whose call is missing from results.jsonl (an edited or partial directory) still shows.
  for (const s of input.scores) {
    const m = modelIndex.get(s.model);
    if (resultCases.has(s.caseId) || m === undefined) continue;
    const entry = entryFor(s.rowId, s.promptId, s.repeat);
    fillSlices(entry, s);
    entry.o[m] = {
      t: null,
      e: s.unscoredBecause === 'error' ? 'error: not in results.jsonl' : null,
      x: s.unscoredBecause === 'skipped' ? 'skipped' : null,
      ok: s.pass,
      sc: s.score,
      why: s.reason,
      ms: null,
      ttft: null,
      tin: null,
      tout: null,
      tps: null,
      a: s.assertions.map(assertionView),
    };
  }
  return { models, slices, cases: [...cases.values()] };
}
