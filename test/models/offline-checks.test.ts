import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineChecks } from '../../src/models/offline-checks.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { modelConfig } from '../helpers/model-config.js';
import { tempFiles } from '../helpers/temp-files.js';

const model = (provider: string, extra: Partial<ModelConfig> = {}, baseURL?: string) =>
  modelConfig(provider, 'candidate', baseURL, extra);

/** An environment with no OpenAI variables and an empty models folder of its own. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { RIGHTSIZE_MODELS_DIR: tempFiles({}), ...extra };
}

const KEY_WARNING = /no API key for OpenAI \(https:\/\/api\.openai\.com\/v1\)/;

describe('offlineChecks: openai', () => {
  it("warns, without failing, about OpenAI's own API when no key is set", () => {
    const found = offlineChecks([{ config: model('openai:gpt-4o') }], { baseDir: '/', env: cleanEnv() });
    expect(found.errors).toEqual([]);
    expect(found.warnings).toHaveLength(1);
    expect(found.warnings[0]).toMatch(KEY_WARNING);
    expect(found.warnings[0]).toMatch(/^openai:gpt-4o: .*OPENAI_API_KEY is not set.*before `rightsize run`/);
  });

  it.each([
    ['OPENAI_API_KEY set', {}, cleanEnv({ OPENAI_API_KEY: 'sk-test' }), undefined],
    ["the model's own apiKey", { apiKey: 'sk-own' }, cleanEnv(), undefined],
    ['a local server as baseURL', {}, cleanEnv(), 'http://127.0.0.1:8080/v1'],
    [
      'a local server as OPENAI_BASE_URL',
      {},
      cleanEnv({ OPENAI_BASE_URL: 'http://localhost:1234/v1' }),
      undefined,
    ],
    ["promptfoo's OPENAI_API_HOST", {}, cleanEnv({ OPENAI_API_HOST: 'llm.internal' }), undefined],
  ])('says nothing with %s', (_what, extra, env, baseURL) => {
    const found = offlineChecks([{ config: model('openai:gpt-4o', extra, baseURL) }], { baseDir: '/', env });
    expect(found).toEqual({ errors: [], warnings: [] });
  });
});

describe('offlineChecks: gguf', () => {
  it('fails a bare name found neither next to the suite nor in the models folder, naming both and the fix', () => {
    const suiteDir = tempFiles({});
    const env = cleanEnv();
    const found = offlineChecks([{ config: model('gguf:qwen-tiny') }], { baseDir: suiteDir, env });
    expect(found.warnings).toEqual([]);
    expect(found.errors).toHaveLength(1);
    const { model: label, message } = found.errors[0] as { model: string; message: string };
    expect(label).toBe('gguf:qwen-tiny');
    const modelsDir = env.RIGHTSIZE_MODELS_DIR as string;
    expect(message).toContain(
      `tried ${join(suiteDir, 'qwen-tiny')}, ${join(modelsDir, 'qwen-tiny')}, ${join(modelsDir, 'qwen-tiny.gguf')}`,
    );
    expect(message).toContain(`place qwen-tiny.gguf at ${join(modelsDir, 'qwen-tiny.gguf')}`);
    expect(message).toContain('gguf:hf:<user>/<repo>/<file>.gguf');
  });

  it('finds a name in the models folder and a path next to the suite', () => {
    const modelsDir = tempFiles({ 'qwen-tiny.gguf': 'GGUF' });
    const suiteDir = tempFiles({ 'models/local.gguf': 'GGUF' });
    const found = offlineChecks(
      [{ config: model('gguf:qwen-tiny') }, { config: model('gguf:models/local.gguf') }],
      {
        baseDir: suiteDir,
        env: { RIGHTSIZE_MODELS_DIR: modelsDir },
      },
    );
    expect(found).toEqual({ errors: [], warnings: [] });
  });

  it('leaves an hf: file that is not downloaded yet to the run, which downloads it', () => {
    const found = offlineChecks(
      [{ config: model('gguf:hf:aladar/llama-2-tiny-random-GGUF/llama-2-tiny-random.gguf') }],
      {
        baseDir: tempFiles({}),
        env: cleanEnv(),
      },
    );
    expect(found).toEqual({ errors: [], warnings: [] });
  });
});

describe('offlineChecks: recorded', () => {
  const calls = (ids: string[]) => ids.map((rowId) => ({ rowId, promptId: 'p', repeat: 0 }));

  it('fails a file that misses calls and a file that is not there; a judge (no calls) is only read', () => {
    const dir = tempFiles({
      'some.jsonl': '{"id": "a", "output": "x"}\n',
      'judge.jsonl': '{"id": "z", "output": "{}"}\n',
    });
    const found = offlineChecks(
      [
        { config: model('recorded:some.jsonl'), calls: calls(['a', 'b']) },
        { config: model('recorded:none.jsonl'), calls: calls(['a']) },
        { config: model('recorded:judge.jsonl') },
      ],
      { baseDir: dir, env: {}, show: (f) => `<${f.slice(dir.length + 1)}>` },
    );
    expect(found.errors).toEqual([
      {
        model: 'recorded:some.jsonl',
        message: expect.stringContaining('<some.jsonl> has no answer for 1 of the 2'),
      },
      { model: 'recorded:none.jsonl', message: expect.stringContaining('file not found: <none.jsonl>') },
    ]);
  });

  it('reports a broken line by file and line, and unknown fields once for a file two models replay', () => {
    const dir = tempFiles({
      'bad.jsonl': '{"id": "a", "output": "x"}\n{"id": "b"}\n',
      'extra.jsonl': '{"id": "a", "output": "x", "ouput": "y"}\n',
    });
    const found = offlineChecks(
      [
        { config: model('recorded:bad.jsonl'), calls: calls(['a']) },
        { config: model('recorded:extra.jsonl'), calls: calls(['a']) },
        { config: model('recorded:./extra.jsonl'), calls: calls(['a']) },
      ],
      { baseDir: dir, env: {} },
    );
    expect(found.errors).toHaveLength(1);
    expect(found.errors[0]?.message).toContain(`${join(dir, 'bad.jsonl')}:2: "output"`);
    expect(found.warnings).toEqual([
      expect.stringMatching(/extra\.jsonl: unknown field "ouput" \(line 1; did you mean "output"\?\)/),
    ]);
  });
});
