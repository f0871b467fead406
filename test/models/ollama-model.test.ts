import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { toOllamaError } from '../../src/models/ollama-errors.js';
import { createOllamaModel, parseParameterSize } from '../../src/models/ollama-model.js';
import { callWithTimeout } from '../../src/run/run-cases.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { modelConfig } from '../helpers/model-config.js';
import {
  DEFAULT_OLLAMA_MODEL,
  type OllamaServerOptions,
  type OllamaTestServer,
  startOllamaServer,
} from '../servers/ollama-server.js';
import { adapterContract } from './adapter-contract.js';

function ollamaConfig(
  url: string | undefined,
  provider = 'ollama:qwen2.5:0.5b',
  extra: Partial<ModelConfig> = {},
): ModelConfig {
  return modelConfig(provider, 'candidate', url, extra);
}

const hello: GenerateRequest = { messages: [{ role: 'user', content: 'Say hello' }], options: {} };

const servers: OllamaTestServer[] = [];
async function serve(options?: OllamaServerOptions): Promise<OllamaTestServer> {
  const s = await startOllamaServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failure(p: Promise<unknown>): Promise<ModelError> {
  const e = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('ollama adapter: shared contract', () => {
  adapterContract(async () => {
    // The first version with log-probabilities.
    const server = await startOllamaServer({ version: '0.12.11' });
    return {
      model: createOllamaModel(ollamaConfig(server.url), {}),
      request: hello,
      expectedText: 'Hello from Ollama.',
      reports: { usage: true, ttft: true, tokensPerSecond: true, logprobs: true },
      abortable: true,
      cleanup: () => server.close(),
    };
  });
});

describe('ollama adapter: metrics', () => {
  it('maps the final chunk: usage, done_reason, eval_count / eval_duration, raw metrics', async () => {
    const server = await serve({
      models: [
        {
          ...DEFAULT_OLLAMA_MODEL,
          metrics: {
            prompt_eval_count: 26,
            prompt_eval_duration: 130_000_000,
            eval_count: 20,
            eval_duration: 400_000_000,
            load_duration: 6_000_000,
            total_duration: 540_000_000,
          },
        },
      ],
    });
    const res = await createOllamaModel(ollamaConfig(server.url), {}).generate(hello);
    expect(res.text).toBe('Hello from Ollama.');
    expect(res.finishReason).toBe('stop');
    expect(res.usage).toEqual({ input: 26, output: 20 });
    expect(res.tokensPerSecond).toBe(50);
    expect(res.ttftMs).not.toBeNull();
    expect(res.ttftMs as number).toBeLessThanOrEqual(res.latencyMs as number);
    expect(res.raw).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 26,
      prompt_eval_duration: 130_000_000,
      eval_count: 20,
      eval_duration: 400_000_000,
      load_duration: 6_000_000,
      total_duration: 540_000_000,
    });
    expect(res.raw).not.toHaveProperty('message');
    expect(res.promptTruncated).toBeUndefined();
  });

  it('reports a null decode rate when the runtime gives no eval_duration', async () => {
    const server = await serve({ models: [{ ...DEFAULT_OLLAMA_MODEL, metrics: { eval_duration: 0 } }] });
    const res = await createOllamaModel(ollamaConfig(server.url), {}).generate(hello);
    expect(res.tokensPerSecond).toBeNull();
  });

  it('says "length" when num_predict cut the answer', async () => {
    const server = await serve();
    const res = await createOllamaModel(ollamaConfig(server.url), {}).generate({
      ...hello,
      options: { maxTokens: 2 },
    });
    expect(res.text).toBe('Hello from');
    expect(res.finishReason).toBe('length');
    expect(res.usage.output).toBe(2);
  });

  it('flags a prompt that filled the context (the runner cuts it to num_ctx)', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    const long: GenerateRequest = {
      messages: [{ role: 'user', content: 'word '.repeat(50) }],
      options: { contextSize: 16 },
    };
    const cut = await model.generate(long);
    expect(cut.usage.input).toBe(16);
    expect(cut.promptTruncated).toBe(true);
    const fits = await model.generate({ ...long, options: { contextSize: 4096 } });
    expect(fits.promptTruncated).toBe(false);
    // Without num_ctx, the suite's contextWindow is the size checked against.
    const viaWindow = createOllamaModel(ollamaConfig(server.url, undefined, { contextWindow: 16 }), {});
    expect((await viaWindow.generate({ ...long, options: {} })).promptTruncated).toBe(true);
  });
});

describe('ollama adapter: requests', () => {
  it('sends options, format (JSON schema), keep_alive and headers the way Ollama names them', async () => {
    const server = await serve();
    const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };
    const config = ollamaConfig(server.url, undefined, {
      options: { temperature: 0.2, keepAlive: '10m' },
      headers: { 'x-team': 'evals' },
    });
    await createOllamaModel(config, {}).generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Age?' },
      ],
      options: {
        temperature: 0,
        seed: 7,
        maxTokens: 64,
        contextSize: 2048,
        topP: 0.9,
        stop: ['\n'],
        jsonSchema: schema,
      },
    });
    const sent = server.requests.find((r) => r.path === '/api/chat');
    expect(sent?.body).toEqual({
      model: 'qwen2.5:0.5b',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Age?' },
      ],
      format: schema,
      keep_alive: '10m',
      options: { temperature: 0, seed: 7, num_predict: 64, num_ctx: 2048, top_p: 0.9, stop: ['\n'] },
    });
    expect(sent?.headers['x-team']).toBe('evals');
  });

  it('uses /api/generate for promptfoo-style ollama:completion: ids', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url, 'ollama:completion:qwen2.5:0.5b'), {});
    const res = await model.generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      options: {},
    });
    expect(res.text).toBe('Hello from Ollama.');
    expect(res.usage.output).toBe(4);
    expect(server.calls('/api/chat')).toBe(0);
    expect(server.requests.find((r) => r.path === '/api/generate')?.body).toMatchObject({
      model: 'qwen2.5:0.5b',
      prompt: 'Say hello',
      system: 'Be brief.',
      stream: true,
    });
    expect(res.raw).not.toHaveProperty('context');
  });

  it('reaches a server named by OLLAMA_HOST without a scheme', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(undefined), { OLLAMA_HOST: `127.0.0.1:${server.port}` });
    expect((await model.generate(hello)).text).toBe('Hello from Ollama.');
    expect(server.calls('/api/chat')).toBe(1);
  });
});

describe('ollama adapter: errors', () => {
  it('turns 404 for the model into model_not_found with the ollama pull hint', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url, 'ollama:llama3.2:1b'), {});
    const e = await failure(model.generate(hello));
    expect(e.type).toBe('model_not_found');
    expect(e.status).toBe(404);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('`ollama pull llama3.2:1b`');
    expect(e.message).toContain(server.url);
    const c = await failure(model.check());
    expect(c.type).toBe('model_not_found');
    expect(c.message).toContain('`ollama pull llama3.2:1b`');
  });

  it('fails fast on a closed port, naming the URL and `ollama serve`', async () => {
    const port = await closedPort();
    const model = createOllamaModel(ollamaConfig(`http://127.0.0.1:${port}`), {});
    const e = await failure(model.check());
    expect(e.type).toBe('unreachable');
    expect(e.message).toBe(
      `cannot reach Ollama at http://127.0.0.1:${port}: start it with \`ollama serve\` (or set OLLAMA_HOST)`,
    );
    expect((await failure(model.generate(hello))).type).toBe('unreachable');
  });

  it('names `ollama serve` when a server it had reached stops answering during the calls', async () => {
    const server = await startOllamaServer();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    await model.check();
    await server.close();
    let e = await failure(model.generate(hello));
    // The first call may meet the check's kept-alive socket closing: a reset, which the run retries.
    if (e.type === 'connection') {
      expect(e.retryable).toBe(true);
      e = await failure(model.generate(hello));
    }
    expect(e.type).toBe('unreachable');
    expect(e.retryable).toBe(false);
    expect(e.message).toContain(`cannot reach Ollama at ${server.url}`);
    expect(e.message).toContain('start it with `ollama serve`');
  });

  // undici gives these no socket error code, only "fetch failed": the message must still say what to do.
  it('says which port to use when fetch refuses the port (no "fetch failed")', async () => {
    // 10080 is on fetch's list of blocked ports: nothing is ever dialled, whatever listens there.
    const model = createOllamaModel(ollamaConfig('http://127.0.0.1:10080'), {});
    for (const e of [await failure(model.check()), await failure(model.generate(hello))]) {
      expect(e.type).toBe('unreachable');
      expect(e.retryable).toBe(false);
      expect(e.message).toContain('cannot reach Ollama at http://127.0.0.1:10080');
      expect(e.message).toContain('port 10080');
      expect(e.message).toContain('the port `ollama serve` listens on, 11434 by default');
      expect(e.message).not.toContain('fetch failed');
    }
  });

  it('says Ollama speaks plain http when https:// meets it (no "fetch failed")', async () => {
    const server = await serve();
    const url = server.url.replace('http://', 'https://');
    const e = await failure(createOllamaModel(ollamaConfig(url), {}).check());
    expect(e.type).toBe('unreachable');
    expect(e.message).toContain(`cannot reach Ollama at ${url}: the TLS handshake failed`);
    expect(e.message).toContain('write http://');
    expect(e.message).not.toContain('fetch failed');
  });

  it('gives up the check after its timeout when the server never answers', async () => {
    const server = await serve();
    server.failNext({ kind: 'hang' }, 1, ['/api/version']);
    const model = createOllamaModel(ollamaConfig(server.url), {}, { checkTimeoutMs: 150 });
    const e = await failure(model.check());
    expect(e.type).toBe('unreachable');
    expect(e.message).toContain(`Ollama at ${server.url} did not answer within 0.15 s`);
  });

  it('says a 404 on /api/version means the URL is not an Ollama server', async () => {
    const server = await serve();
    server.failNext({ kind: 'status', status: 404, error: '404 page not found' }, 1, ['/api/version']);
    const e = await failure(createOllamaModel(ollamaConfig(server.url), {}).check());
    expect(e.type).toBe('http');
    expect(e.message).toContain('is it an Ollama server?');
  });

  it('classifies statuses: 500 and 503 retryable, 400 not, 401 auth, 429 with retry-after', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    server.failNext({ kind: 'status', status: 500, error: 'llama runner process has terminated' });
    const e500 = await failure(model.generate(hello));
    expect([e500.type, e500.status, e500.retryable]).toEqual(['http', 500, true]);
    expect(e500.message).toContain('llama runner process has terminated');

    server.failNext({ kind: 'status', status: 400, error: 'invalid options' });
    const e400 = await failure(model.generate(hello));
    expect([e400.type, e400.status, e400.retryable]).toEqual(['http', 400, false]);

    // A proxy or hosted Ollama in front of the server checks keys.
    server.failNext({ kind: 'status', status: 401, error: 'unauthorized' });
    const e401 = await failure(model.generate(hello));
    expect([e401.type, e401.status, e401.retryable]).toEqual(['auth', 401, false]);

    server.failNext({
      kind: 'status',
      status: 429,
      error: 'too many requests',
      headers: { 'retry-after': '3' },
    });
    const e429 = await failure(model.generate(hello));
    expect([e429.type, e429.status, e429.retryable, e429.retryAfterMs]).toEqual([
      'rate_limited',
      429,
      true,
      3000,
    ]);

    // The server recovers: the next call answers.
    expect((await model.generate(hello)).text).toBe('Hello from Ollama.');
  });

  it('treats an {"error"} line after the 200 as a retryable server failure', async () => {
    const server = await serve();
    server.failNext({
      kind: 'error-mid-stream',
      error: 'an error was encountered while running the model',
      afterChunks: 2,
    });
    const e = await failure(createOllamaModel(ollamaConfig(server.url), {}).generate(hello));
    expect([e.type, e.retryable]).toEqual(['runtime', true]);
    expect(e.message).toContain('an error was encountered while running the model');
  });

  it('treats an unreadable 200 and a stream without its done chunk as retryable bad_response', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); // the client warns about bad lines
    try {
      server.failNext({ kind: 'garbage' });
      const garbage = await failure(model.generate(hello));
      expect([garbage.type, garbage.retryable]).toEqual(['bad_response', true]);
    } finally {
      warn.mockRestore();
    }
    server.failNext({ kind: 'no-done' });
    const cut = await failure(model.generate(hello));
    expect([cut.type, cut.retryable]).toEqual(['bad_response', true]);
  });

  it('treats connection resets, before or during the answer, as retryable', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    server.failNext({ kind: 'reset' });
    const before = await failure(model.generate(hello));
    expect([before.type, before.status, before.retryable]).toEqual(['connection', null, true]);
    server.failNext({ kind: 'reset-mid-stream', afterChunks: 1 });
    const during = await failure(model.generate(hello));
    expect([during.type, during.status, during.retryable]).toEqual(['connection', null, true]);
  });

  it('cancels the HTTP request of a slow stream when the signal aborts', async () => {
    const server = await serve({ chunkDelayMs: 60_000 });
    const model = createOllamaModel(ollamaConfig(server.url), {});
    const ac = new AbortController();
    const call = model.generate(hello, ac.signal);
    await server.waitForChunks(1);
    ac.abort();
    const e = await failure(call);
    expect([e.type, e.retryable]).toEqual(['aborted', false]);
    await vi.waitFor(() => expect(server.disconnects).toBe(1));
  });

  it('times out after the model timeoutMs with a retryable timeout', async () => {
    const server = await serve();
    server.failNext({ kind: 'hang' });
    const model = createOllamaModel(ollamaConfig(server.url, undefined, { timeoutMs: 100 }), {});
    // The run stage owns the limit; the adapter honours the signal it is given.
    const e = await failure(callWithTimeout(model, hello, 100, undefined));
    expect([e.type, e.retryable]).toEqual(['timeout', true]);
    expect(e.message).toBe('no answer within 100 ms');
  });

  it("calls a stall of fetch itself (undici's headers or body timeout) a connection failure, not a timeout", () => {
    const stalled = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    });
    const err = toOllamaError(stalled, {
      url: 'http://127.0.0.1:11434',
      model: 'm',
      seen: { retryAfter: null },
    });
    expect(err).toMatchObject({ type: 'connection', retryable: true });
  });
});

describe('ollama adapter: profile', () => {
  it('reads parameters, quantization, context and family from /api/show; loads the model for memory and window', async () => {
    const server = await serve();
    const p = await createOllamaModel(ollamaConfig(server.url), {}).profile();
    expect(p).toEqual({
      parameters: 494_032_768,
      quantization: 'Q4_K_M',
      contextWindow: 32_768,
      servingWindow: 4096,
      memoryBytes: 995_000_000,
      family: 'qwen2',
      prices: null,
    });
  });

  it('takes memory from /api/ps for a loaded model, and the suite overrides context and prices', async () => {
    const server = await serve({
      models: [
        {
          name: 'llama3.2',
          family: 'llama',
          parameterSize: '3.2B',
          quantization: 'Q4_0',
          // No parameter count in model_info: parameter_size is parsed instead.
          modelInfo: { 'general.architecture': 'llama', 'llama.context_length': 131_072 },
          loaded: { size: 3_400_000_000, sizeVram: 3_000_000_000 },
        },
      ],
    });
    const plain = await createOllamaModel(ollamaConfig(server.url, 'ollama:llama3.2'), {}).profile();
    expect(plain).toMatchObject({
      parameters: 3_200_000_000,
      quantization: 'Q4_0',
      contextWindow: 131_072,
      memoryBytes: 3_400_000_000,
      family: 'llama',
    });
    const config = ollamaConfig(server.url, 'ollama:llama3.2', {
      contextWindow: 8192,
      cost: { inputPerMillion: 0.01, outputPerMillion: 0.02 },
    });
    const overridden = await createOllamaModel(config, {}).profile();
    expect(overridden.contextWindow).toBe(8192);
    expect(overridden.prices).toEqual({ inputPerMillion: 0.01, outputPerMillion: 0.02 });
  });

  it('loads a model that is not loaded with the empty-prompt generate and the calls’ options, once', async () => {
    const server = await serve();
    const config = ollamaConfig(server.url, undefined, {
      options: { temperature: 0, contextSize: 16_384, keepAlive: '10m' },
    });
    const p = await createOllamaModel(config, {}).profile();
    const sent = server.requests.filter((r) => r.path === '/api/generate').map((r) => r.body);
    expect(sent).toEqual([
      {
        model: 'qwen2.5:0.5b',
        prompt: '',
        stream: false,
        options: { temperature: 0, num_ctx: 16_384 },
        keep_alive: '10m',
      },
    ]);
    expect(server.loads).toEqual([{ model: 'qwen2.5:0.5b', contextLength: 16_384 }]);
    expect([p.servingWindow, p.memoryBytes]).toEqual([16_384, 995_000_000]);
  });

  it('takes the serving window of a loaded model from /api/ps; Ollama does not load it again', async () => {
    const server = await serve({
      defaultContextLength: 2048,
      models: [{ ...DEFAULT_OLLAMA_MODEL, loaded: { size: 1e9, sizeVram: 1e9 } }],
    });
    const p = await createOllamaModel(ollamaConfig(server.url), {}).profile();
    expect([p.contextWindow, p.servingWindow, p.memoryBytes]).toEqual([32_768, 2048, 1e9]);
    expect(server.loads).toEqual([]);
  });

  it('does not trust the window of a model someone loaded with another num_ctx: the calls would reload it', async () => {
    const server = await serve({
      models: [{ ...DEFAULT_OLLAMA_MODEL, loaded: { size: 3e9, sizeVram: 3e9, contextLength: 32_768 } }],
    });
    const p = await createOllamaModel(ollamaConfig(server.url), {}).profile();
    expect([p.servingWindow, p.memoryBytes]).toEqual([4096, 995_000_000]);
    expect(server.loads).toEqual([{ model: 'qwen2.5:0.5b', contextLength: 4096 }]);
  });

  it('falls back to the Modelfile’s num_ctx on a server whose /api/ps has no context_length, else null', async () => {
    const server = await serve({
      psContextLength: false,
      models: [
        { ...DEFAULT_OLLAMA_MODEL, modelfileNumCtx: 8192 },
        { ...DEFAULT_OLLAMA_MODEL, name: 'llama3.2:1b' },
      ],
    });
    const withModelfile = await createOllamaModel(ollamaConfig(server.url), {}).profile();
    expect([withModelfile.servingWindow, withModelfile.memoryBytes]).toEqual([8192, 995_000_000]);
    const without = await createOllamaModel(ollamaConfig(server.url, 'ollama:llama3.2:1b'), {}).profile();
    expect(without.servingWindow).toBeNull();
    expect(without.contextWindow).toBe(32_768);
  });

  it('still profiles when the load fails: the first call meets the failure and records it', async () => {
    const server = await serve({ models: [{ ...DEFAULT_OLLAMA_MODEL, modelfileNumCtx: 8192 }] });
    server.failNext({ kind: 'status', status: 500, error: 'model requires more system memory' });
    const p = await createOllamaModel(ollamaConfig(server.url), {}).profile();
    expect([p.contextWindow, p.servingWindow, p.memoryBytes]).toEqual([32_768, 8192, null]);
  });

  it('flags a prompt the server cut to the serving window it learned, without contextSize', async () => {
    const server = await serve();
    const model = createOllamaModel(ollamaConfig(server.url), {});
    const long: GenerateRequest = {
      messages: [{ role: 'user', content: 'word '.repeat(5000) }],
      options: {},
    };
    expect((await model.generate(long)).promptTruncated).toBeUndefined(); // window not known yet
    await model.profile();
    const cut = await model.generate(long);
    expect([cut.usage.input, cut.promptTruncated]).toEqual([4096, true]);
    expect((await model.generate(hello)).promptTruncated).toBe(false);
  });

  it('parses Ollama parameter sizes', () => {
    expect(parseParameterSize('8.0B')).toBe(8_000_000_000);
    expect(parseParameterSize('494.03M')).toBe(494_030_000);
    expect(parseParameterSize('137M')).toBe(137_000_000);
    expect(parseParameterSize('unknown')).toBeNull();
    expect(parseParameterSize(null)).toBeNull();
  });
});

describe('ollama adapter: token log-probabilities', () => {
  const asked: GenerateRequest = { ...hello, options: { logprobs: true } };
  // Ollama 0.12.11 added `logprobs` to /api/chat and /api/generate.
  const scoring = (logprobs: number[], reply?: string[]) =>
    serve({
      version: '0.12.11',
      models: [{ ...DEFAULT_OLLAMA_MODEL, logprobs, ...(reply ? { reply } : {}) }],
    });
  const body = (server: OllamaTestServer, path: string) => server.requests.find((r) => r.path === path)?.body;

  it('asks /api/chat for them and summarises the logprob of every streamed token', async () => {
    const server = await scoring([-0.5, -1.25, -0.125, -2]);
    const res = await createOllamaModel(ollamaConfig(server.url), {}).generate(asked);
    expect(body(server, '/api/chat')).toMatchObject({ logprobs: true, stream: true });
    expect(body(server, '/api/chat')).not.toHaveProperty('top_logprobs');
    expect(res.text).toBe('Hello from Ollama.');
    expect(res.logprobs).toEqual({ tokens: 4, mean: -0.96875, min: -2, first: -0.5 });
    expect(res.raw).not.toHaveProperty('logprobs');
  });

  it('does the same on /api/generate for ollama:completion: ids', async () => {
    const server = await scoring([-0.25, -0.75, -0.5, -0.5]);
    const model = createOllamaModel(ollamaConfig(server.url, 'ollama:completion:qwen2.5:0.5b'), {});
    const res = await model.generate(asked);
    expect(body(server, '/api/generate')).toMatchObject({ logprobs: true });
    expect(res.logprobs).toEqual({ tokens: 4, mean: -0.5, min: -0.75, first: -0.25 });
  });

  it('counts the tokens of a chunk whose text a parser held back', async () => {
    const server = await scoring([-0.5, -4, -0.25], ['Hi', '', '!']);
    const res = await createOllamaModel(ollamaConfig(server.url), {}).generate(asked);
    expect(res.text).toBe('Hi!');
    expect(res.logprobs).toEqual({ tokens: 3, mean: -1.5833333333333333, min: -4, first: -0.5 });
  });

  it('gives null from a server older than 0.12.11, which ignores the field, and nothing when not asked', async () => {
    const older = await serve({ version: '0.12.10' });
    const none = await createOllamaModel(ollamaConfig(older.url), {}).generate(asked);
    expect(body(older, '/api/chat')).toMatchObject({ logprobs: true });
    expect(none).toHaveProperty('logprobs', null);
    const server = await scoring([-1, -1, -1, -1]);
    const plain = await createOllamaModel(ollamaConfig(server.url), {}).generate(hello);
    expect(body(server, '/api/chat')).not.toHaveProperty('logprobs');
    expect(plain).not.toHaveProperty('logprobs');
  });
});
