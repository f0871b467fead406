import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatMessage } from './model.js';

/** Our messages as node-llama-cpp's chat history, the one shape both the count and the call use. */
export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
  // The model answers into a trailing model turn; a final assistant message is continued as a prefill.
  if (messages.at(-1)?.role !== 'assistant') history.push({ type: 'model', response: [] });
  return history;
}
