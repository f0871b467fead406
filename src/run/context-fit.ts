import type { ChatMessage } from '../models/model.js';

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

/**
 * Whether a prompt cannot fit the window the model runs with. The window is the one configured for
 * the call (`contextSize`) when set, else the model's own. Unknown windows never skip: the call is
 * made and a runtime that truncates says so afterwards (Ollama's prompt_eval_count).
 */
export function exceedsContext(
  messages: ChatMessage[],
  window: { contextSize?: number | undefined; contextWindow: number | null },
): { tokens: number; window: number } | null {
  const limit = window.contextSize ?? window.contextWindow;
  if (!limit) return null;
  const tokens = estimatePromptTokens(messages);
  return tokens > limit ? { tokens, window: limit } : null;
}
