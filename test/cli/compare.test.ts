import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROWS = 400;
/** Which rows each model answers right: the verdicts these give are known in advance. */
const RIGHT: Record<string, (i: number) => boolean> = {
  big: (i) => i % 10 !== 0, // 90%
  good: (i) => i % 10 !== 0 || i % 20 === 0, // 95%, never wrong where the baseline is right: switch
  bad: (i) => i % 2 === 0, // 50%: keep
  close: (i) => i % 100 >= 13, // 87% against a bar of 0.95 × 90% = 85.5%: inconclusive at 400 rows
};

function answers(model: string): string {
  const right = RIGHT[model] as (i: number) => boolean;
  return Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({
      id: `r${i}`,
      output: right(i) ? `label${i % 4}` : 'wrong',
      latencyMs: model === 'big' ? 1500 : 200,
    }),
  ).join('\n');
}

function run(): string {
  return tempFiles({
    'suite.yaml': [
      'name: verdicts',
      'dataset: file://rows.jsonl',
      'prompts: ["Classify: {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      ...['good', 'bad', 'close'].map((m) => `  - { id: ${m}, provider: "recorded:./${m}.jsonl" }`),
      'assert:',
      '  - type: equals',
      '    value: "{{label}}"',
      'metrics:',
      '  - type: classification',
      '    label: "{{label}}"',
      'gate:',
      '  requireSwitch: any',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `t${i}`, label: `label${i % 4}` }),
    ).join('\n'),
    ...Object.fromEntries(Object.keys(RIGHT).map((m) => [`${m}.jsonl`, answers(m)])),
  });
}

interface Summary {
  candidates: { id: string; verdict: string; samplesNeeded: number | null; pairs: number }[];
  models: { id: string; passRate: number; metrics: Record<string, number> }[];
  gate: { passed: boolean };
}

describe('rightsize run and compare on recorded answers with known verdicts', () => {
  it('gives switch, keep and inconclusive (with samplesNeeded), writes every output, and compare reproduces them', async () => {
    const dir = run();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const out = join(dir, 'out');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const verdict = (id: string) => summary.candidates.find((c) => c.id === id);
    expect(verdict('good')).toMatchObject({ verdict: 'switch', pairs: ROWS, samplesNeeded: null });
    expect(verdict('bad')).toMatchObject({ verdict: 'keep' });
    expect(verdict('close')?.verdict).toBe('inconclusive');
    expect(verdict('close')?.samplesNeeded).toBeGreaterThan(ROWS);
    expect(summary.models.find((m) => m.id === 'big')).toMatchObject({
      passRate: 0.9,
      metrics: { accuracy: 0.9 },
    });
    expect(summary.gate.passed).toBe(true);
    expect(r.stdout).toContain('verdict good: SWITCH');
    expect(r.stdout).toContain('verdict close: INCONCLUSIVE');

    const files = ['summary.json', 'junit.xml', 'summary.md', 'report.html'];
    const before = files.map((f) => readFileSync(join(out, f), 'utf8'));
    expect(before[1]).toContain('<testsuites');
    expect(before[2]).toContain('| good |');
    for (const f of files) writeFileSync(join(out, f), 'stale');
    const again = await cliAsync(['compare', 'out', '--quiet'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(files.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
  });

  it('exits 1 when the gate fails, and 2 for a margin it cannot read', async () => {
    const dir = run();
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const all = await cliAsync(['compare', 'out', '--require-switch', 'all'], { cwd: dir });
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('gate: failed');
    // A wide enough margin lets the close candidate through.
    const wide = await cliAsync(['compare', 'out', '--margin', '20%', '--require-switch', 'close'], {
      cwd: dir,
    });
    expect(wide.code).toBe(0);
    const bad = await cliAsync(['compare', 'out', '--margin', 'lots'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('margin "lots"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('report re-renders the HTML, JUnit and Markdown from the records', async () => {
    const dir = run();
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    writeFileSync(join(dir, 'out', 'report.html'), '');
    const r = await cliAsync(['report', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toBe(html);
    expect((await cliAsync(['report', 'nowhere'], { cwd: dir })).code).toBe(2);
  });
});
