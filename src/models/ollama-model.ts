import {
  type ChatResponse,
  type Message,
  Ollama,
  type GenerateResponse as OllamaGenerateResponse,
  type Options,
} from 'ollama';
import type { GenerationOptions, ModelConfig } from '../schema/model-config.js';
import { num } from '../util/unknown-value.js';
import { callSignal } from './http-failure.js';
import { summarizeLogprobs, tokenLogprobs } from './logprob-summary.js';
import type {
  ChatMessage,
  GenerateRequest,
  GenerateResponse,
  Model,
  ModelProfile,
  ServedModel,
} from './model.js';
import { ModelError } from './model-error.js';
import { NO_DONE_MESSAGE, toOllamaError } from './ollama-errors.js';
import { resolveOllamaHost } from './ollama-host.js';
import { ollamaProfile } from './ollama-profile.js';
import { ollamaServedModel } from './ollama-served-model.js';

// Kept importable from here, where it was first defined.
export { parseParameterSize } from './ollama-profile.js';

export interface OllamaModelDeps {
  /** The fetch the client uses (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** How long `check()` waits for the server before calling it unreachable. */
  checkTimeoutMs?: number;
}

const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

/** `ollama:<model>` through the official client: streamed /api/chat (or /api/generate for `ollama:completion:`). */
export function createOllamaModel(
  config: ModelConfig,
  env: Record<string, string | undefined>,
  deps: OllamaModelDeps = {},
): Model {
  const url = resolveOllamaHost(config.baseURL, env);
  const model = config.ref.model;
  const baseFetch = deps.fetch ?? globalThis.fetch;
  const checkTimeoutMs = deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  // Learned by profile(): the window the server loaded the model with, which it cuts prompts to.
  let servingWindow: number | null = null;

  // The client gives no per-call signal, so each call gets a client whose fetch carries the call's signal;
  // the fetch also keeps the last `retry-after`, which the client's errors drop.
  function clientFor(signal: AbortSignal | undefined, seen: { retryAfter: string | null }): Ollama {
    const callFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const signals = [init?.signal, signal].filter((s): s is AbortSignal => s != null);
      const res = await baseFetch(input, {
        ...init,
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      });
      seen.retryAfter = res.headers.get('retry-after');
      return res;
    };
    return new Ollama({ host: url, fetch: callFetch, headers: config.headers });
  }

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    const options: GenerationOptions = { ...config.options, ...request.options };
    // No timer here: the run stage times the call out through `signal`.
    const call = callSignal(signal, undefined);
    const seen = { retryAfter: null as string | null };
    const failure = (e: unknown) => toOllamaError(e, { url, model, userSignal: signal, seen });
    if (call.signal?.aborted) throw failure(call.signal.reason);
    const client = clientFor(call.signal, seen);
    const common = {
      model,
      stream: true as const,
      options: toOllamaOptions(options),
      ...(options.jsonSchema ? { format: options.jsonSchema } : {}),
      ...(options.keepAlive !== undefined ? { keep_alive: options.keepAlive } : {}),
      // Ollama 0.12.11 and later then put a `logprobs` list on each chunk, the final one included; older
      // servers ignore the field and send none (null).
      ...(options.logprobs ? { logprobs: true } : {}),
    };
    const started = performance.now();
    let ttftMs: number | null = null;
    let text = '';
    let final: ChatResponse | OllamaGenerateResponse | null = null;
    // Every generated token's, whether or not its chunk has content (a parser may hold text back).
    let logprobs: number[] | null = null;
    const take = (piece: string | undefined, chunk: { logprobs?: unknown }) => {
      const scored = tokenLogprobs(chunk.logprobs);
      if (scored) {
        logprobs ??= [];
        logprobs.push(...scored);
      }
      if (!piece) return;
      ttftMs ??= performance.now() - started;
      text += piece;
    };
    try {
      if (config.ref.api === 'completion') {
        const stream = await client.generate({ ...common, ...toCompletionPrompt(request.messages) });
        for await (const chunk of stream) {
          take(chunk.response, chunk);
          if (chunk.done) final = chunk;
        }
      } else {
        const messages: Message[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
        const stream = await client.chat({ ...common, messages });
        for await (const chunk of stream) {
          take(chunk.message?.content, chunk);
          if (chunk.done) final = chunk;
        }
      }
    } catch (e) {
      throw failure(e);
    } finally {
      call.dispose();
    }
    const latencyMs = performance.now() - started;
    if (final === null) throw failure(new Error(NO_DONE_MESSAGE));
    const metrics = finalMetrics(final);
    const inputTokens = num(metrics.prompt_eval_count);
    const outputTokens = num(metrics.eval_count);
    const evalNs = num(metrics.eval_duration);
    const context = options.contextSize ?? servingWindow ?? config.contextWindow;
    return {
      text,
      finishReason: str(metrics.done_reason),
      usage: { input: inputTokens, output: outputTokens },
      latencyMs,
      ttftMs,
      tokensPerSecond: outputTokens && evalNs ? outputTokens / (evalNs / 1e9) : null,
      // The runner cuts a prompt longer than num_ctx down to exactly num_ctx tokens.
      ...(context !== undefined && inputTokens !== null ? { promptTruncated: inputTokens >= context } : {}),
      ...(options.logprobs ? { logprobs: logprobs === null ? null : summarizeLogprobs(logprobs) } : {}),
      raw: metrics,
    };
  }

  async function check(signal?: AbortSignal): Promise<void> {
    const call = callSignal(signal, checkTimeoutMs);
    const seen = { retryAfter: null as string | null };
    const client = clientFor(call.signal, seen);
    try {
      // /api/version first: a 404 there means the URL is not an Ollama server, not a missing model.
      await client.version();
      await client.show({ model });
    } catch (e) {
      if (call.timeout?.aborted && !signal?.aborted) {
        throw new ModelError(
          'unreachable',
          `Ollama at ${url} did not answer within ${checkTimeoutMs / 1000} s: is it running? Start it with \`ollama serve\` (or set OLLAMA_HOST)`,
          { retryable: false, cause: e },
        );
      }
      throw toOllamaError(e, { url, model, userSignal: signal, seen });
    } finally {
      call.dispose();
    }
  }

  async function identify(signal?: AbortSignal): Promise<ServedModel> {
    const call = callSignal(signal, checkTimeoutMs);
    const seen = { retryAfter: null as string | null };
    try {
      return await ollamaServedModel(clientFor(call.signal, seen), model);
    } catch (e) {
      throw toOllamaError(e, { url, model, userSignal: signal, seen });
    } finally {
      call.dispose();
    }
  }

  // Ollama's documented way to load a model: /api/generate with an empty prompt. The calls' own options
  // and keep_alive, since a different num_ctx would make the first call load the model again. Part of the
  // profile, not a call: bounded by the model's timeoutMs here, and its failure is left to the first call.
  async function load(signal: AbortSignal | undefined): Promise<void> {
    const call = callSignal(signal, config.timeoutMs);
    try {
      await clientFor(call.signal, { retryAfter: null }).generate({
        model,
        prompt: '',
        stream: false,
        options: toOllamaOptions(config.options),
        ...(config.options.keepAlive !== undefined ? { keep_alive: config.options.keepAlive } : {}),
      });
    } finally {
      call.dispose();
    }
  }

  async function profile(signal?: AbortSignal): Promise<ModelProfile> {
    const seen = { retryAfter: null as string | null };
    try {
      const p = await ollamaProfile(clientFor(signal, seen), config, { load: () => load(signal) });
      servingWindow = p.servingWindow ?? null;
      return p;
    } catch (e) {
      throw toOllamaError(e, { url, model, userSignal: signal, seen });
    }
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    profile,
    check,
    identify,
    close: async () => {},
  };
}

function toOllamaOptions(o: GenerationOptions): Partial<Options> {
  const out: Partial<Options> = {};
  if (o.temperature !== undefined) out.temperature = o.temperature;
  if (o.seed !== undefined) out.seed = o.seed;
  if (o.maxTokens !== undefined) out.num_predict = o.maxTokens;
  if (o.contextSize !== undefined) out.num_ctx = o.contextSize;
  if (o.topP !== undefined) out.top_p = o.topP;
  if (o.stop?.length) out.stop = o.stop;
  return out;
}

/** /api/generate takes one prompt: system messages go to `system`, the rest are joined in order. */
function toCompletionPrompt(messages: ChatMessage[]): { prompt: string; system?: string } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const prompt = messages
    .filter((m) => m.role !== 'system')
    .map((m) => m.content)
    .join('\n\n');
  return system.length ? { prompt, system: system.join('\n\n') } : { prompt };
}

/** The final chunk without the answer itself, the (large) token context or its tokens' log-probabilities. */
function finalMetrics(chunk: object): Record<string, unknown> {
  const {
    message: _message,
    response: _response,
    context: _context,
    logprobs: _logprobs,
    ...metrics
  } = chunk as Record<string, unknown>;
  return metrics;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
