import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createModel } from '../../src/models/create-model.js';
import type { GenerateRequest, Model } from '../../src/models/model.js';
import { executeCalls } from '../../src/run/execute-calls.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import type { Case } from '../../src/suite/expand-cases.js';
import { ggufConfig, ggufUnavailable, MODELS_DIR, RANDOM } from '../helpers/gguf-models.js';
import { modelConfig } from '../helpers/model-config.js';
import { startOllamaServer } from '../servers/ollama-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';

/**
 * The per-call time limit has one owner, the run stage: a call that runs out of time is recorded with
 * one error, whatever the runtime, and an adapter arms no timer of its own that could fire first with
 * another type or message.
 */

const LIMIT_MS = 150;
const TIMEOUT = {
  type: 'timeout',
  message: `no answer within ${LIMIT_MS} ms`,
  retryable: true,
  status: null,
};
const FAST_RETRY = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 60_000 };

interface Runtime {
  config(extra: Partial<ModelConfig>): ModelConfig;
  /** Options that keep a call going for longer than any limit here (in-process generation). */
  slow: ModelConfig['options'];
  /** The next `n` calls never answer (HTTP servers; in-process calls are slow through `slow`). */
  stall(n: number): void;
  /** The next call's answer waits for the returned release; null where a call cannot be held. */
  hold(): (() => void) | null;
  /** Calls the runtime has received. */
  received(): number;
  close(): Promise<void>;
}

const RUNTIMES: { name: string; skip: string; start: () => Promise<Runtime> }[] = [
  {
    name: 'openai',
    skip: '',
    start: async () => {
      const server = await startOpenAIServer();
      return {
        config: (extra) => modelConfig('openai:gpt-4o-mini', 'candidate', server.url, extra),
        slow: {},
        stall: (n) => server.failNext({ kind: 'hang' }, n),
        hold: () => {
          let release = () => {};
          server.failNext({ kind: 'hold', until: new Promise<void>((r) => (release = r)) });
          return release;
        },
        received: () => server.calls('/v1/chat/completions'),
        close: () => server.close(),
      };
    },
  },
  {
    name: 'ollama',
    skip: '',
    start: async () => {
      const server = await startOllamaServer();
      return {
        config: (extra) => modelConfig('ollama:qwen2.5:0.5b', 'candidate', server.url, extra),
        slow: {},
        // Only the calls: the profile's load (/api/generate) answers.
        stall: (n) => server.failNext({ kind: 'hang' }, n, ['/api/chat']),
        hold: () => {
          let release = () => {};
          server.failNext({ kind: 'hold', until: new Promise<void>((r) => (release = r)) }, 1, ['/api/chat']);
          return release;
        },
        received: () => server.calls('/api/chat'),
        close: () => server.close(),
      };
    },
  },
  {
    name: 'gguf',
    skip: ggufUnavailable,
    start: async () => ({
      config: (extra) => ggufConfig(RANDOM, extra),
      // 3000 tokens take seconds here, far past the limit.
      slow: { maxTokens: 3000, temperature: 0 },
      stall: () => {},
      hold: () => null,
      received: () => 0,
      close: async () => {},
    }),
  },
];

function oneCase(config: ModelConfig, content: string): Case {
  return {
    id: 'c0',
    rowId: 'r0',
    promptId: 'p',
    model: config.label,
    provider: config.provider,
    role: config.role,
    repeat: 0,
    messages: [{ role: 'user', content }],
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe.each(RUNTIMES)('the per-call time limit: $name', ({ name, skip, start }) => {
  it.skipIf(skip !== '').each([
    ['the model sets it', { model: true }],
    ['the suite sets it', { model: false }],
  ])(
    'a call that runs out of time is recorded as the run stage’s one timeout error (%s)',
    async (_, { model }) => {
      const rt = await start();
      open.push(rt);
      rt.stall(FAST_RETRY.maxAttempts);
      const config = rt.config({ options: rt.slow, ...(model ? { timeoutMs: LIMIT_MS } : {}) });
      const dir = mkdtempSync(join(tmpdir(), `rightsize-timeout-${name}-`));
      const result = await executeCalls(
        [oneCase(config, 'Go on forever.')],
        [config],
        join(dir, 'results.jsonl'),
        {
          env: {},
          baseDir: MODELS_DIR,
          cacheDir: null,
          retry: FAST_RETRY,
          ...(model ? {} : { timeoutMs: LIMIT_MS }),
        },
      );
      expect(result.records).toHaveLength(1);
      const record = result.records[0];
      expect(record?.error).toEqual(TIMEOUT);
      expect(record).toMatchObject({ output: null, attempts: FAST_RETRY.maxAttempts });
    },
    60_000,
  );

  it.skipIf(skip !== '')(
    'the adapter arms no timer of its own: given timeoutMs but a signal that never fires, a call slower than that is answered',
    async () => {
      const rt = await start();
      open.push(rt);
      const timeoutMs = 1;
      const model: Model = createModel(rt.config({ timeoutMs }), { baseDir: MODELS_DIR, env: {} });
      open.push(model);
      // As the run does: the model is loaded (profiled) before its first call.
      await model.profile();
      const request: GenerateRequest = {
        messages: [{ role: 'user', content: 'Go on forever.' }],
        options: { maxTokens: 30, temperature: 0 },
      };
      const release = rt.hold();
      const started = performance.now();
      const answer = model.generate(request, new AbortController().signal).then(
        (response) => ({ response, error: null }),
        (error: unknown) => ({ response: null, error }),
      );
      if (release) {
        // Held well past the adapter's timeoutMs before the server answers.
        await until(
          () => rt.received() === 1 && performance.now() - started > 50 * timeoutMs,
          'the call to wait',
        );
        release();
      }
      const { response, error } = await answer;
      expect(error).toBeNull();
      expect(response?.text).toEqual(expect.any(String));
      // It really outlived the limit an adapter-armed timer would have cut it at.
      expect(performance.now() - started).toBeGreaterThan(timeoutMs);
      expect(response?.latencyMs).toBeGreaterThan(timeoutMs);
    },
    60_000,
  );
});
