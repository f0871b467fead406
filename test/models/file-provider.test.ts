import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileProvider, instantiateFileProvider } from '../../src/models/file-provider.js';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { UserCodeError } from '../../src/util/user-module.js';
import { tempFiles } from '../helpers/temp-files.js';
import { adapterContract } from './adapter-contract.js';

const dir = tempFiles({
  // promptfoo's shape: a class constructed with { id, config }.
  'rag.js': `
export default class Rag {
  constructor(options) { this.options = options; }
  id() { return this.options.id; }
  async callApi(prompt, context, callOptions) {
    if (context.vars.mode === 'error') return { error: 'the index is down' };
    if (context.vars.mode === 'throw') throw new Error('socket closed');
    if (context.vars.mode === 'wrong') return { text: 'an answer under the wrong key' };
    if (context.vars.mode === 'string') return 'just a string';
    if (context.vars.mode === 'object') return { output: { answer: 42 } };
    if (context.vars.mode === 'timed') return { output: 'slow', latencyMs: 1234 };
    if (context.vars.mode === 'hang') return new Promise(() => {});
    if (context.vars.mode === 'echo') return { output: JSON.stringify({ prompt, context, config: this.options.config, id: this.options.id, signal: !!callOptions?.abortSignal }) };
    return { output: 'Paris', tokenUsage: { prompt: 12, completion: 3, total: 15 }, cost: 0.0025 };
  }
}
`,
  'object.cjs': 'module.exports = { callApi: async (prompt) => ({ output: "object: " + prompt }) };\n',
  'typed.ts': `
export default class Typed {
  async callApi(prompt: string): Promise<{ output: string }> { return { output: prompt.length.toString() }; }
}
`,
  'nothing.js': 'export const x = 1;\n',
  'ctor.js':
    'export default class { constructor() { throw new Error("no API key"); } async callApi() { return { output: "" }; } }\n',
});

function config(file: string, providerConfig?: Record<string, unknown>): ModelConfig {
  return {
    label: 'rag',
    provider: `file://${file}`,
    ref: { runtime: 'file', model: file, api: 'chat' },
    role: 'candidate',
    options: {},
    ...(providerConfig ? { providerConfig } : {}),
  };
}

function request(
  vars: Record<string, unknown> = {},
  content = 'What is the capital of France?',
): GenerateRequest {
  return {
    messages: [{ role: 'user', content }],
    options: {},
    caseRef: { rowId: 'r1', promptId: 'p1', repeat: 0 },
    vars,
  };
}

const model = (file = 'rag.js', providerConfig?: Record<string, unknown>) =>
  createFileProvider(config(file, providerConfig), { baseDir: dir });

const failure = async (vars: Record<string, unknown>): Promise<ModelError> => {
  const e = await model()
    .generate(request(vars))
    .catch((err: unknown) => err);
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
};

describe('file:// provider: shared adapter contract', () => {
  adapterContract(async () => ({
    model: model(),
    request: request(),
    expectedText: 'Paris',
    reports: { usage: true, ttft: false, tokensPerSecond: false },
    abortable: true,
  }));
});

describe('file:// provider: promptfoo’s contract', () => {
  it('is handed the prompt, the row’s vars and its config (with basePath), and an abort signal', async () => {
    const res = await model('rag.js', { index: 'docs' }).generate(request({ mode: 'echo', city: 'Paris' }));
    const seen = JSON.parse(res.text);
    expect(seen).toEqual({
      prompt: 'What is the capital of France?',
      context: {
        vars: { mode: 'echo', city: 'Paris' },
        prompt: { raw: 'What is the capital of France?', label: 'p1' },
        test: { vars: { mode: 'echo', city: 'Paris' } },
        repeatIndex: 0,
      },
      config: { index: 'docs', basePath: dir },
      id: 'file://rag.js',
      signal: false,
    });
  });

  it('a chat prompt arrives as its messages’ JSON, as promptfoo renders chat prompts', async () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Hi' },
    ];
    const res = await model('object.cjs').generate({ ...request(), messages });
    expect(res.text).toBe(`object: ${JSON.stringify(messages)}`);
  });

  it('reads tokenUsage, cost and latencyMs; measures latency itself when none is given', async () => {
    const res = await model().generate(request());
    expect(res.usage).toEqual({ input: 12, output: 3 });
    expect(res.cost).toBe(0.0025);
    expect(res.latencyMs).toBeLessThan(1000);
    expect((await model().generate(request({ mode: 'timed' }))).latencyMs).toBe(1234);
  });

  it('an object output is recorded as its JSON (promptfoo’s assertions read it as that text)', async () => {
    expect((await model().generate(request({ mode: 'object' }))).text).toBe('{"answer":42}');
  });

  it('loads an object with callApi, and TypeScript classes', async () => {
    expect((await model('object.cjs').generate(request())).text).toBe(
      'object: What is the capital of France?',
    );
    expect((await model('typed.ts').generate(request({}, 'abc'))).text).toBe('3');
  });

  it('an `error` result, a throw and a wrong shape are per-call errors with the reason, not retried', async () => {
    const error = await failure({ mode: 'error' });
    expect([error.type, error.message, error.retryable]).toEqual([
      'runtime',
      'file://rag.js: the index is down',
      false,
    ]);
    const threw = await failure({ mode: 'throw' });
    expect(threw.message).toBe('file://rag.js: callApi threw: socket closed');
    const wrong = await failure({ mode: 'wrong' });
    expect(wrong.type).toBe('bad_response');
    expect(wrong.message).toContain('callApi returned no output (keys: text)');
    expect(wrong.message).toContain('it must return { output } or { error }');
    expect((await failure({ mode: 'string' })).message).toContain('callApi returned "just a string"');
  });

  it('a call that never settles still ends when its signal aborts', async () => {
    const ac = new AbortController();
    const pending = model().generate(request({ mode: 'hang' }), ac.signal);
    setTimeout(() => ac.abort(), 20);
    const e = await pending.catch((err: unknown) => err);
    expect((e as ModelError).type).toBe('aborted');
  });

  it('a module that is no provider, or a constructor that throws, fails the pre-flight check naming the file', async () => {
    await expect(model('nothing.js').check()).rejects.toThrow(/nothing\.js must export a provider/);
    await expect(model('ctor.js').check()).rejects.toThrow(
      /constructing the provider of ctor\.js threw: no API key/,
    );
    await expect(model('missing.js').check()).rejects.toThrow(`file not found: ${join(dir, 'missing.js')}`);
    expect(() => instantiateFileProvider(config('nothing.js'), dir)).toThrow(UserCodeError);
  });
});

describe('file:// provider: as promptfoo 0.121.20 loads the same file', () => {
  it('is constructed with the same id and config, and answers the same', async () => {
    process.env.PROMPTFOO_DISABLE_TELEMETRY = '1';
    const pf = (await import('promptfoo')).default as unknown as {
      loadApiProvider(
        id: string,
        ctx: { options?: Record<string, unknown>; basePath?: string },
      ): Promise<{ id(): string; callApi(prompt: string, ctx: Record<string, unknown>): Promise<unknown> }>;
    };
    const theirs = await pf.loadApiProvider('file://rag.js', {
      options: { config: { index: 'docs' } },
      basePath: dir,
    });
    const vars = { mode: 'echo' };
    const answered = (await theirs.callApi('Q', { vars })) as { output: string };
    const ours = JSON.parse(
      (await model('rag.js', { index: 'docs' }).generate(request(vars, 'Q'))).text,
    ) as Record<string, unknown>;
    const seen = JSON.parse(answered.output) as Record<string, unknown>;
    expect(theirs.id()).toBe('file://rag.js');
    expect({ id: ours.id, config: ours.config }).toEqual({ id: seen.id, config: seen.config });
    const plain = (await theirs.callApi('Q', { vars: {} })) as { output: string };
    expect((await model().generate(request({}, 'Q'))).text).toBe(plain.output);
  }, 30_000);
});
