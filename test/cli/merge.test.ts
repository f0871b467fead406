import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMeta } from '../../src/schema/run-meta.js';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROWS = 90;
const label = (i: number) => `label${i % 4}`;

/**
 * Recorded answers: every figure a record holds (output, latency, TTFT, tokens) comes from the files,
 * so the same rows give the same records whichever process called them, and the summaries can be
 * compared byte for byte. One call in flight per model: calls in flight are measured per process
 * (like latency), and with one they are 1 in every record.
 */
function suite(): string {
  return tempFiles({
    'suite.yaml': [
      'name: merged',
      'dataset: file://rows.jsonl',
      'prompts:',
      '  - { id: short, template: "Classify: {{text}}" }',
      '  - { id: polite, template: "Please classify: {{text}}" }',
      'repeat: 2',
      'concurrency: 1',
      'baseline: { id: big, provider: "recorded:./big.jsonl", cost: { inputPerMillion: 2.5, outputPerMillion: 10 } }',
      'candidates:',
      '  - { id: small, provider: "recorded:./small.jsonl" }',
      '  - { id: tiny, provider: "recorded:./tiny.jsonl" }',
      'assert:',
      '  - type: equals',
      '    value: "{{label}}"',
      'slices: [kind]',
      'gate:',
      '  requireSwitch: all',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `t${i}`, label: label(i), kind: i % 3 ? 'plain' : 'odd' }),
    ).join('\n'),
    'big.jsonl': answers((i) => label(i), 400),
    // small answers as big does (faster); tiny misses one row in five.
    'small.jsonl': answers((i) => label(i), 90),
    'tiny.jsonl': answers((i) => (i % 5 === 0 ? 'no idea' : label(i)), 60),
  });
}

/** One answer per row, prompt and repeat, with timings and token counts that vary by row. */
function answers(output: (i: number) => string, base: number): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++)
    for (const prompt of ['short', 'polite'])
      for (const repeat of [0, 1])
        lines.push(
          JSON.stringify({
            id: `r${i}`,
            prompt,
            repeat,
            output: output(i),
            latencyMs: base + ((i * 37 + repeat * 11) % 97),
            ttftMs: 5 + (i % 13),
            usage: { input: 20 + (i % 9), output: 2 + (i % 3) },
          }),
        );
  return lines.join('\n');
}

const read = (file: string) => readFileSync(file, 'utf8');
const summaryOf = (dir: string) => JSON.parse(read(join(dir, 'summary.json'))) as Summary;
const metaOf = (dir: string) => JSON.parse(read(join(dir, 'run.json'))) as RunMeta;
/** A run's output with its run id put back to a placeholder: the one thing a merge may change. */
const withoutRunId = (dir: string, file: string) =>
  read(join(dir, file)).replaceAll(metaOf(dir).runId, '<run id>');

async function shards(dir: string, count: number, prefix = 's'): Promise<string[]> {
  const names = Array.from({ length: count }, (_, k) => `${prefix}${k + 1}`);
  const runs = await Promise.all(
    names.map((name, k) =>
      cliAsync(['run', 'suite.yaml', '--shard', `${k + 1}/${count}`, '--out', name], { cwd: dir }),
    ),
  );
  for (const r of runs) {
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
  }
  return names;
}

describe('rightsize merge (recorded answers: records the same whichever process made them)', () => {
  it("gives the unsharded run's summary.json byte for byte, apart from the run id, and its exit code", async () => {
    const dir = suite();
    const names = await shards(dir, 3);
    const merge = await cliAsync(['merge', ...names, '--out', 'merged'], { cwd: dir });
    const whole = await cliAsync(['run', 'suite.yaml', '--out', 'whole'], { cwd: dir });
    expect(merge.stderr).not.toContain('internal error');
    // tiny is not within the margin, so `requireSwitch: all` fails: the gate is the merged run's (exit 1),
    // while every shard exited 0 above, having made all its calls.
    expect(whole.code).toBe(1);
    expect(merge.code).toBe(whole.code);
    expect(summaryOf(join(dir, 'whole')).candidates.map((c) => c.verdict)).toEqual(['switch', 'keep']);

    // The premise: the shards called each case once between them, and recorded what one process did.
    const records = (d: string) =>
      read(join(dir, d, 'results.jsonl'))
        .trim()
        .split('\n')
        .map((l) => {
          const { finishedAt: _, ...r } = JSON.parse(l);
          return JSON.stringify(r);
        })
        .sort();
    expect(records('merged')).toHaveLength(3 * ROWS * 2 * 2);
    expect(records('merged')).toEqual(records('whole'));
    const shardRows = names.map((n) => metaOf(join(dir, n)).shard?.rows);
    expect(shardRows).toEqual([30, 30, 30]);

    // The claim: the same records give the same outputs.
    expect(withoutRunId(join(dir, 'merged'), 'summary.json')).toBe(
      withoutRunId(join(dir, 'whole'), 'summary.json'),
    );
    expect(withoutRunId(join(dir, 'merged'), 'summary.md')).toBe(
      withoutRunId(join(dir, 'whole'), 'summary.md'),
    );
    expect(withoutRunId(join(dir, 'merged'), 'junit.xml')).toBe(
      withoutRunId(join(dir, 'whole'), 'junit.xml'),
    );

    // run.json says what was merged, and plans the whole run's calls like an unsharded one.
    const meta = metaOf(join(dir, 'merged'));
    expect(meta.planned).toEqual(metaOf(join(dir, 'whole')).planned);
    expect(meta.shard).toBeUndefined();
    expect(meta.merged?.shards.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(meta.fingerprint).toEqual(metaOf(join(dir, 'whole')).fingerprint);
    // compare and report work on the merged folder as on any run.
    const compare = await cliAsync(['compare', 'merged'], { cwd: dir });
    expect(compare.code).toBe(1);
  }, 120_000);

  it('names a missing shard (exit 3); --allow-partial merges the rest and marks the run incomplete', async () => {
    const dir = suite();
    const names = await shards(dir, 3);
    const r = await cliAsync(['merge', 's1', 's3', '--out', 'merged'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('shard 2/3 is missing');
    expect(r.stderr).toContain('--shard 2/3');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(join(dir, 'merged'))).toBe(false);

    const partial = await cliAsync(['merge', 's1', 's3', '--out', 'merged', '--allow-partial'], { cwd: dir });
    expect(partial.code).toBe(3);
    expect(partial.stderr).toContain('shard 2/3: missing');
    const summary = summaryOf(join(dir, 'merged'));
    expect(summary.complete).toBe(false);
    expect(summary.gate.passed).toBe(false);
    expect(summary.incomplete).toContain(`big: ${2 * 60 * 2} of ${ROWS * 2 * 2} calls recorded`);

    // Merging again, with every shard, into the same folder replaces the partial merge.
    const full = await cliAsync(['merge', ...names, '--out', 'merged'], { cwd: dir });
    expect(full.code, full.stderr).toBe(1);
    expect(summaryOf(join(dir, 'merged')).complete).toBe(true);
  }, 120_000);

  it('refuses folders that are not the shards of one run (exit 2), naming them and what differs', async () => {
    const dir = suite();
    await shards(dir, 3);
    const bad = async (args: string[]) => {
      const r = await cliAsync(['merge', ...args, '--out', 'merged'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(existsSync(join(dir, 'merged'))).toBe(false);
      return r.stderr;
    };
    expect(await bad(['s1', 's2', 's2', 's3'])).toContain('s2 and s2 are both shard 2/3');

    // A shard of the same suite run on an edited dataset: caught, though its row ids are the same.
    const edited = read(join(dir, 'rows.jsonl')).replace('"text":"t5"', '"text":"t5 edited"');
    writeFileSync(join(dir, 'rows.jsonl'), edited);
    expect(
      (await cliAsync(['run', 'suite.yaml', '--shard', '2/3', '--out', 'other2'], { cwd: dir })).code,
    ).toBe(0);
    const differs = await bad(['s1', 'other2', 's3']);
    expect(differs).toContain('other2 (shard 2/3) is not a shard of the same run as s1 (shard 1/3)');
    expect(differs).toContain('dataset');

    expect(
      (await cliAsync(['run', 'suite.yaml', '--shard', '1/2', '--out', 'half'], { cwd: dir })).code,
    ).toBe(0);
    expect(await bad(['s1', 'half'])).toContain('different number of shards');
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'whole'], { cwd: dir })).code).toBe(1);
    expect(await bad(['s1', 'whole'])).toContain('whole is not a shard');
    expect(await bad(['s1', 'nowhere'])).toContain('nowhere is not a run directory');
    // Nor may the merge overwrite a run it did not write.
    const onto = await cliAsync(['merge', 's1', 's2', 's3', '--out', 'whole'], { cwd: dir });
    expect(onto.code).toBe(2);
    expect(onto.stderr).toContain('no merge wrote');
  }, 120_000);

  it('names a shard that stopped short (exit 3) with the command that finishes it; finished, it merges', async () => {
    const dir = suite();
    const names = await shards(dir, 3);
    // As a kill leaves a shard: part of its records, no scores, no outputs.
    const results = read(join(dir, 's2', 'results.jsonl'))
      .trim()
      .split('\n');
    writeFileSync(join(dir, 's2', 'results.jsonl'), `${results.slice(0, 100).join('\n')}\n`);
    for (const f of ['scores.jsonl', 'summary.json']) rmSync(join(dir, 's2', f));
    const r = await cliAsync(['merge', ...names, '--out', 'merged'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('shard 2/3 in s2 is incomplete');
    expect(r.stderr).toContain('rightsize run suite.yaml --resume s2');

    // The command it names resumes the shard as shard 2/3 (its folder says so) and makes only what is missing.
    const resumed = await cliAsync(['run', 'suite.yaml', '--resume', 's2'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('shard 2/3 complete');
    expect(
      read(join(dir, 's2', 'results.jsonl'))
        .trim()
        .split('\n'),
    ).toHaveLength(results.length);
    const merged = await cliAsync(['merge', ...names, '--out', 'merged'], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(1);
    expect(summaryOf(join(dir, 'merged')).complete).toBe(true);
  }, 120_000);
});
