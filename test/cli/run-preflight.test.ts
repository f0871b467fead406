import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

describe('run refuses what it can tell is broken before the first call', () => {
  it('a recorded: file that misses rows is bad input (exit 2) before any call, not exit 3 after all of them', async () => {
    const dir = tempFiles({
      'suite.yaml': [
        'name: coverage',
        'dataset: file://rows.jsonl',
        'prompts: ["{{text}}"]',
        'baseline: { id: big, provider: "recorded:./big.jsonl" }',
        'candidates:',
        '  - { id: small, provider: "recorded:./small.jsonl" }',
      ].join('\n'),
      'rows.jsonl': Array.from({ length: 80 }, (_, i) =>
        JSON.stringify({ id: `t${i + 1}`, text: `x${i}` }),
      ).join('\n'),
      'big.jsonl': Array.from({ length: 80 }, (_, i) =>
        JSON.stringify({ id: `t${i + 1}`, output: 'a' }),
      ).join('\n'),
      'small.jsonl': Array.from({ length: 60 }, (_, i) =>
        JSON.stringify({ id: `t${i + 1}`, output: 'a', ouput: 'typo' }),
      ).join('\n'),
    });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a model cannot run as configured, so nothing was run');
    expect(r.stderr).toContain('has no answer for 20 of the 80');
    expect(r.stderr.split('"ouput"').length - 1).toBe(1);
    expect(existsSync(join(dir, 'out', 'results.jsonl'))).toBe(false);
  });
});
