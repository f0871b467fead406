import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import { cli, cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

/** Texts that a CSV must quote or a spreadsheet must read as UTF-8. */
const TEXTS = ['plain', 'a, b', 'she said "no"', 'two\nlines', 'crlf\r\nline', 'émoji 🚀 日本語', '=1+1', ''];
const ROWS = 24;
const text = (i: number) => `${TEXTS[i % TEXTS.length]} #${i}`;
const answer = (model: string, i: number) =>
  model === 'small' && i % 4 === 0 ? `wrong, "${i}"\n!` : text(i);

/** A run of recorded answers: the baseline priced, the candidate unpriced and remote (cost unknown). */
function suiteDir(): string {
  return tempFiles({
    'suite.yaml': [
      'name: exports',
      'dataset: file://rows.jsonl',
      'prompts: ["Repeat: {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl", cost: { inputPerMillion: 2.5, outputPerMillion: 10 } }',
      'candidates:',
      '  - { id: small, provider: "recorded:./small.jsonl" }',
      'assert:',
      '  - type: equals',
      '    value: "{{text}}"',
      '  - type: icontains',
      '    value: "#"',
      'slices: [topic]',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: text(i), topic: i % 2 ? 'odd, "numbered"' : 'even', n: i }),
    ).join('\n'),
    ...Object.fromEntries(
      ['big', 'small'].map((m) => [
        `${m}.jsonl`,
        Array.from({ length: ROWS }, (_, i) =>
          JSON.stringify({
            id: `r${i}`,
            output: answer(m, i),
            latencyMs: 100 + i,
            usage: { input: 20 + i, output: 5 },
          }),
        ).join('\n'),
      ]),
    ),
  });
}

function jsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

describe('rightsize export', () => {
  it('writes a CSV that parses back to the records, and JSONL with the same rows', async () => {
    const dir = suiteDir();
    const run = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(run.stderr).not.toContain('internal error');
    const out = join(dir, 'out');
    const results = jsonl<ResultRecord>(join(out, 'results.jsonl'));
    const scores = jsonl<ScoreRecord>(join(out, 'scores.jsonl'));
    expect(results).toHaveLength(2 * ROWS);

    const r = cli(['export', 'out'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`export.csv: ${2 * ROWS} rows`);
    const raw = readFileSync(join(out, 'export.csv'), 'utf8');
    expect(raw.startsWith('\uFEFFrunId,')).toBe(true);
    const [header, ...cells] = parse(raw, { bom: true }) as string[][];
    const rows = cells.map((c) => Object.fromEntries((header ?? []).map((h, i) => [h, c[i]])));
    expect(header).toEqual([
      'runId',
      'suite',
      'caseId',
      'rowId',
      'promptId',
      'repeat',
      'model',
      'provider',
      'role',
      'var.id',
      'var.text',
      'var.topic',
      'var.n',
      'input',
      'output',
      'error',
      'skipped',
      'pass',
      'score',
      'reason',
      'assert.0.equals.pass',
      'assert.0.equals.score',
      'assert.0.equals.reason',
      'assert.1.icontains.pass',
      'assert.1.icontains.score',
      'assert.1.icontains.reason',
      'latencyMs',
      'ttftMs',
      'tokensPerSecond',
      'inputTokens',
      'outputTokens',
      'costUsd',
      'cached',
      'finishedAt',
    ]);
    // Sorted by model, then row id as text (r0, r1, r10, …).
    expect(rows.map((x) => x.model)).toEqual([...Array(ROWS).fill('big'), ...Array(ROWS).fill('small')]);
    expect(rows.slice(0, 3).map((x) => x.rowId)).toEqual(['r0', 'r1', 'r10']);
    for (const rec of results) {
      const row = rows.find((x) => x.caseId === rec.caseId);
      const score = scores.find((s) => s.caseId === rec.caseId && s.model === rec.model);
      const i = Number(rec.rowId.slice(1));
      expect(row).toMatchObject({
        rowId: rec.rowId,
        model: rec.model,
        role: rec.role,
        repeat: '0',
        input: rec.input,
        output: rec.output,
        'var.id': rec.rowId,
        'var.text': text(i),
        'var.topic': i % 2 ? 'odd, "numbered"' : 'even',
        'var.n': String(i),
        pass: String(score?.pass),
        score: String(score?.score),
        'assert.0.equals.pass': String(score?.assertions[0]?.pass),
        'assert.1.icontains.score': String(score?.assertions[1]?.score),
        latencyMs: String(rec.latencyMs),
        inputTokens: String(rec.usage.input),
        outputTokens: '5',
        // The baseline at its suite prices; the candidate (remote, unpriced) unknown, so empty.
        costUsd: rec.model === 'big' ? String(((20 + i) * 2.5 + 5 * 10) / 1e6) : '',
        cached: String(rec.cached),
        error: '',
      });
    }
    expect(rows.filter((x) => x.model === 'small' && x.pass === 'false')).toHaveLength(ROWS / 4);

    const j = cli(['export', 'out', '--format', 'jsonl', '--out', '-'], { cwd: dir });
    expect(j.code).toBe(0);
    expect(j.stdout.startsWith('{"runId":')).toBe(true);
    const objects = j.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.caseId)).toEqual(rows.map((x) => x.caseId));
    for (const [k, o] of objects.entries()) {
      expect(Object.keys(o)).toEqual(header);
      expect(o).toMatchObject({ output: rows[k]?.output, repeat: 0, 'var.n': Number(rows[k]?.['var.n']) });
      expect(typeof o.score).toBe('number');
    }
    expect(existsSync(join(out, 'export.jsonl'))).toBe(false);

    // scores.jsonl gone (a run killed before scoring): the records are scored from the suite, as compare does.
    const unscored = join(dir, 'unscored');
    cpSync(out, unscored, { recursive: true });
    rmSync(join(unscored, 'scores.jsonl'));
    const u = cli(['export', 'unscored', '--format', 'jsonl', '--out', '-'], { cwd: dir });
    expect(u.code).toBe(0);
    expect(u.stdout).toBe(j.stdout);
    expect(existsSync(join(unscored, 'scores.jsonl'))).toBe(false);

    // A copy of the run dir without its suite: everything but the dataset columns scores.jsonl lacks.
    renameSync(join(dir, 'suite.yaml'), join(dir, 'moved.yaml'));
    const copy = join(dir, 'copied');
    cpSync(out, copy, { recursive: true });
    const c = cli(['export', 'copied', '--out', 'calls.jsonl'], { cwd: dir });
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/warning: the suite file .*suite\.yaml cannot be read/);
    expect(c.stderr).toContain('only the slice columns');
    const copied = jsonl<Record<string, unknown>>(join(dir, 'calls.jsonl'));
    expect(copied).toHaveLength(2 * ROWS);
    expect(Object.keys(copied[0] ?? {}).filter((k) => k.startsWith('var.'))).toEqual(['var.topic']);
    expect(copied.map((o) => [o.caseId, o.output, o.score, o.costUsd])).toEqual(
      objects.map((o) => [o.caseId, o.output, o.score, o.costUsd]),
    );
  });

  it('refuses what is not a run directory, and an unknown format, with exit 2 and the fix', () => {
    const dir = tempFiles({ 'notes.txt': 'hi' });
    const r = cli(['export', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a run directory (no run.json)');
    expect(r.stderr).toContain('fix: pass a directory written by `rightsize run`');

    const f = cli(['export', '.', '--format', 'xlsx'], { cwd: dir });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--format: unknown export format "xlsx"');
    expect(f.stderr).toContain('fix: pass --format csv or --format jsonl');
    const typo = cli(['export', '.', '--format', 'jsnl'], { cwd: dir });
    expect(typo.stderr).toContain('Did you mean "jsonl"?');
  });
});
