import type { ChatWrapper, Tokenizer } from 'node-llama-cpp';
import { toChatHistory } from './gguf-chat-history.js';
import type { ChatMessage } from './model.js';

/**
 * The exact tokens LlamaChat feeds for `messages`: it renders the history with the chat wrapper's
 * `generateContextState` and tokenizes the result with the model's tokenizer (LlamaChat.js,
 * `getContextWindow`), so doing the same here gives the count a call will report as input.
 */
export function ggufPromptTokens(
  chatWrapper: ChatWrapper,
  tokenizer: Tokenizer,
  messages: ChatMessage[],
): number {
  const { contextText } = chatWrapper.generateContextState({ chatHistory: toChatHistory(messages) });
  return contextText.tokenize(tokenizer).length;
}
