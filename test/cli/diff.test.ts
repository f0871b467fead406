import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiffSchema } from '../../src/schema/run-diff.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROWS = 200;
type Right = (i: number) => boolean;
const big: Right = (i) => i % 10 !== 0; // 90%
const small: Right = (i) => i % 10 !== 0; // 90%, as good as the baseline
/** The planted regression: a new build of the small model also gets rows ending in 1 and 2 wrong. */
const smallBroken: Right = (i) => i % 10 > 2;

function answers(right: Right, latencyMs: number): string {
  return Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({ id: `r${i}`, output: right(i) ? `label${i % 4}` : 'wrong', latencyMs }),
  ).join('\n');
}

function suite(name: string): string {
  return [
    `name: ${name}`,
    'dataset: file://rows.jsonl',
    'prompts: ["Classify: {{text}}"]',
    'baseline: { id: big, provider: "recorded:./big.jsonl" }',
    'candidates:',
    '  - { id: small, provider: "recorded:./small.jsonl" }',
    'assert:',
    '  - type: equals',
    '    value: "{{label}}"',
  ].join('\n');
}

/** A suite folder with one run done: `a`. */
async function firstRun(): Promise<string> {
  const dir = tempFiles({
    'suite.yaml': suite('routing'),
    'other.yaml': suite('billing'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `t${i}`, label: `label${i % 4}` }),
    ).join('\n'),
    'big.jsonl': answers(big, 1500),
    'small.jsonl': answers(small, 200),
  });
  const r = await cliAsync(['run', 'suite.yaml', '--out', 'a', '--quiet', '--no-cache'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return dir;
}

describe('rightsize diff', () => {
  it('catches a planted regression (exit 1), lists the cases, and writes diff.json, summary.md and diff.html', async () => {
    const dir = await firstRun();
    writeFileSync(join(dir, 'small.jsonl'), answers(smallBroken, 120));
    expect(
      (await cliAsync(['run', 'suite.yaml', '--out', 'b', '--quiet', '--no-cache'], { cwd: dir })).code,
    ).toBe(0);
    const r = await cliAsync(['diff', 'a', 'b'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('small: REGRESSION');
    expect(r.stdout).toContain('big: NO REGRESSION');
    expect(r.stdout).toContain('regression check: failed (small)');

    const runIdA = (JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8')) as { runId: string }).runId;
    const out = join(dir, 'b', `diff-${runIdA}`.replace(/[^a-zA-Z0-9._+-]+/g, '_'));
    const diff = runDiffSchema.parse(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')));
    const smallDiff = diff.models.find((m) => m.id === 'small');
    expect(smallDiff?.outcome).toBe('regression');
    expect(smallDiff?.passToFail).toHaveLength(40);
    expect(smallDiff?.latencyMs.a.p50).toBeGreaterThan(smallDiff?.latencyMs.b.p50 ?? Infinity);

    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('**Regression check: ❌ failed.**');
    expect(md).toContain('| small | ❌ regression |');
    expect(md).toContain('### small: pass → fail (40)');
    expect(md).toMatch(/\| prompt-\w+ \| r1 \| 1 of 1 \| 0 of 1 \| 1\.000 → 0\.000 \|/);
    expect(md).toContain('20 more in diff.json.');
    expect(md).not.toContain('### big:');

    const html = readFileSync(join(out, 'diff.html'), 'utf8');
    expect(html).toContain('data-model="small" data-outcome="regression"');
    expect(html).toContain('data-model="big" data-outcome="no-regression"');
    expect(html).toContain('small: pass → fail (40)');
    expect(html).toContain("default-src 'none'".replace(/'/g, '&#x27;'));
  });

  it('passes an unchanged run (exit 0) with no changed case, and honours --out and --margin', async () => {
    const dir = await firstRun();
    expect(
      (await cliAsync(['run', 'suite.yaml', '--out', 'b', '--quiet', '--no-cache'], { cwd: dir })).code,
    ).toBe(0);
    const r = await cliAsync(['diff', 'a', 'b', '--out', 'same', '--margin', '10%'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('regression check: passed (every model within the margin of A)');
    expect(r.stdout).toContain('given as flags');
    const diff = runDiffSchema.parse(JSON.parse(readFileSync(join(dir, 'same', 'diff.json'), 'utf8')));
    expect(diff.regressions).toEqual([]);
    expect(diff.differs).toEqual([]);
    expect(diff.models.map((m) => [m.id, m.outcome, m.passToFail.length, m.failToPass.length])).toEqual([
      ['big', 'no-regression', 0, 0],
      ['small', 'no-regression', 0, 0],
    ]);
    expect(diff.overrides?.margin?.used).toEqual({ type: 'relative', value: 0.1 });
    expect(readFileSync(join(dir, 'same', 'summary.md'), 'utf8')).toContain('Settings overridden');

    // A new prompt (edited, without an id: a new hash id) with the same answers: paired by row, no regression.
    writeFileSync(join(dir, 'suite.yaml'), suite('routing').replace('Classify: {{text}}', 'Route: {{text}}'));
    expect(
      (await cliAsync(['run', 'suite.yaml', '--out', 'c', '--quiet', '--no-cache'], { cwd: dir })).code,
    ).toBe(0);
    const edited = await cliAsync(['diff', 'a', 'c', '--out', 'edited'], { cwd: dir });
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('inputs differ: the prompts');
    expect(edited.stdout).toMatch(
      /prompt replaced \(prompt-\w+ in A, prompt-\w+ in B\): cases paired by row/,
    );
    expect(edited.stdout).toContain('small: NO REGRESSION');
    expect(edited.stdout).toContain('on 200 shared cases');
  });

  it('refuses runs of two suites (exit 2) and a directory that is no run, without a stack trace', async () => {
    const dir = await firstRun();
    expect(
      (await cliAsync(['run', 'other.yaml', '--out', 'o', '--quiet', '--no-cache'], { cwd: dir })).code,
    ).toBe(0);
    const r = await cliAsync(['diff', 'a', 'o'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a is a run of suite "routing" and o of suite "billing"');
    expect(r.stderr).toContain('fix: pass two run directories of the same suite');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'o', 'diff-'))).toBe(false);
    const missing = await cliAsync(['diff', 'a', 'nowhere'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a run directory');
    const margin = await cliAsync(['diff', 'a', 'a', '--margin', 'lots'], { cwd: dir });
    expect(margin.code).toBe(2);
  });
});
