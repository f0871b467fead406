import OpenAI, { APIError } from 'openai';
import type { ModelConfig } from '../schema/model-config.js';
import { callSignal } from './http-failure.js';
import { logprobsUnavailable } from './logprobs-unavailable.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile, ServedModel } from './model.js';
import { ModelError } from './model-error.js';
import { isOpenAIBaseURL, resolveOpenAIBaseURL } from './openai-base-url.js';
import { openAIErrors } from './openai-errors.js';
import { openAIProfile } from './openai-profile.js';
import { chatParams } from './openai-request.js';
import { openAIServedModel } from './openai-served-model.js';
import { readChatStream, type StreamedAnswer, toGenerateResponse } from './openai-stream.js';

export { isOpenAIBaseURL, OPENAI_DEFAULT_BASE_URL, resolveOpenAIBaseURL } from './openai-base-url.js';
// Kept importable from here, where they were first defined.
export { isStrictSchema } from './openai-request.js';
export { decodeRate } from './openai-stream.js';

export interface OpenAIModelDeps {
  /** The fetch the client uses (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** How long `check()` waits for the server before calling it unreachable. */
  checkTimeoutMs?: number;
}

const DEFAULT_CHECK_TIMEOUT_MS = 5_000;
// The run stage owns the per-call time limit; the client's own (10 minutes by default) would race it with
// another error. setTimeout's longest delay: a longer one fires at once.
const NO_CLIENT_TIMEOUT_MS = 2 ** 31 - 1;
// Local servers (llama.cpp without --api-key, LM Studio, vLLM) take any key; the client insists on one.
const PLACEHOLDER_KEY = 'sk-no-key-required';

/** `openai:<model>` for OpenAI and any compatible server, through the official client, streamed. */
export function createOpenAIModel(
  config: ModelConfig,
  env: Record<string, string | undefined>,
  deps: OpenAIModelDeps = {},
): Model {
  const baseURL = resolveOpenAIBaseURL(config.baseURL, env);
  const model = config.ref.model;
  const apiKey = config.apiKey || env.OPENAI_API_KEY || undefined;
  const isOpenAI = isOpenAIBaseURL(baseURL);
  const who = isOpenAI ? `OpenAI (${baseURL})` : `the OpenAI-compatible server at ${baseURL}`;
  const checkTimeoutMs = deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const { fail, missingKey, unreachable, toError } = openAIErrors({ model, baseURL, who, isOpenAI, apiKey });
  const client = new OpenAI({
    apiKey: apiKey ?? PLACEHOLDER_KEY,
    baseURL,
    // The run stage retries, with its own backoff and accounting, and times calls out.
    maxRetries: 0,
    timeout: NO_CLIENT_TIMEOUT_MS,
    // Given explicitly so the client reads nothing from process.env; org and project go only to OpenAI.
    organization: isOpenAI ? (env.OPENAI_ORG_ID ?? null) : null,
    project: isOpenAI ? (env.OPENAI_PROJECT_ID ?? null) : null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: config.headers,
    logLevel: 'off',
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (isOpenAI && !apiKey) throw missingKey();
    // No timer here: the run stage times the call out through `signal`.
    const call = callSignal(signal, undefined);
    if (call.signal?.aborted) throw toError(call.signal.reason, { userSignal: signal });
    const options = { ...config.options, ...request.options };
    const body = chatParams(model, request.messages, options, isOpenAI);
    const started = performance.now();
    let answer: StreamedAnswer;
    try {
      answer = await readChatStream(await client.chat.completions.create(body, { signal: call.signal }));
    } catch (e) {
      throw toError(e, { userSignal: signal });
    } finally {
      call.dispose();
    }
    // The client ends a cancelled stream quietly instead of throwing.
    if (call.signal?.aborted) throw toError(call.signal.reason, { userSignal: signal });
    const latencyMs = performance.now() - started;
    if (answer.chunks === 0 || answer.finishReason === null) {
      throw fail(
        'bad_response',
        `${who} ended the answer for "${model}" before it finished (no finish_reason)`,
        { retryable: true },
      );
    }
    return toGenerateResponse(answer, started, latencyMs, options.logprobs === true);
  }

  async function check(signal?: AbortSignal): Promise<void> {
    const unavailable = logprobsUnavailable(config, baseURL, null);
    if (unavailable) throw new ModelError('unsupported', unavailable, { retryable: false });
    if (isOpenAI && !apiKey) throw missingKey();
    const call = callSignal(signal, checkTimeoutMs);
    try {
      // OpenAI answers 404 for an unknown model here. Other servers differ (llama.cpp serves any name), so
      // for them this checks reachability and the key; a wrong name shows as model_not_found on first call.
      if (isOpenAI) await client.models.retrieve(model, { signal: call.signal });
      else await client.models.list({ signal: call.signal });
    } catch (e) {
      if (call.timeout?.aborted && !signal?.aborted) {
        throw unreachable(e, `${who} did not answer within ${checkTimeoutMs / 1000} s`);
      }
      // A server without a /models route still answered: it is up.
      if (!isOpenAI && e instanceof APIError && e.status === 404) return;
      throw toError(e, { userSignal: signal });
    } finally {
      call.dispose();
    }
  }

  async function identify(signal?: AbortSignal): Promise<ServedModel> {
    if (isOpenAI) return {};
    const call = callSignal(signal, checkTimeoutMs);
    try {
      return await openAIServedModel(client, model, config.headers, call.signal);
    } catch (e) {
      if (call.timeout?.aborted && !signal?.aborted) {
        throw unreachable(e, `${who} did not answer within ${checkTimeoutMs / 1000} s`);
      }
      throw toError(e, { userSignal: signal });
    } finally {
      call.dispose();
    }
  }

  const profile = (): Promise<ModelProfile> => openAIProfile(client, config, isOpenAI);

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
