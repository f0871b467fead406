import type { ChatMessage, GenerateRequest, Model } from '../models/model.js';

/** Roughly four characters a token for English text with common BPE vocabularies (OpenAI's rule of thumb). */
const CHARS_PER_TOKEN = 4;
/** Chat templates add a few tokens per message (role markers, separators). */
const TOKENS_PER_MESSAGE = 4;

/** A rough token count of a prompt, without a tokenizer (none is shared across runtimes). */
export function estimatePromptTokens(messages: ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) chars += m.content.length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * messages.length;
}

/** How a prompt was measured against the window, kept with a skipped record for audit. */
export interface ContextFit {
  /** 'exact': the runtime's own tokenizer and chat template; 'estimate': characters ÷ 4. */
  method: 'exact' | 'estimate';
  promptTokens: number;
  window: number;
  fits: boolean;
}

/**
 * The window a call runs with: the one configured for the call (`contextSize`) when set, else the one
 * the runtime serves the model with (Ollama's can be far below the trained one), else the model's
 * own; null when none is known.
 */
export function contextLimit(
  contextSize: number | undefined,
  servingWindow: number | null | undefined,
  contextWindow: number | null = null,
): number | null {
  return contextSize ?? servingWindow ?? contextWindow ?? null;
}

/**
 * A prompt fits when it leaves room for at least one answer token. The suite's `maxTokens` is not
 * reserved on top: it is a ceiling, not a length the answer will reach, and most answers stop long
 * before it, so skipping every prompt with `prompt + maxTokens > window` would throw away cases the
 * model answers in full (and drop them from the paired comparison). What a demanding user must never
 * get is a silently shortened prompt; an answer that runs into the window ends as a `length` finish,
 * which is on the record and which scoring sees (the in-process runtime stops it there rather than
 * shifting its context; remote runtimes apply their own rule, e.g. an error for the request).
 */
export function promptFits(promptTokens: number, window: number): boolean {
  return promptTokens + 1 <= window;
}

/**
 * Measures a request's prompt against `window`: exactly when the model can count its own tokens, else
 * with the estimate. Unknown windows never skip (null): the call is made and a runtime that truncates
 * says so afterwards (Ollama's prompt_eval_count). A count that fails (a model that cannot load) falls
 * back to the estimate, so the call itself is made and records the runtime's own error.
 */
export async function contextFit(
  model: Model,
  request: GenerateRequest,
  window: number | null,
  signal?: AbortSignal,
): Promise<ContextFit | null> {
  if (!window) return null;
  let exact: number | null = null;
  if (model.countPromptTokens) {
    try {
      exact = await model.countPromptTokens(request, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
    }
  }
  const method = exact === null ? 'estimate' : 'exact';
  const promptTokens = exact ?? estimatePromptTokens(request.messages);
  return { method, promptTokens, window, fits: promptFits(promptTokens, window) };
}
