import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROWS = 40;

/** A recorded baseline and candidates; `unreachable` candidates point at a closed loopback port. */
function suite(opts: { unreachable?: boolean } = {}): string {
  const candidates = opts.unreachable
    ? [
        '  - { id: small, provider: "openai:qwen", baseURL: "http://127.0.0.1:9/v1" }',
        '  - { id: tiny, provider: "openai:llama", baseURL: "http://127.0.0.1:9/v1" }',
      ]
    : [
        '  - { id: good, provider: "recorded:./good.jsonl" }',
        '  - { id: close, provider: "recorded:./close.jsonl" }',
      ];
  const answers = (right: (i: number) => boolean) =>
    Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, output: right(i) ? `label${i % 4}` : 'wrong', latencyMs: 100 }),
    ).join('\n');
  return tempFiles({
    'suite.yaml': [
      'name: trust',
      'dataset: file://rows.jsonl',
      'prompts: ["Classify: {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      ...candidates,
      'assert:',
      '  - type: equals',
      '    value: "{{label}}"',
      'gate:',
      '  requireSwitch: any',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `t${i}`, label: `label${i % 4}` }),
    ).join('\n'),
    'big.jsonl': answers((i) => i % 10 !== 0),
    'good.jsonl': answers(() => true),
    'close.jsonl': answers((i) => i % 5 !== 0),
  });
}

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;

describe('a run that stopped short never passes', () => {
  it('after a failed pre-flight, compare says the run is incomplete, fails the gate and exits 3 with the resume command', async () => {
    const dir = suite({ unreachable: true });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir });
    expect(r.code).toBe(3);
    const meta = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8'));
    // run.json is whole before the first call, so compare knows the run had two candidates.
    expect(meta.models.map((m: { label: string }) => m.label)).toEqual(['big', 'small', 'tiny']);
    expect(meta.planned).toEqual({ big: ROWS, small: ROWS, tiny: ROWS });
    expect(meta.settings.gate).toEqual({ requireSwitch: 'any' });

    const c = await cliAsync(['compare', 'out'], { cwd: dir });
    expect(c.code).toBe(3);
    expect(c.stderr).toContain('the run is incomplete');
    expect(c.stderr).toContain('small: 0 of 40 calls recorded');
    expect(c.stderr).toContain('finish it with: rightsize run suite.yaml --resume out');
    expect(c.stdout).not.toContain('no candidates');
    const summary = summaryOf(join(dir, 'out'));
    expect(summary.complete).toBe(false);
    expect(summary.gate.passed).toBe(false);
    expect(summary.candidates.map((x) => x.id)).toEqual(['small', 'tiny']);
    expect(summary.models.find((m) => m.id === 'small')?.calls).toEqual({ planned: ROWS, recorded: 0 });
    // Every output says so, first: summary.md and the report open with it.
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toMatch(
      /^## .*\n\n> \*\*⚠️ Incomplete run\.\*\*/,
    );
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).not.toContain('no gate rules');
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain(
      'class="caveat caveat-incomplete"',
    );

    const report = await cliAsync(['report', 'out'], { cwd: dir });
    expect(report.code).toBe(3);
    expect(report.stderr).toContain('--resume out');
  });

  it('a killed run is scored from results.jsonl, counted, and marked incomplete', async () => {
    const dir = suite();
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'out');
    expect(summaryOf(out).complete).toBe(true);
    // As a kill leaves it: part of results.jsonl, no scores, no outputs.
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    const kept = lines.slice(0, ROWS + 10);
    writeFileSync(join(out, 'results.jsonl'), `${kept.join('\n')}\n`);
    const expected: Record<string, number> = { big: 0, good: 0, close: 0 };
    for (const line of kept) {
      const { model } = JSON.parse(line) as { model: string };
      expected[model] = (expected[model] ?? 0) + 1;
    }
    for (const f of ['scores.jsonl', 'summary.json', 'report.html', 'junit.xml', 'summary.md'])
      rmSync(join(out, f));

    const c = await cliAsync(['compare', 'out'], { cwd: dir });
    expect(c.code).toBe(3);
    const summary = summaryOf(out);
    expect(summary.complete).toBe(false);
    const recorded = Object.fromEntries(summary.models.map((m) => [m.id, m.calls?.recorded]));
    const cases = Object.fromEntries(summary.models.map((m) => [m.id, m.scored]));
    expect(recorded).toEqual(expected);
    // Scored from the records, not left at zero for want of scores.jsonl.
    expect(cases).toEqual(expected);
    expect(summary.gate.passed).toBe(false);

    // `report` on the same folder agrees, and the resumed run completes it.
    expect((await cliAsync(['report', 'out'], { cwd: dir })).code).toBe(3);
    const resumed = await cliAsync(['run', 'suite.yaml', '--resume', 'out', '--quiet'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(summaryOf(out).complete).toBe(true);
  });

  it('without the suite file to score with, the records are counted, not scored, and the run is incomplete', async () => {
    const dir = suite();
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'out');
    rmSync(join(out, 'scores.jsonl'));
    renameSync(join(dir, 'suite.yaml'), join(dir, 'moved.yaml'));
    const c = await cliAsync(['compare', 'out'], { cwd: dir });
    expect(c.code).toBe(3);
    const summary = summaryOf(out);
    expect(summary.incomplete?.join('\n')).toMatch(/not scored.*suite\.yaml/);
    expect(summary.models.map((m) => m.calls?.recorded)).toEqual([ROWS, ROWS, ROWS]);
  });
});

describe('compare keeps the verdict of record', () => {
  it('writes a changed margin to its own folder, stating the override, and leaves the run outputs alone', async () => {
    const dir = suite();
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'out');
    const files = ['summary.json', 'report.html', 'junit.xml', 'summary.md'];
    const before = files.map((f) => readFileSync(join(out, f), 'utf8'));

    const c = await cliAsync(['compare', 'out', '--margin', '10%'], { cwd: dir });
    expect(c.code).toBe(0);
    expect(files.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
    const folder = join(out, 'compare-margin-10pct');
    for (const f of files) expect(existsSync(join(folder, f))).toBe(true);
    expect(c.stdout).toContain('compare-margin-10pct');
    const changed = summaryOf(folder);
    expect(changed.overrides).toEqual({
      margin: { suite: { type: 'relative', value: 0.05 }, used: { type: 'relative', value: 0.1 } },
    });
    expect(summaryOf(out).overrides).toBeUndefined();
    expect(readFileSync(join(folder, 'summary.md'), 'utf8')).toContain(
      "**⚠️ Settings overridden.** Settings differ from the suite's, so this is not the suite's own verdict: margin 10% (relative) (the suite's: 5% (relative))",
    );
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toContain('caveat-overrides');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).not.toContain('Settings overridden');

    // --out chooses the folder; the same settings as the run re-render in place.
    const chosen = await cliAsync(['compare', 'out', '--require-switch', 'all', '--out', 'strict'], {
      cwd: dir,
    });
    expect(chosen.code).toBe(1);
    expect(summaryOf(join(dir, 'strict')).overrides).toEqual({
      'gate.requireSwitch': { suite: 'any', used: 'all' },
    });
    rmSync(join(out, 'summary.json'));
    expect((await cliAsync(['compare', 'out', '--margin', '5%'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('a run given --margin records it, and compare without flags keeps it', async () => {
    const dir = suite();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet', '--margin', '20%'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const run = summaryOf(join(dir, 'out'));
    expect(run.margin).toEqual({ type: 'relative', value: 0.2 });
    expect(run.overrides?.margin).toEqual({
      suite: { type: 'relative', value: 0.05 },
      used: { type: 'relative', value: 0.2 },
    });
    expect((await cliAsync(['compare', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    expect(summaryOf(join(dir, 'out'))).toEqual(run);
  });

  it('--require-switch naming no candidate is bad input (exit 2) on run and compare', async () => {
    const dir = suite();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--require-switch', 'godo'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"godo"');
    expect(r.stderr).toContain('good, close');
    expect(existsSync(join(dir, 'out', 'results.jsonl'))).toBe(false);
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir })).code).toBe(0);
    const c = await cliAsync(['compare', 'out', '--require-switch', 'good,godo'], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).not.toMatch(/\n\s+at /);
  });
});
