import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContextOverflowError } from '../../src/models/context-overflow-error.js';
import { createGgufModel, listGgufFiles } from '../../src/models/gguf-model.js';
import { ggufLoadState, loadNodeLlamaCpp } from '../../src/models/gguf-runtime.js';
import { GgufSlotPool } from '../../src/models/gguf-slot-pool.js';
import type { ChatMessage, GenerateRequest, Model } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { callWithTimeout } from '../../src/run/run-cases.js';
import type { GenerationOptions, ModelConfig } from '../../src/schema/model-config.js';
import {
  ggufConfig as config,
  MODELS_DIR,
  promptOfTokens,
  RANDOM,
  requireGgufModels,
  STORIES,
  ggufUnavailable as unavailable,
} from '../helpers/gguf-models.js';
import { adapterContract, expectConsistentSummary } from './adapter-contract.js';

// Real inference needs the shared model files and node-llama-cpp; CI requires both, elsewhere we skip loudly.
requireGgufModels('gguf-model');

const ctx = { baseDir: MODELS_DIR, env: {} };

function ask(content: string, options: GenerationOptions = {}): GenerateRequest {
  return { messages: [{ role: 'user', content }], options: { temperature: 0, ...options } };
}

const open: Model[] = [];
function model(file: string, extra: Partial<ModelConfig> = {}, env: Record<string, string> = {}): Model {
  const m = createGgufModel(config(file, extra), { ...ctx, env });
  open.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

/** The weights' size llama.cpp reports (`llama_model_size`) for `file`, from a load outside the adapter. */
async function weightsBytes(file: string): Promise<number> {
  const lib = await loadNodeLlamaCpp();
  const llama = await lib.getLlama({ build: 'never', gpu: false, logLevel: lib.LlamaLogLevel.disabled });
  const loaded = await llama.loadModel({ modelPath: file });
  try {
    return loaded.size;
  } finally {
    await loaded.dispose();
  }
}

/** Resolves once `file` has `holders` holders but no finished load: the first load is under way. */
async function untilLoading(file: string, loadsBefore: number, holders = 1): Promise<void> {
  for (;;) {
    const state = ggufLoadState();
    if ((state.loaded.find((l) => l.path === file)?.refs ?? 0) >= holders) {
      if (state.loads !== loadsBefore)
        throw new Error(`the load of ${file} finished before it could be caught`);
      return;
    }
    await new Promise((r) => setImmediate(r));
  }
}

describe.skipIf(unavailable !== '')('gguf model on real files', () => {
  for (const file of [STORIES, RANDOM]) {
    describe(`shared adapter contract: ${file}`, () => {
      adapterContract(async () => ({
        model: createGgufModel(config(file), ctx),
        request: ask('Once upon a time', { maxTokens: 8 }),
        reports: { usage: true, ttft: true, tokensPerSecond: true, logprobs: true },
        abortable: true,
      }));
    });
  }

  it.each([
    [STORIES, 292_800, 512, 'F32'],
    [RANDOM, 513_048, 4096, 'F16'],
  ])(
    'profiles %s from its metadata and a measured load',
    async (file, parameters, contextWindow, quantization) => {
      const p = await model(file).profile();
      expect(p).toMatchObject({ parameters, contextWindow, quantization, family: 'llama' });
      expect(Number.isInteger(p.memoryBytes)).toBe(true);
      // What the adapter guarantees, whatever else the process does meanwhile: never less than the weights
      // llama.cpp reports holding for this file, read here from a load of our own. (Not the file's size:
      // 41% of the random model's file is metadata, mostly its 32,000-token vocabulary, not weights, and
      // its measured growth under load has come out below 0.9 × the file.)
      expect(p.memoryBytes).toBeGreaterThanOrEqual(await weightsBytes(path.join(MODELS_DIR, file)));
    },
  );

  it('reports no less memory than the weights llama.cpp holds when the process shows no growth across the load', async () => {
    const weights = await weightsBytes(path.join(MODELS_DIR, RANDOM));
    // What a busy process can look like: other work frees as much as the load and the context add.
    const flat = vi.spyOn(process, 'memoryUsage').mockReturnValue(process.memoryUsage());
    try {
      expect((await model(RANDOM).profile()).memoryBytes).toBe(weights);
    } finally {
      flat.mockRestore();
    }
  });

  it("lets the suite's contextWindow override the trained one", async () => {
    const p = await model(STORIES, { contextWindow: 256 }).profile();
    expect(p.contextWindow).toBe(256);
  });

  it.each([
    [
      STORIES,
      {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'number' } },
        required: ['name', 'age'],
      },
    ],
    [
      RANDOM,
      {
        type: 'object',
        properties: { answer: { enum: ['yes', 'no'] }, sure: { type: 'boolean' } },
        required: ['answer', 'sure'],
      },
    ],
  ])('forces %s into a JSON schema', async (file, jsonSchema) => {
    const res = await model(file).generate(ask('Give me JSON.', { jsonSchema, maxTokens: 200 }));
    const parsed: unknown = JSON.parse(res.text);
    expect(Object.keys(parsed as object).sort()).toEqual([...jsonSchema.required].sort());
    expect(res.finishReason).toBe('stop');
  });

  it('gives identical greedy output on two calls, with exact token counts', async () => {
    const m = model(RANDOM);
    const request = ask('Tell me a story.', { maxTokens: 12 });
    const a = await m.generate(request);
    const b = await m.generate(request);
    expect(a.text.length).toBeGreaterThan(0);
    expect(b.text).toBe(a.text);
    expect(a.finishReason).toBe('length');
    expect(a.usage.output).toBe(12);
    expect(b.usage).toEqual(a.usage);

    // The prompt count, computed independently: the same chat template rendered and tokenized.
    const lib = await import('node-llama-cpp');
    const llama = await lib.getLlama({ build: 'never', gpu: false, logLevel: lib.LlamaLogLevel.disabled });
    const loaded = await llama.loadModel({ modelPath: path.join(MODELS_DIR, RANDOM) });
    const context = await loaded.createContext({ contextSize: 256 });
    const chat = new lib.LlamaChat({ contextSequence: context.getSequence() });
    const { contextText } = chat.chatWrapper.generateContextState({
      chatHistory: [
        { type: 'user', text: 'Tell me a story.' },
        { type: 'model', response: [] },
      ],
    });
    expect(a.usage.input).toBe(contextText.tokenize(loaded.tokenizer).length);
    await context.dispose();
    await loaded.dispose();
  });

  it('stops at a stop sequence', async () => {
    const m = model(STORIES);
    const free = await m.generate(ask('Once upon a time', { maxTokens: 40 }));
    const cut = free.text.indexOf(' ');
    expect(cut).toBeGreaterThan(0);
    const stopped = await m.generate(ask('Once upon a time', { maxTokens: 40, stop: [' '] }));
    expect(stopped.text).toBe(free.text.slice(0, cut));
    expect(stopped.finishReason).toBe('stop');
  });

  it('shares one load between Model objects on the same file and unloads after the last close', async () => {
    const file = path.join(MODELS_DIR, STORIES);
    const refsOf = () => ggufLoadState().loaded.find((l) => l.path === file)?.refs ?? 0;
    expect(refsOf()).toBe(0);
    const loadsBefore = ggufLoadState().loads;
    const a = createGgufModel(config(STORIES), ctx);
    const b = createGgufModel(config(STORIES, { label: 'again' }), ctx);
    await Promise.all([a.generate(ask('Hi', { maxTokens: 2 })), b.generate(ask('Hi', { maxTokens: 2 }))]);
    expect(ggufLoadState().loads).toBe(loadsBefore + 1);
    expect(refsOf()).toBe(2);
    await a.close();
    expect(refsOf()).toBe(1);
    await b.close();
    expect(refsOf()).toBe(0);
    const c = createGgufModel(config(STORIES), ctx);
    await c.generate(ask('Hi', { maxTokens: 2 }));
    expect(ggufLoadState().loads).toBe(loadsBefore + 2);
    await c.close();
  });

  it('serves concurrent calls on a multi-sequence context with the same answers as one at a time', async () => {
    const m = model(STORIES, { concurrency: 2 });
    const request = ask('Once upon a time', { maxTokens: 10 });
    const [a, b] = await Promise.all([m.generate(request), m.generate(request)]);
    expect(b.text).toBe(a.text);
    expect(b.usage).toEqual(a.usage);
  });

  it('aborts a call mid-generation with a typed error and stays usable', async () => {
    const m = model(RANDOM);
    await m.generate(ask('warm up', { maxTokens: 1 }));
    const ac = new AbortController();
    // 3000 tokens take seconds here; the abort lands well inside the generation.
    const running = m
      .generate(ask('Go on forever.', { maxTokens: 3000 }), ac.signal)
      .catch((e: unknown) => e);
    const waiting = m
      .generate(ask('Queued behind it.', { maxTokens: 3000 }), ac.signal)
      .catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 50);
    for (const err of await Promise.all([running, waiting])) {
      expect(err).toBeInstanceOf(ModelError);
      expect(err).toMatchObject({ type: 'aborted', retryable: false });
    }
    const after = await m.generate(ask('Hi', { maxTokens: 3 }));
    expect(after.usage.output).toBe(3);
  });

  it('gives up a profile on its signal before the load starts, and close() then loads nothing', async () => {
    const file = path.join(MODELS_DIR, RANDOM);
    const loadsBefore = ggufLoadState().loads;
    const m = model(RANDOM);
    const ac = new AbortController();
    const profiling = m.profile(ac.signal).catch((e: unknown) => e);
    ac.abort();
    const err = await profiling;
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'aborted', retryable: false });
    await m.close();
    expect(ggufLoadState().loaded.find((l) => l.path === file)).toBeUndefined();
    expect(ggufLoadState().loads).toBe(loadsBefore);
    // A closed model opens again on its next use.
    expect((await m.profile()).parameters).toBe(513_048);
  });

  it('stops a load in progress when the profile waiting for it is aborted and the model closed (Ctrl-C mid-load)', async () => {
    const file = path.join(MODELS_DIR, RANDOM);
    const loadsBefore = ggufLoadState().loads;
    const m = model(RANDOM);
    const ac = new AbortController();
    const profiling = m.profile(ac.signal).catch((e: unknown) => e);
    await untilLoading(file, loadsBefore);
    ac.abort();
    expect(await profiling).toMatchObject({ type: 'aborted' });
    await m.close();
    // The load was stopped, not finished for nobody, and nothing of it is held.
    expect(ggufLoadState().loads).toBe(loadsBefore);
    expect(ggufLoadState().loaded.find((l) => l.path === file)).toBeUndefined();
  });

  it('keeps a shared load going for the other holder when one gives up mid-load', async () => {
    const file = path.join(MODELS_DIR, RANDOM);
    const loadsBefore = ggufLoadState().loads;
    const quitter = model(RANDOM);
    const stayer = model(RANDOM, { label: 'stayer' });
    const ac = new AbortController();
    const quitting = quitter.profile(ac.signal).catch((e: unknown) => e);
    const staying = stayer.profile();
    await untilLoading(file, loadsBefore, 2);
    ac.abort();
    expect(await quitting).toMatchObject({ type: 'aborted' });
    await quitter.close();
    expect((await staying).parameters).toBe(513_048);
    expect(ggufLoadState().loads).toBe(loadsBefore + 1);
    expect(ggufLoadState().loaded.find((l) => l.path === file)?.refs).toBe(1);
  });

  it("reports the suite's timeoutMs as a timeout, not an abort", async () => {
    // The run stage owns the limit, and loads (profiles) a model before its first call: the clock
    // starts after the load.
    const m = model(RANDOM, { timeoutMs: 200 });
    await m.profile();
    const err = await callWithTimeout(m, ask('Go on forever.', { maxTokens: 3000 }), 200, undefined).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'timeout' });
  });

  it('finds a bare name in RIGHTSIZE_MODELS_DIR', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'rightsize-gguf-'));
    try {
      const m = createGgufModel(config('tinyllamas-stories-260k-f32.v3'), {
        baseDir: elsewhere,
        env: { RIGHTSIZE_MODELS_DIR: MODELS_DIR },
      });
      await expect(m.check()).resolves.toBeUndefined();
      expect((await m.profile()).parameters).toBe(292_800);
      await m.close();
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('lists the GGUF files of a folder from their headers', async () => {
    const files = await listGgufFiles(MODELS_DIR);
    expect(files).toEqual([
      {
        path: path.join(MODELS_DIR, RANDOM),
        size: 1_750_560,
        name: 'LLaMA v2',
        architecture: 'llama',
        parameters: 513_048,
        quantization: 'F16',
        contextLength: 4096,
      },
      {
        path: path.join(MODELS_DIR, STORIES),
        size: 1_185_344,
        name: 'tinyllamas-stories-260k',
        architecture: 'llama',
        parameters: 292_800,
        quantization: 'F32',
        contextLength: 512,
      },
    ]);
  });
});

describe.skipIf(unavailable !== '')('gguf prompt tokens and the context window', () => {
  const JAPANESE = '猫が好きです。'.repeat(6);
  const shapes: Array<[string, ChatMessage[]]> = [
    ['one user message', [{ role: 'user', content: 'Tell me a story.' }]],
    [
      'a system prompt',
      [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Name a colour.' },
      ],
    ],
    [
      'several turns',
      [
        { role: 'user', content: 'Hi there.' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: 'Count to three.' },
      ],
    ],
    [
      'an assistant prefill',
      [
        { role: 'user', content: 'Finish the line.' },
        { role: 'assistant', content: 'Once upon a' },
      ],
    ],
    ['non-English text', [{ role: 'user', content: JAPANESE }]],
  ];

  for (const file of [STORIES, RANDOM]) {
    it.each(shapes)(`${file}: counts exactly the input a real call reports, for %s`, async (_, messages) => {
      const m = model(file);
      const request: GenerateRequest = { messages, options: { temperature: 0, maxTokens: 2 } };
      const counted = await m.countPromptTokens?.(request);
      const res = await m.generate(request);
      expect(counted).toBeGreaterThan(0);
      expect(res.usage.input).toBe(counted);
      expect(res.promptTruncated).toBeUndefined();
    });
  }

  it('left to itself, node-llama-cpp cuts an over-long prompt silently (what the adapter guards against)', async () => {
    // Straight on the library, as the adapter would call it without its checks: a 256-token sequence.
    const counter = model(STORIES);
    const lib = await import('node-llama-cpp');
    const llama = await lib.getLlama({ build: 'never', gpu: false, logLevel: lib.LlamaLogLevel.disabled });
    const loaded = await llama.loadModel({ modelPath: path.join(MODELS_DIR, STORIES) });
    const context = await loaded.createContext({ contextSize: 256, threads: 1 });
    const sequence = context.getSequence();
    const chat = new lib.LlamaChat({ contextSequence: sequence });
    const send = async (tokens: number, maxTokens: number) => {
      await sequence.clearHistory();
      const text = await promptOfTokens(counter, tokens);
      const before = sequence.tokenMeter.getState();
      const res = await chat.generateResponse(
        [
          { type: 'user', text },
          { type: 'model', response: [] },
        ],
        { maxTokens, temperature: 0, repeatPenalty: false },
      );
      const kept = res.lastEvaluation.contextWindow.find((h) => h.type === 'user');
      const keptText = kept?.type === 'user' ? kept.text : '';
      return { text, res, keptText, evaluated: sequence.tokenMeter.diff(before).usedInputTokens };
    };
    try {
      // 254 tokens (two free) are kept whole.
      const whole = await send(254, 2);
      expect(whole.res.lastEvaluation.contextShiftMetadata).toBeNull();
      expect(whole.keptText).toBe(whole.text);
      // 255 tokens (one free): no error, no warning, an answer; but the END of the prompt was erased
      // (typically the question itself).
      const cut = await send(255, 1);
      expect(cut.res.response.length).toBeGreaterThan(0);
      expect(cut.res.lastEvaluation.contextShiftMetadata).not.toBeNull();
      expect(cut.keptText.length).toBeLessThan(cut.text.length);
      expect(cut.text.startsWith(cut.keptText)).toBe(true);
      // A prompt that fits but an answer allowed past the window: the context shifts mid-answer, erasing
      // the start of the answer from what the model sees while it goes on, and the re-evaluation is
      // metered as input (so input tokens would be over-reported)...
      const shifted = await send(100, 200);
      expect(shifted.res.metadata.stopReason).toBe('maxTokens');
      expect(shifted.res.lastEvaluation.contextShiftMetadata).not.toBeNull();
      expect(shifted.evaluated).toBeGreaterThan(100);
      // ...or, when the prompt leaves too little answer to erase, the call fails halfway.
      await expect(send(200, 60)).rejects.toThrow('Failed to compress chat history');
    } finally {
      await context.dispose();
      await loaded.dispose();
    }
  });

  it('refuses a prompt that cannot fit the context it runs with, with a typed non-retryable error', async () => {
    // A contextSize below the prompt: the run stage would have skipped it; here it is forced into generate.
    const m = model(STORIES, { options: { contextSize: 256 } });
    for (const tokens of [300, 255]) {
      // 255 leaves one free token, which node-llama-cpp would fill by cutting the prompt (test above).
      const err = await m.generate(ask(await promptOfTokens(m, tokens))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContextOverflowError);
      expect(err).toMatchObject({
        type: 'context_overflow',
        retryable: false,
        promptTokens: tokens,
        window: 256,
      });
    }
    // The largest prompt that fits answers, whole, and the model stays usable.
    const res = await m.generate(ask(await promptOfTokens(m, 254), { maxTokens: 1 }));
    expect(res).toMatchObject({ usage: { input: 254, output: 1 }, finishReason: 'length' });
    expect(res.promptTruncated).toBeUndefined();
  });

  it('stops an answer that runs into the window as a length finish, the prompt kept whole', async () => {
    const m = model(RANDOM, { options: { contextSize: 256 } });
    const res = await m.generate(ask(await promptOfTokens(m, 200), { maxTokens: 1_000 }));
    // 56 tokens of room; the suite's 1,000 would have shifted the context and dropped the prompt's start.
    expect(res).toMatchObject({ usage: { input: 200, output: 56 }, finishReason: 'length' });
    expect(res.raw).toMatchObject({ contextSize: 256, promptTokens: 200, maxTokens: 56 });
    expect(res.raw).not.toHaveProperty('contextShift');
    expect(res.promptTruncated).toBeUndefined();
  });
});

describe('gguf model without files or library', () => {
  it('names every path it tried for a missing file, without retry', async () => {
    const m = createGgufModel(config('nope.gguf'), {
      baseDir: '/tmp/suite',
      env: { RIGHTSIZE_MODELS_DIR: '/tmp/m' },
    });
    const err = await m.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'model_not_found', retryable: false });
    expect((err as Error).message).toContain('/tmp/suite/nope.gguf');
    expect((err as Error).message).toContain('/tmp/m/nope.gguf');
    await expect(m.generate(ask('hi'))).rejects.toMatchObject({ type: 'model_not_found' });
  });

  it('says what to install when node-llama-cpp is missing', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const err = await loadNodeLlamaCpp(() => Promise.reject(notFound)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'missing_dependency', retryable: false });
    expect((err as Error).message).toContain('npm install node-llama-cpp');
  });

  it('hands sequences out in order and lets a waiting call give up', async () => {
    const pool = new GgufSlotPool(['s1']);
    const first = await pool.acquire();
    const ac = new AbortController();
    const gaveUp = pool.acquire(ac.signal);
    const next = pool.acquire();
    expect(pool.waiting).toBe(2);
    ac.abort();
    await expect(gaveUp).rejects.toMatchObject({ type: 'aborted' });
    expect(pool.waiting).toBe(1);
    pool.release(first);
    await expect(next).resolves.toBe('s1');
  });
});

describe.skipIf(unavailable !== '')('gguf model: token log-probabilities', () => {
  it.each([
    ['runs to maxTokens', { maxTokens: 12 }, 'length'],
    ['meets a stop trigger', { maxTokens: 60, stop: ['.'] }, 'stop'],
    [
      'ends where a JSON schema does',
      {
        maxTokens: 100,
        jsonSchema: { type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] },
      },
      'stop',
    ],
  ])(
    'scores every sampled token, as usage.output counts them, when the answer %s',
    async (_what, options, finish) => {
      const res = await model(STORIES).generate(ask('Once upon a time', { ...options, logprobs: true }));
      expect(res.finishReason).toBe(finish);
      expectConsistentSummary(res.logprobs);
      expect(res.logprobs.tokens).toBe(res.usage.output);
    },
  );

  it('leaves the greedy answer as it was, and gives the same summary for it each time', async () => {
    const m = model(RANDOM);
    const plain = await m.generate(ask('Tell me a story.', { maxTokens: 10 }));
    const a = await m.generate(ask('Tell me a story.', { maxTokens: 10, logprobs: true }));
    const b = await m.generate(ask('Tell me a story.', { maxTokens: 10, logprobs: true }));
    expect(a.text).toBe(plain.text);
    expect(a.usage).toEqual(plain.usage);
    expectConsistentSummary(a.logprobs);
    expect(b.logprobs).toEqual(a.logprobs);
    // Asked no more: nothing recorded, nothing returned.
    expect(await m.generate(ask('Tell me a story.', { maxTokens: 10 }))).not.toHaveProperty('logprobs');
  });
});
