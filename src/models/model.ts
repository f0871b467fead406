import type { ChatMessage } from '../schema/chat-message.js';
import type { LogprobSummary } from '../schema/escalation.js';
import type { GenerationOptions } from '../schema/model-config.js';
import type { ModelProfile } from '../schema/model-profile.js';
import type { CheckPlan } from './check-plan.js';

// Defined with the records (a suite renders it, a runtime is sent it; run.json keeps the profile);
// adapters import them from here.
export type { ChatMessage } from '../schema/chat-message.js';
export type { ModelProfile } from '../schema/model-profile.js';

/** One call. A plain-string prompt arrives as a single user message. */
export interface GenerateRequest {
  messages: ChatMessage[];
  options: GenerationOptions;
  /** Which case this is; the `recorded:` and `dataset:` runtimes look answers up by it, others ignore it. */
  caseRef?: { rowId: string; promptId: string; repeat: number };
  /** The row's variables, for runtimes that take them besides the prompt (a `file://` provider's `context.vars`). */
  vars?: Record<string, unknown>;
}

export interface TokenUsage {
  input: number | null;
  output: number | null;
}

/** What every runtime returns. A figure the runtime does not give is null, never estimated. */
export interface GenerateResponse {
  text: string;
  /** Normalised: 'stop' | 'length' | 'content_filter' | 'tool_calls' | other runtime words; null when unknown. */
  finishReason: string | null;
  usage: TokenUsage;
  /** Wall time of the call as measured here, request sent to last byte; null only for recorded answers without one. */
  latencyMs: number | null;
  /** Request sent to first non-empty content; null when the answer did not stream. */
  ttftMs: number | null;
  /** Decode rate: the runtime's own figure where it gives one, else output tokens after the first ÷ time after the first. */
  tokensPerSecond: number | null;
  /** Set when the runtime shows the prompt was cut to fit its context (Ollama's prompt_eval_count). */
  promptTruncated?: boolean;
  /**
   * The answer's token log-probabilities, summarised, when the request asked for them
   * (`options.logprobs`); null where the runtime gives none, absent when not asked.
   */
  logprobs?: LogprobSummary | null;
  /** The call's price in USD as the runtime itself reports it (a `file://` provider's `cost`); absent otherwise. */
  cost?: number;
  /** The provider's own metrics payload (final chunk, usage, timings), secrets excluded. */
  raw: unknown;
  /**
   * Which server of an endpoint pool answered, by its URL without credentials (`endpointName`); absent
   * for a model with one server.
   */
  endpoint?: string;
}

/**
 * What a server says it serves under a model's name, as named facts (family, parameters,
 * quantization, a digest, a weights file); null where it does not say. Endpoint pools compare their
 * servers by it (`servedModelDifferences`).
 */
export type ServedModel = Record<string, string | number | null>;

/** The one interface every runtime adapter implements. */
export interface Model {
  readonly label: string;
  readonly provider: string;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse>;
  /**
   * The prompt's exact token count as this runtime will feed it (chat template applied, the same path
   * `generate` takes), equal to the `usage.input` a `generate` of the same request reports. Only runtimes
   * with the model's own tokenizer at hand implement it (in-process GGUF); remote APIs have no tokenizer
   * endpoint, so the run stage estimates for them.
   */
  countPromptTokens?(request: GenerateRequest, signal?: AbortSignal): Promise<number>;
  /**
   * Called by the run stage only for a model with calls to make, so a runtime may load the model to
   * measure it (in-process GGUF, Ollama); the signal ends a slow load on Ctrl-C.
   */
  profile(signal?: AbortSignal): Promise<ModelProfile>;
  /**
   * Fails fast, with what to start or pull, when the runtime cannot serve this model. `plan` names the
   * run's calls, for runtimes that can tell without calling whether they can answer them (recorded answers).
   */
  check(signal?: AbortSignal, plan?: CheckPlan): Promise<void>;
  /**
   * What the server serves under this model's name (HTTP runtimes), so an endpoint pool can refuse
   * servers that serve different models or quantizations. Called after `check()` passed.
   */
  identify?(signal?: AbortSignal): Promise<ServedModel>;
  /** Frees what the adapter holds (loaded weights, sockets). */
  close(): Promise<void>;
}
