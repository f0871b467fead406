import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_SUITES } from '../helpers/bad-suites.js';
import { cli } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

describe('rightsize validate (the built CLI, as a user runs it)', () => {
  for (const bad of BAD_SUITES) {
    it(`${bad.name}: exit 2, one message, no stack trace`, () => {
      const dir = tempFiles(bad.files);
      const r = cli(['validate', 'suite.yaml'], { cwd: dir });
      expect(r.code).toBe(2);
      for (const s of bad.expect) expect(r.stderr).toContain(s);
      expect(r.stderr).toMatch(/^rightsize: /);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.stdout).toBe('');
    });
  }

  it('prints the stack trace of a user error only with --debug', () => {
    const dir = tempFiles(BAD_SUITES[1]?.files ?? {});
    const r = cli(['--debug', 'validate', 'suite.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('prints the plan of a valid suite and exits 0', () => {
    const dir = tempFiles({
      'suite.yaml':
        'name: plan\ndataset: file://d.csv\nprompts: ["{{q}}", { id: two, template: "Q: {{q}}" }]\nbaseline: openai:gpt-4o\ncandidates: [ollama:qwen2.5:0.5b, "gguf:./m.gguf"]\nrepeat: 2\n',
      'd.csv': 'id,q\na,x\nb,y\nc,z\n',
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('suite.yaml is valid (rightsize layout)');
    expect(r.stdout).toContain('3 rows; columns: id, q');
    expect(r.stdout).toContain('candidates  ollama:qwen2.5:0.5b, gguf:./m.gguf');
    expect(r.stdout).toContain('36 model calls = 3 rows × 2 prompts × 3 models × 2 repeats');
  });

  it('exits 2 for a missing suite file and for a bad flag', () => {
    const missing = cli(['validate', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('suite file not found: nope.yaml');
    const flag = cli(['run', 'x.yaml', '--concurrency', 'zero']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('expected a whole number');
  });

  it('answers --help for every command and --version', () => {
    for (const args of [['--help'], ['validate', '--help'], ['run', '--help'], ['init', '--help']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: rightsize');
    }
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('rightsize init', () => {
  it('writes a commented suite and dataset that validate', () => {
    const dir = tempFiles({});
    const init = cli(['init', '--dir', 'work', '--name', 'routing'], { cwd: dir });
    expect(init.code).toBe(0);
    const r = cli(['validate', join('work', 'routing.yaml')], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 rows');
    const again = cli(['init', '--dir', 'work', '--name', 'routing'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
