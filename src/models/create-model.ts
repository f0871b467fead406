import type { ModelConfig } from '../schema/model-config.js';
import { createGgufModel } from './gguf-model.js';
import type { Model } from './model.js';
import { createOllamaModel } from './ollama-model.js';
import { createOpenAIModel } from './openai-model.js';
import { createRecordedModel } from './recorded-model.js';

export interface ModelContext {
  /** The suite's folder: base of relative paths (gguf files, recorded answers). */
  baseDir: string;
  env: Record<string, string | undefined>;
  /** `--quiet`: an adapter draws nothing itself (a download bar is the only thing one draws). */
  quiet?: boolean;
}

/** The adapter for a model's runtime. Adapters load their heavy dependencies lazily. */
export function createModel(config: ModelConfig, ctx: ModelContext): Model {
  switch (config.ref.runtime) {
    case 'ollama':
      return createOllamaModel(config, ctx.env);
    case 'openai':
      return createOpenAIModel(config, ctx.env);
    case 'gguf':
      return createGgufModel(config, ctx);
    case 'recorded':
      return createRecordedModel(config, ctx);
  }
}

/** Runtimes on the user's own hardware: run one model at a time so a server does not thrash. */
export function isLocalRuntime(config: ModelConfig): boolean {
  if (config.ref.runtime === 'gguf') return true;
  if (config.ref.runtime === 'ollama') return true;
  if (config.ref.runtime === 'openai' && config.baseURL) {
    return /^https?:\/\/(localhost|127\.|0\.0\.0\.0|\[::1\])/.test(config.baseURL);
  }
  return false;
}
