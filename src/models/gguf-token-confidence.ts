import type { LlamaContextSequence } from 'node-llama-cpp';

/**
 * Records the probability of every token sampled on `sequence` until the returned function is called.
 *
 * LlamaChat's `generateResponse` reports tokens but not their probabilities. The sequence can: its
 * `evaluateWithMetadata(tokens, { confidence: true })` yields each sampled token with its probability,
 * and `evaluate`, which LlamaChat drives, is that generator without the metadata. So, for one call,
 * `evaluate` is shadowed on this sequence by the same generator keeping the probabilities. The
 * probability is of the distribution the token was drawn from: after the grammar and the sampling
 * chain (with temperature 0, the model's own softmax, as llama.cpp's server reports it). The caller
 * checks the count against the tokens the meter saw sampled, so a LlamaChat that stops calling
 * `evaluate` gives no summary rather than a partial one.
 */
export function recordTokenConfidence(sequence: LlamaContextSequence, into: number[]): () => void {
  const evaluate: LlamaContextSequence['evaluate'] = async function* (tokens, options) {
    const iterator = sequence.evaluateWithMetadata(tokens, { confidence: true }, options);
    try {
      let next = await iterator.next();
      while (!next.done) {
        into.push(next.value.confidence);
        next = await iterator.next(yield next.value.token);
      }
    } finally {
      await iterator.return();
    }
  };
  Object.defineProperty(sequence, 'evaluate', { value: evaluate, configurable: true, writable: true });
  return () => {
    // Back to the prototype's method.
    delete (sequence as { evaluate?: unknown }).evaluate;
  };
}
