import { ModelError } from './model-error.js';

/**
 * A prompt that cannot fit the context a runtime really runs with, found by the runtime itself just
 * before the call (the run stage's own check uses the profiled window, which can differ). Never retried:
 * the same prompt will not fit next time either. Carries the figures so the skip can be audited.
 */
export class ContextOverflowError extends ModelError {
  constructor(
    readonly promptTokens: number,
    readonly window: number,
    detail: string,
  ) {
    super(
      'context_overflow',
      `the prompt is ${promptTokens} tokens and cannot fit a ${window}-token context: ${detail}`,
      {
        retryable: false,
      },
    );
    this.name = 'ContextOverflowError';
  }
}
