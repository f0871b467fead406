/** One message of a chat prompt: what a suite renders and what every runtime is sent. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
