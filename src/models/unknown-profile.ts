import type { ModelConfig } from '../schema/model-config.js';
import type { ModelProfile } from './model.js';

/**
 * The profile of a model whose runtime can say nothing of it (answers from a file, a dataset column or
 * the user's own code): every figure unknown, but the suite's own `contextWindow` when it gives one.
 */
export function unknownProfile(config: Pick<ModelConfig, 'contextWindow'>): ModelProfile {
  return {
    parameters: null,
    quantization: null,
    contextWindow: config.contextWindow ?? null,
    memoryBytes: null,
    family: null,
  };
}
