import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { modelCost } from '../../src/compare/model-cost.js';
import { lookupFrontierModel } from '../../src/models/frontier-models.js';
import { csvText, csvValue } from '../../src/report/csv-text.js';
import { exportRows } from '../../src/report/export-rows.js';
import { exportText } from '../../src/report/export-text.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { RunMeta, RunModelMeta } from '../../src/schema/run-meta.js';
import type { AssertionResult, ScoreRecord } from '../../src/schema/score-record.js';
import { answeredRecord } from '../helpers/answered-record.js';
import { fakeRun } from './fake-run.js';

/** Outputs a hand-written CSV writer gets wrong: every RFC 4180 special, unicode, a formula, blanks. */
const HOSTILE = [
  'plain',
  'a, b, c',
  'she said "hi", then ""left""',
  'line one\nline two',
  'windows\r\nline\rold mac',
  '"starts and ends with quotes"',
  'émoji 🚀 日本語 \u2028 ﬁ',
  '=HYPERLINK("http://x","y")',
  '  padded  ',
  '',
  ',',
  '"',
  '\n',
];

function model(label: string, over: Partial<RunModelMeta> = {}): RunModelMeta {
  return { label, provider: `ollama:${label}`, role: 'candidate', local: true, profile: null, ...over };
}

function meta(models: RunModelMeta[]): RunMeta {
  return {
    schemaVersion: 1,
    suite: 'exports',
    runId: 'exports-2026-01-01T00-00-00',
    suiteFile: '/nowhere/suite.yaml',
    createdAt: '2026-01-01T00:00:00Z',
    models,
  };
}

function assertion(type: string, pass: boolean | null, score: number | null, reason = ''): AssertionResult {
  return { type, metric: null, weight: 1, pass, score, reason };
}

function scoreFor(r: ResultRecord, over: Partial<ScoreRecord> = {}): ScoreRecord {
  return {
    schemaVersion: 1,
    caseId: r.caseId,
    rowId: r.rowId,
    promptId: r.promptId,
    model: r.model,
    role: r.role === 'baseline' ? 'baseline' : 'candidate',
    repeat: r.repeat,
    pass: true,
    score: 1,
    reason: 'all assertions passed',
    unscoredBecause: null,
    assertions: [assertion('equals', true, 1, 'matched')],
    namedScores: {},
    slices: {},
    classes: {},
    ...over,
  };
}

/** One call per hostile output, with vars as hostile as the outputs. */
function hostileRun() {
  const results = HOSTILE.map((output, i) =>
    answeredRecord({
      caseId: `c${i}`,
      rowId: `r${i}`,
      model: 'small',
      output,
      input:
        i % 2
          ? [
              { role: 'system', content: 'be, "brief"' },
              { role: 'user', content: output },
            ]
          : output,
      latencyMs: 100.25 + i,
      usage: { input: 10 + i, output: 3 },
      tokensPerSecond: i === 3 ? null : 1 / 3,
    }),
  );
  const scores = results.map((r, i) =>
    scoreFor(r, {
      pass: i % 3 === 0 ? null : i % 2 === 0,
      score: i % 3 === 0 ? null : 0.1 * i,
      reason: `reason, "${i}"\nsecond line`,
      assertions: [assertion('contains', i % 2 === 0, i % 2 === 0 ? 1 : 0, `judged: "${r.output}"`)],
    }),
  );
  const vars = new Map(
    HOSTILE.map((v, i) => [`r${i}`, { text: v, n: i, nested: { list: [1, 'a,b'] }, empty: null }]),
  );
  return { meta: meta([model('small')]), results, scores, vars };
}

describe('exportRows', () => {
  it('gives one row per call in the stable column order, every value typed', () => {
    const run = hostileRun();
    const table = exportRows(run);
    expect(table.columns).toEqual([
      'runId',
      'suite',
      'caseId',
      'rowId',
      'promptId',
      'repeat',
      'model',
      'provider',
      'role',
      'var.text',
      'var.n',
      'var.nested',
      'var.empty',
      'input',
      'output',
      'error',
      'skipped',
      'pass',
      'score',
      'reason',
      'assert.0.contains.pass',
      'assert.0.contains.score',
      'assert.0.contains.reason',
      'latencyMs',
      'ttftMs',
      'tokensPerSecond',
      'inputTokens',
      'outputTokens',
      'costUsd',
      'cached',
      'finishedAt',
    ]);
    expect(table.rows).toHaveLength(HOSTILE.length);
    const first = table.rows.find((r) => r.caseId === 'c1');
    expect(first).toMatchObject({
      runId: run.meta.runId,
      suite: 'exports',
      rowId: 'r1',
      repeat: 0,
      'var.text': HOSTILE[1],
      'var.n': 1,
      'var.nested': { list: [1, 'a,b'] },
      'var.empty': null,
      input: [
        { role: 'system', content: 'be, "brief"' },
        { role: 'user', content: HOSTILE[1] },
      ],
      output: HOSTILE[1],
      error: null,
      pass: false,
      score: 0.1,
      'assert.0.contains.pass': false,
      'assert.0.contains.score': 0,
      latencyMs: 101.25,
      inputTokens: 11,
      outputTokens: 3,
      costUsd: 0, // a local model without a price
      cached: false,
    });
    for (const row of table.rows) expect(Object.keys(row)).toEqual(table.columns);
  });

  it('sorts by model, prompt, row and repeat (repeats as numbers), keeps the last of a call recorded twice, and leaves judge calls out', () => {
    const rec = (model: string, promptId: string, rowId: string, repeat: number, output = 'x') =>
      answeredRecord({ caseId: `${promptId}-${rowId}-${repeat}`, model, promptId, rowId, repeat, output });
    const results = [
      rec('b', 'p', 'r1', 0),
      rec('a', 'q', 'r1', 0),
      rec('a', 'p', 'r2', 10),
      rec('a', 'p', 'r2', 2, 'first'),
      rec('a', 'p', 'r1', 0),
      rec('a', 'p', 'r2', 2, 'resumed'),
      answeredRecord({ caseId: 'j1', model: 'judge', role: 'judge', output: '{"pass":true}' }),
    ];
    const table = exportRows({ meta: meta([]), results, scores: [], vars: null });
    expect(table.rows.map((r) => [r.model, r.promptId, r.rowId, r.repeat])).toEqual([
      ['a', 'p', 'r1', 0],
      ['a', 'p', 'r2', 2],
      ['a', 'p', 'r2', 10],
      ['a', 'q', 'r1', 0],
      ['b', 'p', 'r1', 0],
    ]);
    expect(table.rows[1]?.output).toBe('resumed');
    // Unscored calls: the score columns are there, empty.
    expect(table.rows[0]).toMatchObject({ pass: null, score: null, reason: null });
  });

  it("gives each assertion place and type its own columns, a row's own assertions after the suite's", () => {
    const a = answeredRecord({ caseId: 'c1', rowId: 'r1' });
    const b = answeredRecord({ caseId: 'c2', rowId: 'r2' });
    const scores = [
      scoreFor(a, { assertions: [assertion('equals', true, 1), assertion('contains', false, 0)] }),
      scoreFor(b, {
        assertions: [
          assertion('equals', true, 1),
          assertion('regex', true, 1),
          assertion('llm-rubric', null, null, 'judge answer not recorded'),
        ],
      }),
    ];
    const table = exportRows({ meta: meta([]), results: [a, b], scores, vars: null });
    expect(table.columns.filter((c) => c.startsWith('assert.'))).toEqual(
      ['assert.0.equals', 'assert.1.contains', 'assert.1.regex', 'assert.2.llm-rubric'].flatMap((at) => [
        `${at}.pass`,
        `${at}.score`,
        `${at}.reason`,
      ]),
    );
    expect(table.rows[0]).toMatchObject({ 'assert.1.contains.pass': false, 'assert.1.regex.pass': null });
    expect(table.rows[1]).toMatchObject({
      'assert.1.contains.score': null,
      'assert.1.regex.score': 1,
      'assert.2.llm-rubric.reason': 'judge answer not recorded',
    });
  });

  it("without the suite's rows, fills the dataset columns it can from scores.jsonl's slices", () => {
    const r = answeredRecord({ caseId: 'c1', rowId: 'r1' });
    const scores = [scoreFor(r, { slices: { topic: 'billing' } })];
    const without = exportRows({ meta: meta([]), results: [r], scores, vars: null });
    expect(without.columns).toContain('var.topic');
    expect(without.rows[0]?.['var.topic']).toBe('billing');
    const withVars = exportRows({
      meta: meta([]),
      results: [r],
      scores,
      vars: new Map([['r1', { question: 'why?', topic: 'billing' }]]),
    });
    expect(withVars.rows[0]).toMatchObject({ 'var.question': 'why?', 'var.topic': 'billing' });
  });

  it('prices each call as compare prices the model: suite prices, the frontier table, per hour, free, unknown', () => {
    const usage = { input: 1000, output: 200 };
    const call = (m: string, provider: string, over: Partial<ResultRecord> = {}) =>
      answeredRecord({ caseId: `c-${m}`, model: m, provider, usage, latencyMs: 1000, ...over });
    const results = [
      call('priced', 'recorded:./a.jsonl'),
      call('gpt', 'openai:gpt-4o'),
      call('hourly', 'ollama:q'),
      call('free', 'ollama:f'),
      call('unknown', 'openai:not-a-listed-model'),
      call('errored', 'recorded:./a.jsonl', {
        output: null,
        error: { type: 'x', message: 'y', retryable: false },
      }),
    ];
    const models = [
      model('priced', {
        provider: 'recorded:./a.jsonl',
        local: false,
        cost: { inputPerMillion: 2.5, outputPerMillion: 10 },
      }),
      model('gpt', { provider: 'openai:gpt-4o', local: false }),
      model('hourly', { cost: { perHour: 3.6 }, concurrency: 2 }),
      model('free'),
      model('unknown', { provider: 'openai:not-a-listed-model', local: false }),
      model('errored', { provider: 'recorded:./a.jsonl', local: false, cost: { inputPerMillion: 2.5 } }),
    ];
    const cost = Object.fromEntries(
      exportRows({ meta: meta(models), results, scores: [], vars: null }).rows.map((r) => [
        r.model,
        r.costUsd,
      ]),
    );
    const gpt = lookupFrontierModel('gpt-4o');
    expect(gpt).toBeTruthy();
    expect(cost).toEqual({
      priced: 0.0045, // 1000 × 2.5 / 10^6 + 200 × 10 / 10^6
      gpt: Number(
        ((1000 * (gpt?.inputPerMillion ?? 0) + 200 * (gpt?.outputPerMillion ?? 0)) / 1e6).toPrecision(15),
      ),
      hourly: 0.0005, // $3.6 an hour × 1 s of a machine serving 2 calls at once
      free: 0,
      unknown: null,
      errored: null,
    });
  });

  it('averages to the cost per 1,000 calls compare gives the model', () => {
    const run = fakeRun({ rows: 30 });
    const label = run.meta.models?.find((m) => m.role === 'candidate')?.label ?? '';
    const priced = run.meta.models?.map((m) =>
      m.label === label ? { ...m, local: false, cost: { inputPerMillion: 0.15, outputPerMillion: 0.6 } } : m,
    );
    const results = run.results.filter((r) => r.model === label);
    const rows = exportRows({
      meta: { ...run.meta, ...(priced ? { models: priced } : {}) },
      results,
      scores: run.scores,
      vars: null,
    }).rows;
    const answered = rows.filter(
      (r) => r.error === null && r.skipped === null && typeof r.costUsd === 'number',
    );
    expect(answered.length).toBeGreaterThan(10);
    const mean = answered.reduce((s, r) => s + (r.costUsd as number), 0) / answered.length;
    const { costPer1k } = modelCost(
      { provider: 'x', local: false, cost: { inputPerMillion: 0.15, outputPerMillion: 0.6 }, concurrency: 1 },
      results,
      null,
    );
    expect(mean * 1000).toBeCloseTo(costPer1k ?? Number.NaN, 12);
  });
});

describe('CSV export', () => {
  it('round-trips through csv-parse to the same values: quotes, commas, line breaks, unicode, blanks', () => {
    const run = hostileRun();
    const table = exportRows(run);
    const text = exportText('csv', table, { bom: true });
    expect(text.startsWith('\uFEFFrunId,suite,caseId,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parse(text, { bom: true }) as string[][];
    expect(parsed[0]).toEqual(table.columns);
    expect(parsed).toHaveLength(table.rows.length + 1);
    table.rows.forEach((row, i) => {
      expect(parsed[i + 1]).toEqual(table.columns.map((c) => csvValue(row[c])));
    });
    // And against the records themselves, not just the table.
    const byCase = new Map(parsed.slice(1).map((cells) => [cells[2], cells]));
    const col = (name: string) => table.columns.indexOf(name);
    for (const r of run.results) {
      const cells = byCase.get(r.caseId) ?? [];
      const s = run.scores.find((x) => x.caseId === r.caseId);
      expect(cells[col('output')]).toBe(r.output);
      expect(cells[col('var.text')]).toBe(run.vars.get(r.rowId)?.text);
      expect(cells[col('reason')]).toBe(s?.reason);
      expect(cells[col('assert.0.contains.reason')]).toBe(s?.assertions[0]?.reason);
      expect(cells[col('score')]).toBe(s?.score === null ? '' : String(s?.score));
      if (s?.score != null) expect(Number(cells[col('score')])).toBe(s.score);
      expect(Number(cells[col('latencyMs')])).toBe(r.latencyMs);
      expect(cells[col('tokensPerSecond')]).toBe(r.tokensPerSecond === null ? '' : String(r.tokensPerSecond));
      const input = cells[col('input')] ?? '';
      expect(typeof r.input === 'string' ? input : JSON.parse(input)).toEqual(r.input);
    }
  });

  it('round-trips a whole fake run (errors, skips, judges, several models) cell for cell', () => {
    const run = fakeRun({ rows: 40, repeats: 2, hostile: 'a "quoted", multi\nline 🚀 output' });
    const table = exportRows({ meta: run.meta, results: run.results, scores: run.scores, vars: null });
    expect(table.rows).toHaveLength(run.results.filter((r) => r.role !== 'judge').length);
    const parsed = parse(exportText('csv', table), {}) as string[][];
    expect(parsed.slice(1)).toEqual(table.rows.map((row) => table.columns.map((c) => csvValue(row[c]))));
    expect(table.rows.some((r) => r.error !== null)).toBe(true);
    expect(table.rows.some((r) => r.skipped !== null)).toBe(true);
  });

  it('quotes exactly the fields RFC 4180 says must be quoted', () => {
    expect(
      csvText(
        ['a', 'b,c'],
        [
          { a: 'x', 'b,c': 'say "hi"' },
          { a: null, 'b,c': 1.5 },
        ],
      ),
    ).toBe('a,"b,c"\r\nx,"say ""hi"""\r\n,1.5\r\n');
    expect(csvText(['a'], [{ a: 'two\nlines' }, { a: true }, { a: [1, 2] }])).toBe(
      'a\r\n"two\nlines"\r\ntrue\r\n"[1,2]"\r\n',
    );
  });
});

describe('JSONL export', () => {
  it('round-trips to the same typed values, one object per line, keys in column order', () => {
    const run = hostileRun();
    const table = exportRows(run);
    const text = exportText('jsonl', table);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(table.rows.length);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toEqual(table.rows);
    for (const row of parsed) expect(Object.keys(row)).toEqual(table.columns);
    for (const r of run.results) {
      const row = parsed.find((p) => p.caseId === r.caseId);
      expect(row?.output).toBe(r.output);
      expect(row?.input).toEqual(r.input);
      expect(row?.latencyMs).toBe(r.latencyMs);
    }
    // JSONL keeps what CSV cannot: an empty output apart from a missing one.
    expect(parsed.find((p) => p.output === '')).toBeTruthy();
    expect(parsed.find((p) => p.caseId === 'c0')?.score).toBeNull();
  });
});
