import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_SUITES } from '../helpers/bad-suites.js';
import { cli } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

/** No OpenAI variable of the person running the tests leaks in; the models folder is an empty one of the test's. */
const NO_OPENAI = {
  OPENAI_API_KEY: undefined,
  OPENAI_BASE_URL: undefined,
  OPENAI_API_BASE_URL: undefined,
  OPENAI_API_HOST: undefined,
};

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
      'm.gguf': 'GGUF',
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: { ...NO_OPENAI, OPENAI_API_KEY: 'sk-test' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('suite.yaml is valid (rightsize layout)');
    expect(r.stdout).toContain('3 rows; columns: id, q');
    expect(r.stdout).toContain('candidates  ollama:qwen2.5:0.5b, gguf:./m.gguf');
    expect(r.stdout).toContain('36 model calls = 3 rows × 2 prompts × 3 models × 2 repeats');
  });

  it('says which answers come from the dataset and make no call, and that a sequential plan is at most', () => {
    const dir = tempFiles({
      'suite.yaml': [
        'name: logs',
        'dataset: file://d.csv',
        'prompts: ["{{q}}"]',
        'baseline: { id: production, answers: a }',
        'candidates: [ollama:qwen2.5:0.5b]',
        'decide: { mode: sequential, batch: 2 }',
      ].join('\n'),
      'd.csv': 'id,q,a\nr1,x,1\nr2,y,2\nr3,z,3\n',
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: NO_OPENAI });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'at most 6 model calls = 3 rows × 1 prompt × 2 models × 1 repeat; 3 answers of them come from the dataset or a file, with no call (production)',
    );
    expect(r.stdout).toContain('decide      sequential: cases in a seeded order, a look every 2 cases');
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

describe('rightsize validate: what can be checked offline, before a run', () => {
  const ids = Array.from({ length: 80 }, (_, i) => `t${i + 1}`);
  const dataset = `id,q\n${ids.map((id) => `${id},question ${id}`).join('\n')}\n`;
  const suite = (models: string) => `name: offline\ndataset: file://d.csv\nprompts: ["{{q}}"]\n${models}\n`;
  const env = (extra: Record<string, string> = {}) => ({
    ...NO_OPENAI,
    RIGHTSIZE_MODELS_DIR: tempFiles({}),
    ...extra,
  });

  it('refuses recorded answers that cover 60 of 80 rows: exit 2, the file, the count, ids and the fix', () => {
    const answers = ids.slice(0, 60).map((id) => JSON.stringify({ id, output: 'x' }));
    const dir = tempFiles({
      'suite.yaml': suite('baseline: recorded:answers.jsonl'),
      'd.csv': dataset,
      'answers.jsonl': `${answers.join('\n')}\n`,
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^rightsize: suite\.yaml: recorded:answers\.jsonl: answers\.jsonl has no answer/,
    );
    expect(r.stderr).toContain('has no answer for 20 of the 80 dataset rows the suite sends it');
    expect(r.stderr).toContain('ids "t61", "t62", "t63", "t64", "t65" and 15 more');
    expect(r.stderr).toContain('Add a line {"id": "<row id>", "output": "..."} for each');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('accepts recorded answers that cover every row, and warns once about an unknown field in them', () => {
    const answers = ids.map((id, i) =>
      JSON.stringify(i === 2 ? { id, ouput: 'x', output: 'y' } : { id, output: 'x' }),
    );
    const dir = tempFiles({
      'suite.yaml': suite('baseline: recorded:answers.jsonl\ncandidates: ["recorded:./answers.jsonl"]'),
      'd.csv': dataset,
      'answers.jsonl': `${answers.join('\n')}\n`,
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: answers.jsonl: unknown field "ouput" (line 3; did you mean "output"?) in recorded rows, ignored; ' +
        'known fields: id, output, prompt, repeat, latencyMs, ttftMs, usage, logprobs, confidence\n',
    );
    expect(r.stdout).toContain('is valid');
  });

  it("warns, and still exits 0, when OpenAI's own API has no key; a local OpenAI-compatible server needs none", () => {
    const dir = tempFiles({
      'suite.yaml': suite(
        'baseline: openai:gpt-4o\ncandidates: [{ provider: "openai:qwen", baseURL: "http://127.0.0.1:8080/v1" }]',
      ),
      'd.csv': dataset,
    });
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is valid');
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: openai:gpt-4o: no API key for OpenAI .*OPENAI_API_KEY/),
    ]);
    const keyed = cli(['validate', 'suite.yaml'], { cwd: dir, env: env({ OPENAI_API_KEY: 'sk-test' }) });
    expect(keyed.code).toBe(0);
    expect(keyed.stderr).toBe('');
  });

  it('refuses a bare gguf: name that resolves to no file, naming the places and the fix; hf: ids download later', () => {
    const dir = tempFiles({
      'suite.yaml': suite(
        'baseline: gguf:qwen-tiny\ncandidates: ["gguf:hf:aladar/llama-2-tiny-random-GGUF/llama-2-tiny-random.gguf"]',
      ),
      'd.csv': dataset,
    });
    const modelsDir = tempFiles({});
    const r = cli(['validate', 'suite.yaml'], { cwd: dir, env: env({ RIGHTSIZE_MODELS_DIR: modelsDir }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('gguf:qwen-tiny: GGUF file not found; tried qwen-tiny, ');
    expect(r.stderr).toContain(join(modelsDir, 'qwen-tiny.gguf'));
    expect(r.stderr).toContain(`place qwen-tiny.gguf at ${join(modelsDir, 'qwen-tiny.gguf')}`);
    expect(r.stderr).not.toContain('llama-2-tiny-random');

    const found = tempFiles({ 'qwen-tiny.gguf': 'GGUF' });
    const ok = cli(['validate', 'suite.yaml'], { cwd: dir, env: env({ RIGHTSIZE_MODELS_DIR: found }) });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});

describe('rightsize init', () => {
  it('writes a commented suite and dataset that validate', () => {
    const dir = tempFiles({});
    const init = cli(['init', '--dir', 'work', '--name', 'routing'], { cwd: dir });
    expect(init.code).toBe(0);
    // Its baseline is openai:gpt-4o: with a key set, nothing is left to warn about.
    const r = cli(['validate', join('work', 'routing.yaml')], {
      cwd: dir,
      env: { ...NO_OPENAI, OPENAI_API_KEY: 'sk-test' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 rows');
    const again = cli(['init', '--dir', 'work', '--name', 'routing'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
