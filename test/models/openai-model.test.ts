import { createServer } from 'node:net';
import { APIConnectionTimeoutError } from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { openAIErrors } from '../../src/models/openai-errors.js';
import {
  createOpenAIModel,
  decodeRate,
  isStrictSchema,
  resolveOpenAIBaseURL,
} from '../../src/models/openai-model.js';
import { callWithTimeout } from '../../src/run/run-cases.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { modelConfig } from '../helpers/model-config.js';
import {
  type OpenAIServerOptions,
  type OpenAITestServer,
  startOpenAIServer,
} from '../servers/openai-server.js';
import { adapterContract } from './adapter-contract.js';

const KEY = 'sk-test-0123456789abcdef';

function openaiConfig(
  baseURL: string | undefined,
  provider = 'openai:gpt-4o-mini',
  extra: Partial<ModelConfig> = {},
): ModelConfig {
  return modelConfig(provider, 'baseline', baseURL, extra);
}

const hello: GenerateRequest = { messages: [{ role: 'user', content: 'Say hello' }], options: {} };

const servers: OpenAITestServer[] = [];
async function serve(options?: OpenAIServerOptions): Promise<OpenAITestServer> {
  const s = await startOpenAIServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fetch that sends api.openai.com traffic to the test server, to test what only OpenAI gets. */
function asOpenAI(server: OpenAITestServer): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.replace('https://api.openai.com/v1', server.url), init);
  };
}

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

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('openai adapter: shared contract', () => {
  adapterContract(async () => {
    const server = await startOpenAIServer({ usage: 'last-chunk', timings: { predicted_per_second: 42.5 } });
    return {
      model: createOpenAIModel(openaiConfig(server.url, undefined, { apiKey: KEY }), {}),
      request: hello,
      expectedText: 'Hello from OpenAI.',
      reports: { usage: true, ttft: true, tokensPerSecond: true, logprobs: true },
      abortable: true,
      cleanup: () => server.close(),
    };
  });
});

describe('openai adapter: usage and timings', () => {
  it('reads usage from the separate empty-choices chunk OpenAI sends with include_usage', async () => {
    const server = await serve({ usage: 'separate', promptTokens: 12, completionTokens: 4 });
    const res = await createOpenAIModel(openaiConfig(server.url), { OPENAI_API_KEY: KEY }).generate(hello);
    expect(res.text).toBe('Hello from OpenAI.');
    expect(res.finishReason).toBe('stop');
    expect(res.usage).toEqual({ input: 12, output: 4 });
    expect(res.ttftMs).not.toBeNull();
    expect(res.ttftMs as number).toBeLessThanOrEqual(res.latencyMs as number);
    expect(res.raw).toMatchObject({
      finish_reason: 'stop',
      usage: { prompt_tokens: 12, completion_tokens: 4 },
    });
  });

  it("reads usage and llama.cpp's predicted_per_second from the last content chunk", async () => {
    const server = await serve({
      usage: 'last-chunk',
      promptTokens: 30,
      completionTokens: 4,
      timings: { predicted_per_second: 87.25 },
    });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(hello);
    expect(res.usage).toEqual({ input: 30, output: 4 });
    expect(res.tokensPerSecond).toBe(87.25);
    expect(res.raw).toMatchObject({ timings: { predicted_per_second: 87.25, predicted_n: 4 } });
  });

  it('measures the decode rate from the stream when the server gives no timings', async () => {
    // Content chunks 25 ms apart, so the answer takes measurable time after its first token.
    const server = await serve({ usage: 'separate', completionTokens: 9, chunkDelayMs: 25 });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(hello);
    expect(res.usage.output).toBe(9);
    // What the code guarantees, whatever the machine's load: (9 − 1) tokens over the time from the
    // first token to the last content, which ends no later than the call, so the rate is at least 8
    // over (latency − TTFT). A loaded machine may receive every chunk at once: then there is no time
    // to divide by, and the rate is null rather than a guess (decodeRate's own test covers the formula).
    const ttft = res.ttftMs as number;
    const latency = res.latencyMs as number;
    const rate = res.tokensPerSecond;
    expect(rate === null || (rate > 0 && rate >= 8 / ((latency - ttft) / 1000) - 1e-9)).toBe(true);
  });

  it('returns nulls, not guesses, when the server reports no usage', async () => {
    const server = await serve({ usage: 'none' });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(hello);
    expect(res.usage).toEqual({ input: null, output: null });
    expect(res.tokensPerSecond).toBeNull();
    expect(res.text).toBe('Hello from OpenAI.');
  });

  it('computes the fallback decode rate as tokens after the first over time after the first', () => {
    expect(decodeRate(11, 100, 600)).toBe(20);
    expect(decodeRate(1, 100, 600)).toBeNull();
    expect(decodeRate(null, 100, 600)).toBeNull();
    expect(decodeRate(5, 100, 100)).toBeNull();
    expect(decodeRate(5, null, null)).toBeNull();
  });

  it('says "length" when the token limit cut the answer', async () => {
    const server = await serve();
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate({
      ...hello,
      options: { maxTokens: 2 },
    });
    expect(res.text).toBe('Hello from');
    expect(res.finishReason).toBe('length');
  });
});

describe('openai adapter: requests', () => {
  const strict = {
    type: 'object',
    properties: { verdict: { type: 'string', enum: ['yes', 'no'] } },
    required: ['verdict'],
    additionalProperties: false,
  };

  it('sends max_tokens, stream_options, options and json_schema response_format to a compatible server', async () => {
    const server = await serve();
    const config = openaiConfig(server.url, 'openai:chat:gpt-4o-mini', { headers: { 'x-team': 'evals' } });
    await createOpenAIModel(config, {}).generate({
      messages: [
        { role: 'system', content: 'Judge.' },
        { role: 'user', content: 'Is it?' },
      ],
      options: {
        temperature: 0,
        seed: 3,
        topP: 0.5,
        stop: ['END'],
        maxTokens: 50,
        jsonSchema: { ...strict, title: 'Verdict' },
      },
    });
    const body = server.chatBodies[0];
    expect(body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Judge.' },
        { role: 'user', content: 'Is it?' },
      ],
      temperature: 0,
      seed: 3,
      top_p: 0.5,
      stop: ['END'],
      max_tokens: 50,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'Verdict', strict: true, schema: { ...strict, title: 'Verdict' } },
      },
    });
    expect(body).not.toHaveProperty('max_completion_tokens');
    const headers = server.requests.find((r) => r.path === '/v1/chat/completions')?.headers;
    expect(headers?.['x-team']).toBe('evals');
    // No key configured: a placeholder, never nothing.
    expect(headers?.authorization).toBe('Bearer sk-no-key-required');
  });

  it('sends max_completion_tokens to api.openai.com and drops sampling options for o-series models', async () => {
    const server = await serve({ models: [{ id: 'o4-mini' }, { id: 'gpt-4o-mini' }] });
    const env = { OPENAI_API_KEY: KEY };
    const gpt = createOpenAIModel(openaiConfig(undefined), env, { fetch: asOpenAI(server) });
    await gpt.generate({ ...hello, options: { maxTokens: 50, temperature: 0 } });
    expect(server.chatBodies[0]).toMatchObject({ max_completion_tokens: 50, temperature: 0 });
    expect(server.chatBodies[0]).not.toHaveProperty('max_tokens');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const o4 = createOpenAIModel(openaiConfig(undefined, 'openai:o4-mini'), env, { fetch: asOpenAI(server) });
    await o4.generate({ ...hello, options: { temperature: 0, topP: 0.5 } });
    expect(server.chatBodies[1]).not.toHaveProperty('temperature');
    expect(server.chatBodies[1]).not.toHaveProperty('top_p');
  });

  it('marks a schema strict only when OpenAI strict mode accepts it', () => {
    expect(isStrictSchema(strict)).toBe(true);
    expect(isStrictSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(
      false,
    );
    expect(
      isStrictSchema({
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'number' } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toBe(false);
    expect(
      isStrictSchema({
        type: 'object',
        properties: {
          list: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' } } } },
        },
        required: ['list'],
        additionalProperties: false,
      }),
    ).toBe(false);
  });

  it('resolves the base URL: baseURL, OPENAI_BASE_URL, OPENAI_API_BASE_URL, OPENAI_API_HOST, default', () => {
    const all = {
      OPENAI_BASE_URL: 'http://a:1/v1',
      OPENAI_API_BASE_URL: 'http://b:2/v1',
      OPENAI_API_HOST: 'c.example.com',
    };
    expect(resolveOpenAIBaseURL('http://cfg:8080/v1/', all)).toBe('http://cfg:8080/v1');
    expect(resolveOpenAIBaseURL(undefined, all)).toBe('http://a:1/v1');
    expect(resolveOpenAIBaseURL(undefined, { ...all, OPENAI_BASE_URL: undefined })).toBe('http://b:2/v1');
    expect(resolveOpenAIBaseURL(undefined, { OPENAI_API_HOST: 'c.example.com' })).toBe(
      'https://c.example.com/v1',
    );
    expect(resolveOpenAIBaseURL(undefined, {})).toBe('https://api.openai.com/v1');
    // A bare origin (llama.cpp, vLLM) gets /v1, as promptfoo does.
    expect(resolveOpenAIBaseURL('http://127.0.0.1:8080', {})).toBe('http://127.0.0.1:8080/v1');
  });
});

describe('openai adapter: errors', () => {
  it('classifies 429 with retry-after (seconds, ms, HTTP date), 500 and 503 retryable, 400 not', async () => {
    const server = await serve();
    const model = createOpenAIModel(openaiConfig(server.url), {});
    server.failNext({
      kind: 'status',
      status: 429,
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': '2' },
    });
    const seconds = await failure(model.generate(hello));
    expect([seconds.type, seconds.status, seconds.retryable, seconds.retryAfterMs]).toEqual([
      'rate_limited',
      429,
      true,
      2000,
    ]);
    expect(seconds.message).toContain('Rate limit reached for requests');

    server.failNext({
      kind: 'status',
      status: 429,
      headers: { 'retry-after-ms': '150', 'retry-after': '9' },
    });
    expect((await failure(model.generate(hello))).retryAfterMs).toBe(150);

    const date = new Date(Date.now() + 60_000).toUTCString();
    server.failNext({ kind: 'status', status: 429, headers: { 'retry-after': date } });
    const dated = (await failure(model.generate(hello))).retryAfterMs as number;
    expect(dated).toBeGreaterThan(50_000);
    expect(dated).toBeLessThanOrEqual(60_000);

    for (const status of [500, 503]) {
      server.failNext({ kind: 'status', status });
      const e = await failure(model.generate(hello));
      expect([e.type, e.status, e.retryable]).toEqual(['http', status, true]);
    }
    server.failNext({
      kind: 'status',
      status: 400,
      message: "Invalid value for 'temperature'",
      type: 'invalid_request_error',
    });
    const bad = await failure(model.generate(hello));
    expect([bad.type, bad.status, bad.retryable]).toEqual(['http', 400, false]);
    expect(bad.message).toContain("Invalid value for 'temperature'");
    // Only the injected calls failed; the client itself retried nothing.
    expect(server.calls('/v1/chat/completions')).toBe(6);
  });

  it('rejects a wrong key with a hint and never repeats the key, even when the server echoes it', async () => {
    const server = await serve({ apiKey: 'sk-the-right-one' });
    const model = createOpenAIModel(openaiConfig(server.url, undefined, { apiKey: KEY }), {});
    const e = await failure(model.generate(hello));
    expect([e.type, e.status, e.retryable]).toEqual(['auth', 401, false]);
    expect(e.message).toContain('set OPENAI_API_KEY');
    expect(e.message).not.toContain(KEY);
    expect(JSON.stringify(e.toRecord())).not.toContain(KEY);
    const c = await failure(model.check());
    expect(c.message).not.toContain(KEY);
  });

  it('keeps the key out of raw and everything a successful call returns', async () => {
    const server = await serve({ apiKey: KEY, usage: 'last-chunk', timings: { predicted_per_second: 10 } });
    const model = createOpenAIModel(openaiConfig(server.url, undefined, { apiKey: KEY }), {});
    const res = await model.generate(hello);
    expect(res.text).toBe('Hello from OpenAI.');
    expect(JSON.stringify(res)).not.toContain(KEY);
    expect(JSON.stringify(await model.profile())).not.toContain(KEY);
  });

  it('fails check() at once for api.openai.com without a key', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const model = createOpenAIModel(openaiConfig(undefined, 'openai:gpt-4o'), {}, { fetch: fetchSpy });
    const e = await failure(model.check());
    expect([e.type, e.status, e.retryable]).toEqual(['auth', null, false]);
    expect(e.message).toContain('set OPENAI_API_KEY');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns 404 for the model into model_not_found, in generate and in check against OpenAI', async () => {
    const server = await serve({ models: [{ id: 'gpt-4o-mini' }] });
    const local = createOpenAIModel(openaiConfig(server.url, 'openai:gpt-5-turbo'), {});
    const e = await failure(local.generate(hello));
    expect([e.type, e.status, e.retryable]).toEqual(['model_not_found', 404, false]);
    expect(e.message).toContain(`${server.url}/models`);
    const hosted = createOpenAIModel(
      openaiConfig(undefined, 'openai:gpt-5-turbo'),
      { OPENAI_API_KEY: KEY },
      { fetch: asOpenAI(server) },
    );
    expect((await failure(hosted.check())).type).toBe('model_not_found');
    const known = createOpenAIModel(
      openaiConfig(undefined, 'openai:gpt-4o-mini'),
      { OPENAI_API_KEY: KEY },
      { fetch: asOpenAI(server) },
    );
    await expect(known.check()).resolves.toBeUndefined();
  });

  it('fails fast on a closed port, naming the URL', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const model = createOpenAIModel(openaiConfig(url), {});
    const e = await failure(model.check());
    expect([e.type, e.retryable]).toEqual(['unreachable', false]);
    expect(e.message).toContain(`cannot reach the OpenAI-compatible server at ${url}: start it`);
    expect((await failure(model.generate(hello))).type).toBe('unreachable');
  });

  it('gives up the check after its timeout when the server never answers; a server without /models passes', async () => {
    const server = await serve();
    server.failNext({ kind: 'hang' }, 1, ['/v1/models']);
    const model = createOpenAIModel(openaiConfig(server.url), {}, { checkTimeoutMs: 150 });
    const e = await failure(model.check());
    expect(e.type).toBe('unreachable');
    expect(e.message).toContain('did not answer within 0.15 s');
    const bare = await serve({ noModelsRoute: true });
    await expect(createOpenAIModel(openaiConfig(bare.url), {}).check()).resolves.toBeUndefined();
  });

  it('treats an unparseable 200 and a stream cut before finish_reason as retryable bad_response', async () => {
    const server = await serve();
    const model = createOpenAIModel(openaiConfig(server.url), {});
    server.failNext({ kind: 'garbage' });
    const garbage = await failure(model.generate(hello));
    expect([garbage.type, garbage.retryable]).toEqual(['bad_response', true]);
    server.failNext({ kind: 'truncated' });
    const cut = await failure(model.generate(hello));
    expect([cut.type, cut.retryable]).toEqual(['bad_response', true]);
  });

  it('treats an error event mid-stream and a connection reset as retryable', async () => {
    const server = await serve();
    const model = createOpenAIModel(openaiConfig(server.url), {});
    server.failNext({ kind: 'error-mid-stream', afterChunks: 1, message: 'The model overloaded' });
    const mid = await failure(model.generate(hello));
    expect([mid.type, mid.retryable]).toEqual(['runtime', true]);
    expect(mid.message).toContain('The model overloaded');
    server.failNext({ kind: 'reset-mid-stream', afterChunks: 2 });
    const during = await failure(model.generate(hello));
    expect([during.type, during.status, during.retryable]).toEqual(['connection', null, true]);
    server.failNext({ kind: 'reset' });
    const before = await failure(model.generate(hello));
    expect([before.type, before.status, before.retryable]).toEqual(['connection', null, true]);
  });

  it('cancels the HTTP request of a slow stream when the signal aborts', async () => {
    const server = await serve({ chunkDelayMs: 60_000 });
    const model = createOpenAIModel(openaiConfig(server.url), {});
    const ac = new AbortController();
    const call = model.generate(hello, ac.signal);
    // The role chunk is written at once; the first content chunk would take a minute.
    await vi.waitFor(() => expect(server.calls('/v1/chat/completions')).toBe(1));
    ac.abort();
    const e = await failure(call);
    expect([e.type, e.retryable]).toEqual(['aborted', false]);
    await vi.waitFor(() => expect(server.disconnects).toBe(1));
  });

  it('times out after the model timeoutMs with a retryable timeout', async () => {
    const server = await serve();
    server.failNext({ kind: 'hang' });
    const model = createOpenAIModel(openaiConfig(server.url, undefined, { timeoutMs: 100 }), {});
    // The run stage owns the limit; the adapter honours the signal it is given.
    const e = await failure(callWithTimeout(model, hello, 100, undefined));
    expect([e.type, e.retryable]).toEqual(['timeout', true]);
    expect(e.message).toBe('no answer within 100 ms');
  });

  it("turns the client's own request timeout off, so it cannot race the run stage's", async () => {
    const server = await serve();
    const model = createOpenAIModel(openaiConfig(server.url), {});
    // Every timer armed during a call: the client's request timer (10 minutes by default) must be the
    // longest setTimeout takes, which never fires in a run; sub-second ones are the HTTP stack's housekeeping.
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      delays.push(ms ?? 0);
      return Reflect.apply(realSetTimeout, globalThis, [fn, ms, ...args]);
    }) as typeof setTimeout);
    try {
      await model.generate(hello);
    } finally {
      spy.mockRestore();
    }
    expect(delays.filter((ms) => ms >= 1000)).toEqual([2 ** 31 - 1]);
  });

  it("calls a stall of the HTTP stack a connection failure: a timeout is the run stage's alone", () => {
    const err = openAIErrors({
      model: 'm',
      baseURL: 'http://127.0.0.1:1/v1',
      who: 'the server',
      isOpenAI: false,
      apiKey: undefined,
    }).toError(new APIConnectionTimeoutError(), {});
    expect(err).toMatchObject({ type: 'connection', retryable: true });
  });
});

describe('openai adapter: profile', () => {
  it('reads llama.cpp server metadata from /v1/models', async () => {
    const server = await serve({
      models: [
        {
          id: '/models/qwen2.5-0.5b-instruct-q4_k_m.gguf',
          meta: { n_ctx_train: 32_768, n_params: 494_032_768, size: 397_800_000 },
        },
      ],
    });
    // llama.cpp serves its one model under any name the client uses.
    const p = await createOpenAIModel(openaiConfig(server.url, 'openai:local'), {}).profile();
    expect(p).toEqual({
      parameters: 494_032_768,
      quantization: null,
      contextWindow: 32_768,
      memoryBytes: 397_800_000,
      family: null,
      // This loopback server has no /props (llama.cpp's slots): unknown, not a guess.
      parallelSlots: null,
      prices: null,
    });
  });

  it("reads vLLM's max_model_len", async () => {
    const server = await serve({
      models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', max_model_len: 16_384 }, { id: 'other' }],
    });
    const p = await createOpenAIModel(
      openaiConfig(server.url, 'openai:Qwen/Qwen2.5-7B-Instruct'),
      {},
    ).profile();
    expect(p.contextWindow).toBe(16_384);
    expect(p.parameters).toBeNull();
  });

  it('takes context and prices of a dated OpenAI snapshot from the frontier table; the suite overrides', async () => {
    const server = await serve();
    const env = { OPENAI_API_KEY: KEY };
    const dated = createOpenAIModel(openaiConfig(undefined, 'openai:gpt-4o-2024-08-06'), env, {
      fetch: asOpenAI(server),
    });
    expect(await dated.profile()).toEqual({
      parameters: null,
      quantization: null,
      contextWindow: 128_000,
      memoryBytes: null,
      family: null,
      parallelSlots: null,
      prices: { inputPerMillion: 2.5, outputPerMillion: 10 },
    });
    // No /v1/models metadata is asked of OpenAI.
    expect(server.calls()).toBe(0);
    const config = openaiConfig(undefined, 'openai:gpt-4o', {
      contextWindow: 64_000,
      cost: { inputPerMillion: 2 },
    });
    const overridden = await createOpenAIModel(config, env, { fetch: asOpenAI(server) }).profile();
    expect(overridden.contextWindow).toBe(64_000);
    expect(overridden.prices).toEqual({ inputPerMillion: 2, outputPerMillion: 10 });
  });
});

describe('openai adapter: token log-probabilities', () => {
  const asked: GenerateRequest = { ...hello, options: { logprobs: true } };

  it('asks for them and summarises the logprob of every streamed content token', async () => {
    const server = await serve({ logprobs: [-0.5, -1.25, -0.125, -2] });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(asked);
    expect(server.chatBodies[0]).toMatchObject({ logprobs: true, stream: true });
    expect(server.chatBodies[0]).not.toHaveProperty('top_logprobs');
    expect(res.text).toBe('Hello from OpenAI.');
    expect(res.logprobs).toEqual({ tokens: 4, mean: -0.96875, min: -2, first: -0.5 });
    // Per-token payloads stay out of raw.
    expect(JSON.stringify(res.raw)).not.toContain('logprob');
  });

  it("counts a scored token whose text is not sent (llama.cpp's stop-string token)", async () => {
    const server = await serve({ reply: ['Hi', ' there', ''], logprobs: [-0.5, -0.25, -3] });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(asked);
    expect(res.text).toBe('Hi there');
    expect(res.logprobs).toEqual({ tokens: 3, mean: -1.25, min: -3, first: -0.5 });
  });

  it('gives null, not a partial summary, when a token has no numeric logprob', async () => {
    // NaN is sent as JSON null, as a server does for a token it could not score.
    const server = await serve({ logprobs: [-0.5, Number.NaN, -0.25, -1] });
    const res = await createOpenAIModel(openaiConfig(server.url), {}).generate(asked);
    expect(res.text).toBe('Hello from OpenAI.');
    expect(res.logprobs).toBeNull();
  });

  it('gives null when the server sends none, and nothing when not asked', async () => {
    const ignoring = await serve({ logprobs: 'ignored' });
    const none = await createOpenAIModel(openaiConfig(ignoring.url), {}).generate(asked);
    expect(none).toHaveProperty('logprobs', null);
    const server = await serve();
    const plain = await createOpenAIModel(openaiConfig(server.url), {}).generate(hello);
    expect(server.chatBodies[0]).not.toHaveProperty('logprobs');
    expect(plain).not.toHaveProperty('logprobs');
  });

  it("takes the model's own options.logprobs, and does not ask OpenAI's reasoning models, which refuse it", async () => {
    const server = await serve({ models: [{ id: 'o4-mini' }, { id: 'gpt-4o-mini' }] });
    const env = { OPENAI_API_KEY: KEY };
    const gpt = createOpenAIModel(openaiConfig(undefined, undefined, { options: { logprobs: true } }), env, {
      fetch: asOpenAI(server),
    });
    expect((await gpt.generate(hello)).logprobs).toMatchObject({ tokens: 4 });
    expect(server.chatBodies[0]).toMatchObject({ logprobs: true });
    const o4 = createOpenAIModel(openaiConfig(undefined, 'openai:o4-mini'), env, { fetch: asOpenAI(server) });
    const res = await o4.generate(asked);
    expect(server.chatBodies[1]).not.toHaveProperty('logprobs');
    expect(res.logprobs).toBeNull();
  });
});
