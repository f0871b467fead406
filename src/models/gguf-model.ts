import type { ChatWrapper, LlamaChat, LlamaContext, LlamaContextSequence } from 'node-llama-cpp';
import type { GenerationOptions, ModelConfig } from '../schema/model-config.js';
import { ggufAnswerBudget } from './gguf-answer-budget.js';
import { toChatHistory } from './gguf-chat-history.js';
import type { OnDownloadProgress } from './gguf-download-progress.js';
import { quantizationName, resolveGgufPath } from './gguf-metadata.js';
import { ggufPromptTokens } from './gguf-prompt-tokens.js';
import {
  acquireGgufModel,
  checkNodeLlamaCpp,
  type GgufRuntimeOptions,
  jsonSchemaGrammar,
  measureRss,
  releaseGgufModel,
  type SharedGgufModel,
} from './gguf-runtime.js';
import { GgufSlotPool } from './gguf-slot-pool.js';
import { recordTokenConfidence } from './gguf-token-confidence.js';
import { callSignal } from './http-failure.js';
import { summarizeLogprobs } from './logprob-summary.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile } from './model.js';
import { ModelError } from './model-error.js';

export { type GgufFileSummary, listGgufFiles } from './gguf-metadata.js';

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

interface Session {
  file: string;
  shared: SharedGgufModel;
  context: LlamaContext;
  pool: GgufSlotPool<Slot>;
  /** The template every slot's LlamaChat resolved ('auto'): the same file gives the same wrapper. */
  chatWrapper: ChatWrapper;
  contextRssBytes: number;
  threads: number | null;
}

// Below this, weights fit in cache and thread hand-offs cost more than the maths: on a busy 2-core machine a
// 1 MB model went from ~600 ms to ~1 ms a token with one thread.
const SMALL_MODEL_BYTES = 64 * 1024 * 1024;

function threadCount(env: Record<string, string | undefined>, modelBytes: number): number | null {
  const fromEnv = Number.parseInt(env.RIGHTSIZE_GGUF_THREADS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return modelBytes < SMALL_MODEL_BYTES ? 1 : null; // null: node-llama-cpp's default (all math cores)
}

const FINISH_REASONS: Record<string, string> = {
  eogToken: 'stop',
  stopGenerationTrigger: 'stop',
  customStopTrigger: 'stop',
  maxTokens: 'length',
  functionCalls: 'tool_calls',
  abort: 'aborted',
};

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `gguf:<path>`: in-process llama.cpp through node-llama-cpp, loaded on first use and shared per file. */
export function createGgufModel(
  config: ModelConfig,
  ctx: { baseDir: string; env: Record<string, string | undefined>; onDownloadProgress?: OnDownloadProgress },
): Model {
  const runtime: GgufRuntimeOptions = { gpu: ctx.env.RIGHTSIZE_GGUF_GPU || undefined };
  const sequences = config.concurrency ?? 1;
  // `stop` is aborted by close(): a load or context creation still running then stops rather than finish for nobody.
  let session: { opened: Promise<Session>; stop: AbortController } | null = null;

  async function openSession(stop: AbortSignal): Promise<Session> {
    const file = await resolveGgufPath(config.ref.model, ctx.baseDir, ctx.env);
    const shared = await acquireGgufModel(file, runtime, stop);
    try {
      const threads = threadCount(ctx.env, shared.model.size);
      const { value: context, rssBytes } = await measureRss(() =>
        shared.model.createContext({
          sequences,
          contextSize: config.options.contextSize,
          ...(threads !== null ? { threads } : {}),
          createSignal: stop,
        }),
      );
      const slots = Array.from({ length: sequences }, (): Slot => {
        const sequence = context.getSequence();
        // 'auto' uses the file's chat template, else node-llama-cpp's best fallback for the architecture.
        return { sequence, chat: new shared.lib.LlamaChat({ contextSequence: sequence }) };
      });
      const chatWrapper = (slots[0] as Slot).chat.chatWrapper;
      return {
        file,
        shared,
        context,
        pool: new GgufSlotPool(slots),
        chatWrapper,
        contextRssBytes: rssBytes,
        threads,
      };
    } catch (e) {
      await releaseGgufModel(file, runtime);
      if (stop.aborted)
        throw new ModelError('aborted', 'model closed while opening', { retryable: false, cause: e });
      throw new ModelError(
        'runtime',
        `node-llama-cpp could not create a context for ${file}: ${(e as Error).message}`,
        {
          retryable: false,
          cause: e,
        },
      );
    }
  }

  // Opened once; a failure is kept so every case reports it at once instead of reloading each time.
  const open = (): Promise<Session> => {
    if (!session) {
      const stop = new AbortController();
      session = { opened: openSession(stop.signal), stop };
    }
    return session.opened;
  };

  async function run(s: Session, slot: Slot, request: GenerateRequest, signal: AbortSignal | undefined) {
    const options: GenerationOptions = { ...config.options, ...request.options };
    // Counted the way LlamaChat will render and tokenize it, against the window this sequence really has
    // (which can differ from the profiled one: node-llama-cpp rounds a small contextSize up, and 'auto'
    // can shrink a large one to fit memory). A prompt that cannot fit is refused here, never cut.
    const promptTokens = ggufPromptTokens(s.chatWrapper, s.shared.model.tokenizer, request.messages);
    const budget = ggufAnswerBudget(promptTokens, slot.sequence.contextSize);
    // A longer answer would make LlamaChat shift its context mid-answer (the model loses the start of its
    // answer, input is over-counted) or fail halfway; stopping at the window ends it as 'length' instead.
    const maxTokens = Math.min(options.maxTokens ?? budget, budget);
    // Every call starts from an empty sequence, so its timings and token counts do not depend on the case before.
    await slot.sequence.clearHistory();
    const grammar = options.jsonSchema ? await jsonSchemaGrammar(s.shared, options.jsonSchema) : undefined;
    const before = slot.sequence.tokenMeter.getState();
    let firstText: number | null = null;
    let firstToken: number | null = null;
    // The probability of each sampled token, when asked for (gguf-token-confidence.ts).
    const confidences: number[] = [];
    const stopRecording = options.logprobs ? recordTokenConfidence(slot.sequence, confidences) : null;
    const start = performance.now();
    const generation = slot.chat.generateResponse(toChatHistory(request.messages), {
      signal,
      grammar,
      // Unset temperature keeps node-llama-cpp's default, 0: greedy.
      temperature: options.temperature,
      seed: options.seed,
      topP: options.topP,
      maxTokens,
      customStopTriggers: options.stop,
      // Our options have no repeat penalty; the answer should be the model's own distribution.
      repeatPenalty: false,
      onToken: () => {
        firstToken ??= performance.now();
      },
      onTextChunk: (text) => {
        if (text !== '') firstText ??= performance.now();
      },
    });
    const res = await generation.finally(() => stopRecording?.());
    const end = performance.now();
    const meter = slot.sequence.tokenMeter.diff(before);
    // The meter counts the prompt's last token as output (its logits give the first answer token) and never
    // evaluates the last sampled token, so the prompt is input + 1 and every sampled token is in output.
    const input = meter.usedInputTokens + 1;
    const output = meter.usedOutputTokens;
    const decodeMs = firstToken === null ? 0 : end - firstToken;
    // The checks above make a shift impossible as far as we know LlamaChat; should one happen anyway
    // (a future version, a template that re-renders), the answer is flagged rather than passed off as whole.
    const shifted = res.lastEvaluation.contextShiftMetadata != null;
    const response: GenerateResponse = {
      text: res.response,
      finishReason: FINISH_REASONS[res.metadata.stopReason] ?? res.metadata.stopReason,
      usage: { input, output },
      latencyMs: end - start,
      ttftMs: firstText === null ? null : firstText - start,
      tokensPerSecond: output >= 2 && decodeMs > 0 ? (output - 1) / (decodeMs / 1000) : null,
      ...(shifted ? { promptTruncated: true } : {}),
      // Every sampled token's, as `usage.output` counts them (the end-of-generation token and a stop
      // trigger's included, as llama.cpp's server scores its stop string's token); none when the counts differ.
      ...(options.logprobs
        ? { logprobs: confidences.length === output ? summarizeLogprobs(confidences.map(Math.log)) : null }
        : {}),
      raw: {
        stopReason: res.metadata.stopReason,
        tokenMeter: meter,
        firstTokenMs: firstToken === null ? null : firstToken - start,
        chatWrapper: slot.chat.chatWrapper.wrapperName,
        contextSize: slot.sequence.contextSize,
        promptTokens,
        // Below the suite's maxTokens when the window leaves less room.
        maxTokens,
        ...(shifted ? { contextShift: res.lastEvaluation.contextShiftMetadata } : {}),
        threads: s.threads,
      },
    };
    return response;
  }

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false });
    // A fresh signal per call, no timer: the run stage times the call out through `signal`.
    const call = callSignal(signal, undefined);
    try {
      const s = await untilAborted(open(), signal);
      const slot = await s.pool.acquire(call.signal);
      try {
        return await run(s, slot, request, call.signal);
      } finally {
        s.pool.release(slot);
      }
    } catch (e) {
      if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false, cause: e });
      if (e instanceof ModelError) throw e;
      throw new ModelError('runtime', `node-llama-cpp failed: ${(e as Error).message}`, {
        retryable: false,
        cause: e,
      });
    } finally {
      call.dispose();
    }
  }

  // The signal (Ctrl-C) ends the wait for a load; close() then stops the load itself.
  async function profile(signal?: AbortSignal): Promise<ModelProfile> {
    if (signal?.aborted) throw new ModelError('aborted', 'profile aborted', { retryable: false });
    const s = await untilAborted(open(), signal).catch((e: unknown) => {
      throw signal?.aborted
        ? new ModelError('aborted', 'profile aborted', { retryable: false, cause: e })
        : e;
    });
    const { model, lib, loadRssBytes } = s.shared;
    return {
      parameters: model.fileInsights.totalParameters,
      quantization: quantizationName(model.fileInfo, lib),
      contextWindow: config.contextWindow ?? model.trainContextSize,
      // Measured, not node-llama-cpp's estimate: memory growth across the model load (shared by every
      // Model on the file) plus across this Model's context creation. The load's share is never less
      // than the weights llama.cpp itself reports holding (`model.size`): a kernel that does not
      // populate the mapping at load, or other work in the process, can hide the growth, never the weights.
      memoryBytes: Math.max(loadRssBytes, model.size) + s.contextRssBytes,
      family: model.fileInfo.metadata.general.architecture ?? null,
    };
  }

  // The pre-flight check is where a missing `hf:` file is downloaded, before the first call's clock starts.
  async function check(signal?: AbortSignal): Promise<void> {
    const file = await resolveGgufPath(config.ref.model, ctx.baseDir, ctx.env, {
      signal,
      onProgress: ctx.onDownloadProgress,
    });
    if (session) return;
    await checkNodeLlamaCpp(file, runtime);
  }

  async function close(): Promise<void> {
    const opened = session;
    session = null;
    opened?.stop.abort();
    const s = await opened?.opened.catch(() => null);
    if (!s) return;
    await s.context.dispose();
    await releaseGgufModel(s.file, runtime);
  }

  // Exact, with no call made: the same rendering and tokenizer `run` checks the window with.
  async function countPromptTokens(request: GenerateRequest, signal?: AbortSignal): Promise<number> {
    const s = await untilAborted(open(), signal);
    return ggufPromptTokens(s.chatWrapper, s.shared.model.tokenizer, request.messages);
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    countPromptTokens,
    profile,
    check,
    close,
  };
}
