import { describe, expect, it } from 'vitest';
import { ContextOverflowError } from '../../src/models/context-overflow-error.js';
import type { GenerateRequest, GenerateResponse, Model } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { type RunModel, runCases } from '../../src/run/run-cases.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { Case } from '../../src/suite/expand-cases.js';

/** A scripted in-memory model: answers or fails per call, and tracks how many calls overlap. */
function scriptedModel(
  label: string,
  script: (req: GenerateRequest, call: number) => Promise<GenerateResponse>,
) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0, requests: [] as GenerateRequest[] };
  const model: Model = {
    label,
    provider: `test:${label}`,
    async generate(req) {
      state.calls++;
      state.requests.push(req);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        return await script(req, state.calls);
      } finally {
        state.inFlight--;
      }
    },
    profile: async () => ({ parameters: null, quantization: null, contextWindow: null, memoryBytes: null }),
    check: async () => undefined,
    close: async () => undefined,
  };
  return { model, state };
}

const answer = (text: string): GenerateResponse => ({
  text,
  finishReason: 'stop',
  usage: { input: 3, output: 1 },
  latencyMs: 1,
  ttftMs: 1,
  tokensPerSecond: null,
  raw: {},
});

function cases(label: string, n: number, repeat = 0): Case[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${label}-${i}-${repeat}`,
    rowId: `r${i}`,
    promptId: 'p',
    model: label,
    provider: `test:${label}`,
    role: 'candidate',
    repeat,
    messages: [{ role: 'user', content: `q${i}` }],
  }));
}

function entry(model: Model, concurrency: number, options: ModelConfig['options'] = {}): RunModel {
  const config: ModelConfig = {
    label: model.label,
    provider: model.provider,
    ref: { runtime: 'recorded', model: 'x', api: 'chat' },
    role: 'candidate',
    options,
  };
  return { config, model, concurrency, local: false };
}

const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 10_000 };

describe('runCases', () => {
  it('never has more calls in flight to a model than its concurrency', async () => {
    // Each call waits until the next has had a chance to start, so unbounded scheduling would overlap.
    const { model, state } = scriptedModel('m', async (req) => {
      await new Promise((r) => setImmediate(r));
      return answer(req.messages[0]?.content ?? '');
    });
    const records: ResultRecord[] = [];
    await runCases({
      cases: cases('m', 20),
      models: new Map([['m', entry(model, 3)]]),
      done: new Set(),
      onRecord: (r) => records.push(r),
    });
    expect(state.maxInFlight).toBe(3);
    expect(records).toHaveLength(20);
    expect(new Set(records.map((r) => r.caseId)).size).toBe(20);
  });

  it('retries retryable errors and records the attempts; never retries the others', async () => {
    const flaky = scriptedModel('flaky', async (_req, call) => {
      if (call <= 2) throw new ModelError('http', 'server error', { status: 503 });
      return answer('ok');
    });
    const bad = scriptedModel('bad', async () => {
      throw new ModelError('http', 'bad request', { status: 400 });
    });
    const records: ResultRecord[] = [];
    await runCases({
      cases: [...cases('flaky', 1), ...cases('bad', 1)],
      models: new Map([
        ['flaky', entry(flaky.model, 1)],
        ['bad', entry(bad.model, 1)],
      ]),
      done: new Set(),
      retry: FAST_RETRY,
      onRecord: (r) => records.push(r),
    });
    const byModel = Object.fromEntries(records.map((r) => [r.model, r]));
    expect(byModel.flaky).toMatchObject({ output: 'ok', error: null, attempts: 3 });
    expect(byModel.bad).toMatchObject({
      output: null,
      attempts: 1,
      error: { type: 'http', status: 400, retryable: false },
    });
    expect(bad.state.calls).toBe(1);
  });

  it('gives up after the attempt limit and records the cause', async () => {
    const down = scriptedModel('down', async () => {
      throw new ModelError('http', 'overloaded', { status: 500 });
    });
    const records: ResultRecord[] = [];
    await runCases({
      cases: cases('down', 1),
      models: new Map([['down', entry(down.model, 1)]]),
      done: new Set(),
      retry: FAST_RETRY,
      onRecord: (r) => records.push(r),
    });
    expect(down.state.calls).toBe(4);
    expect(records[0]).toMatchObject({ attempts: 4, error: { message: 'overloaded', retryable: true } });
  });

  it('skips cases already done and gives each repeat its own seed', async () => {
    const { model, state } = scriptedModel('m', async () => answer('x'));
    const all = [...cases('m', 3, 0), ...cases('m', 3, 1)];
    await runCases({
      cases: all,
      models: new Map([['m', entry(model, 1, { seed: 10, temperature: 0.7 })]]),
      done: new Set(['m-0-0', 'm-1-0']),
      onRecord: () => undefined,
    });
    expect(state.calls).toBe(4);
    expect(state.requests.map((r) => r.options.seed)).toEqual([10, 11, 11, 11]);
  });

  it('turns a call that outlives its timeout into a retryable timeout error', async () => {
    const slow = scriptedModel('slow', (_req) => new Promise<GenerateResponse>(() => undefined));
    // The adapter contract: an aborted signal rejects the call.
    slow.model.generate = (_req, signal) =>
      new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new ModelError('aborted', 'aborted'))),
      );
    const records: ResultRecord[] = [];
    await runCases({
      cases: cases('slow', 1),
      models: new Map([['slow', entry(slow.model, 1)]]),
      done: new Set(),
      timeoutMs: 20,
      retry: { ...FAST_RETRY, maxAttempts: 2 },
      onRecord: (r) => records.push(r),
    });
    expect(records[0]).toMatchObject({ attempts: 2, error: { type: 'timeout', retryable: true } });
  });

  it('stops scheduling when interrupted and records nothing for abandoned calls', async () => {
    const ac = new AbortController();
    const { model } = scriptedModel('m', async (_req, call) => {
      if (call === 3) ac.abort();
      return answer('x');
    });
    const records: ResultRecord[] = [];
    const result = await runCases({
      cases: cases('m', 10),
      models: new Map([['m', entry(model, 1)]]),
      done: new Set(),
      signal: ac.signal,
      onRecord: (r) => records.push(r),
    });
    expect(result.interrupted).toBe(true);
    expect(records.length).toBe(3);
  });
});

describe('runCases with a response cache and a context window', () => {
  it('answers a repeated deterministic call from the cache with the original timings, and never caches errors', async () => {
    const { ResponseCache } = await import('../../src/run/response-cache.js');
    const { tempFiles } = await import('../helpers/temp-files.js');
    const cache = new ResponseCache(`${tempFiles({})}/cache`);
    const { model, state } = scriptedModel('m', async (req, call) => {
      if (req.messages[0]?.content === 'q1') throw new ModelError('http', 'no', { retryable: false });
      return { ...answer(`a${call}`), latencyMs: 700 };
    });
    const config: ModelConfig = {
      label: 'm',
      provider: 'ollama:m',
      ref: { runtime: 'ollama', model: 'm', api: 'chat' },
      role: 'candidate',
      options: { temperature: 0 },
    };
    const run = async () => {
      const records: ResultRecord[] = [];
      await runCases({
        cases: cases('m', 3),
        models: new Map([['m', { config, model, concurrency: 1, local: true }]]),
        done: new Set(),
        cache,
        onRecord: (r) => records.push(r),
      });
      return records;
    };
    const first = await run();
    expect(state.calls).toBe(3);
    const second = await run();
    // The failed case is asked again; the two answers come from the cache.
    expect(state.calls).toBe(4);
    const hits = second.filter((r) => r.cached);
    expect(hits.map((r) => r.output)).toEqual(first.filter((r) => !r.error).map((r) => r.output));
    expect(hits.every((r) => r.attempts === 0 && r.latencyMs === 700)).toBe(true);
    expect(second.find((r) => r.rowId === 'r1')).toMatchObject({
      cached: false,
      error: { type: 'http' },
    });
  });

  it('records a prompt that cannot fit the context window as skipped, without calling', async () => {
    const { model, state } = scriptedModel('m', async () => answer('x'));
    const records: ResultRecord[] = [];
    const long: Case = {
      ...(cases('m', 1)[0] as Case),
      id: 'long',
      messages: [{ role: 'user', content: 'w '.repeat(600) }],
    };
    await runCases({
      cases: [long, ...cases('m', 1)],
      models: new Map([['m', { ...entry(model, 1), contextWindow: 128 }]]),
      done: new Set(),
      onRecord: (r) => records.push(r),
    });
    expect(state.calls).toBe(1);
    expect(records.find((r) => r.caseId === 'long')).toMatchObject({
      skipped: 'context_overflow',
      output: null,
      error: null,
      attempts: 0,
      raw: { contextFit: { method: 'estimate', promptTokens: 304, window: 128 } },
    });
  });

  it("measures with the model's own count when it offers one, and records that it did", async () => {
    // The scripted tokenizer: one token a character, so 'q0' fits and 200 characters (50 by the estimate) do not.
    const { model, state } = scriptedModel('m', async () => answer('x'));
    const counted: string[] = [];
    model.countPromptTokens = async (req) => {
      counted.push(req.messages[0]?.content ?? '');
      return req.messages[0]?.content.length ?? 0;
    };
    const dense: Case = {
      ...(cases('m', 1)[0] as Case),
      id: 'dense',
      messages: [{ role: 'user', content: 'x'.repeat(200) }],
    };
    const records: ResultRecord[] = [];
    await runCases({
      cases: [dense, ...cases('m', 1)],
      models: new Map([['m', { ...entry(model, 1), contextWindow: 128 }]]),
      done: new Set(),
      onRecord: (r) => records.push(r),
    });
    expect(counted.sort()).toEqual(['q0', 'x'.repeat(200)]);
    expect(state.calls).toBe(1);
    expect(records.find((r) => r.caseId === 'dense')).toMatchObject({
      skipped: 'context_overflow',
      raw: { contextFit: { method: 'exact', promptTokens: 200, window: 128 } },
    });
  });

  it("records the runtime's own refusal of a prompt that cannot fit as a skip, without retrying", async () => {
    const { model, state } = scriptedModel('m', async () => {
      throw new ContextOverflowError(300, 256, 'the sequence holds 256');
    });
    const records: ResultRecord[] = [];
    await runCases({
      cases: cases('m', 1),
      models: new Map([['m', entry(model, 1)]]),
      done: new Set(),
      retry: FAST_RETRY,
      onRecord: (r) => records.push(r),
    });
    expect(state.calls).toBe(1);
    expect(records[0]).toMatchObject({
      skipped: 'context_overflow',
      output: null,
      error: null,
      attempts: 1,
      raw: { contextFit: { method: 'exact', promptTokens: 300, window: 256 } },
    });
  });

  it('answers from the cache without waking the model to count tokens', async () => {
    const { ResponseCache } = await import('../../src/run/response-cache.js');
    const { tempFiles } = await import('../helpers/temp-files.js');
    const cache = new ResponseCache(`${tempFiles({})}/cache`);
    const { model, state } = scriptedModel('m', async () => answer('x'));
    let counts = 0;
    model.countPromptTokens = async () => {
      counts++;
      return 2;
    };
    const config: ModelConfig = {
      label: 'm',
      provider: 'ollama:m',
      ref: { runtime: 'ollama', model: 'm', api: 'chat' },
      role: 'candidate',
      options: { temperature: 0 },
    };
    const run = () =>
      runCases({
        cases: cases('m', 1),
        models: new Map([['m', { config, model, concurrency: 1, local: true, contextWindow: 128 }]]),
        done: new Set(),
        cache,
        onRecord: () => undefined,
      });
    await run();
    expect([state.calls, counts]).toEqual([1, 1]);
    await run();
    expect([state.calls, counts]).toEqual([1, 1]);
  });
});
