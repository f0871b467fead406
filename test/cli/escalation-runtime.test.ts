import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

/** A confidence policy on a candidate that can give no log-probabilities, known before any call. */
function suite(candidate: string, extra: Record<string, string> = {}): string {
  return tempFiles({
    'suite.yaml': [
      'name: no-logprobs',
      'dataset: file://rows.jsonl',
      'prompts: ["{{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      `  - ${candidate}`,
      'escalate:',
      '  - id: unsure',
      '    confidence: { from: logprobs, below: 0.5 }',
    ].join('\n'),
    'rows.jsonl': JSON.stringify({ id: 'r1', text: 'hi' }),
    'big.jsonl': JSON.stringify({ id: 'r1', output: 'a' }),
    ...extra,
  });
}

describe('a confidence policy on a runtime that gives no log-probabilities', () => {
  it('is bad input (exit 2) in validate and before any call of the run, naming the model and the fix', async () => {
    const dir = suite('{ id: small, provider: "recorded:./small.jsonl" }', {
      'small.jsonl': JSON.stringify({ id: 'r1', output: 'b' }),
    });
    const v = await cliAsync(['validate', 'suite.yaml'], { cwd: dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('no row of ./small.jsonl carries `logprobs` or `confidence`');
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no row of ./small.jsonl carries `logprobs` or `confidence`');
    expect(existsSync(join(dir, 'out', 'results.jsonl'))).toBe(false);
  });

  it("refuses OpenAI's reasoning models, which give none", async () => {
    const dir = suite('{ id: o3, provider: "openai:o3-mini" }');
    const v = await cliAsync(['validate', 'suite.yaml'], {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: undefined },
    });
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("OpenAI's reasoning models (o3-mini) give no token log-probabilities");
    expect(v.stderr).toContain('from: repeats');
  });

  it('accepts recorded answers that carry a confidence', async () => {
    const dir = suite('{ id: small, provider: "recorded:./small.jsonl" }', {
      'small.jsonl': JSON.stringify({ id: 'r1', output: 'b', confidence: 0.7 }),
    });
    expect((await cliAsync(['validate', 'suite.yaml'], { cwd: dir })).code).toBe(0);
  });
});
