import { ContextOverflowError } from './context-overflow-error.js';

/**
 * The most tokens an answer may take after a prompt of `promptTokens` in a node-llama-cpp sequence of
 * `contextSize`, such that LlamaChat never shifts its context. Measured on node-llama-cpp 3.22.1 and
 * pinned by test/models/gguf-model.test.ts:
 * - the prompt is kept whole only when `promptTokens + 1 < contextSize` (one free slot after it);
 *   otherwise LlamaChat's default strategy (`eraseFirstResponseAndKeepFirstSystem`) erases the END of
 *   the user text, typically the question, and answers with no error or warning;
 * - an answer that would pass the window shifts the context mid-answer: the start of the answer is
 *   erased from what the model sees while it goes on (and the re-evaluation is metered as input), or,
 *   when the prompt leaves too little answer to erase, the call fails halfway ("Failed to compress
 *   chat history"). `promptTokens + answer <= contextSize` never shifts.
 * A prompt that leaves no room is refused with a typed, non-retryable error instead of being cut.
 */
export function ggufAnswerBudget(promptTokens: number, contextSize: number): number {
  if (promptTokens + 1 >= contextSize) {
    throw new ContextOverflowError(
      promptTokens,
      contextSize,
      'node-llama-cpp needs one free token after the prompt and would otherwise cut the prompt to fit',
    );
  }
  return contextSize - promptTokens;
}
