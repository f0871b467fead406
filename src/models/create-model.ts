import type { ModelConfig } from '../schema/model-config.js';
import { createDatasetModel } from './dataset-model.js';
import { splitCredentials } from './endpoint-address.js';
import { createEndpointPool } from './endpoint-pool.js';
import { createFileProvider } from './file-provider.js';
import type { OnDownloadProgress } from './gguf-download-progress.js';
import { createGgufModel } from './gguf-model.js';
import { isLocalAddress } from './local-address.js';
import type { Model } from './model.js';
import { createOllamaModel } from './ollama-model.js';
import { resolveOpenAIBaseURL } from './openai-base-url.js';
import { createOpenAIModel } from './openai-model.js';
import { poolMembers } from './pool-members.js';
import { createRecordedModel } from './recorded-model.js';

export interface ModelContext {
  /** The suite's folder: base of relative paths (gguf files, recorded answers). */
  baseDir: string;
  env: Record<string, string | undefined>;
  /** Told how a model file download goes (`gguf:hf:`); adapters print nothing, the CLI draws these. */
  onDownloadProgress?: OnDownloadProgress;
}

/**
 * The adapter for a model's runtime; for a model served by several servers (`endpoints`), an endpoint
 * pool of one adapter per server. Adapters load their heavy dependencies lazily.
 */
export function createModel(config: ModelConfig, ctx: ModelContext): Model {
  const local = (member: ModelConfig) => isLocalRuntime(member, ctx.env);
  switch (config.ref.runtime) {
    case 'ollama':
      return config.endpoints
        ? createEndpointPool(
            config,
            poolMembers(config, ctx.env, (m) => createOllamaModel(m, ctx.env), local),
          )
        : createOllamaModel(config, ctx.env);
    case 'openai':
      return config.endpoints
        ? createEndpointPool(
            config,
            poolMembers(config, ctx.env, (m) => createOpenAIModel(m, ctx.env), local),
          )
        : createOpenAIModel(config, ctx.env);
    case 'gguf':
      return createGgufModel(config, ctx);
    case 'recorded':
      return createRecordedModel(config, ctx);
    case 'file':
      return createFileProvider(config, ctx);
    case 'dataset':
      return createDatasetModel(config);
  }
}

/**
 * Runtimes on the user's own hardware: run one model at a time so a server does not thrash, and
 * default to the calls the server says it serves at once. An `openai:` model is local when its server
 * is, wherever its URL comes from (the suite's `baseURL` or promptfoo's `apiBaseUrl`, `OPENAI_BASE_URL`):
 * sending 8 calls at once to a one-slot server would measure the harness's queue, not the model. An
 * endpoint pool is local when any of its servers is: another model running beside it would share that
 * server's hardware. A `file://` provider counts as remote: it usually wraps a service (a RAG pipeline,
 * an API), and a provider that is not one sets `concurrency: 1`. Answers from files or the dataset
 * use no hardware.
 */
export function isLocalRuntime(config: ModelConfig, env: Record<string, string | undefined>): boolean {
  switch (config.ref.runtime) {
    case 'gguf':
    case 'ollama':
      return true;
    case 'recorded':
    case 'dataset':
    case 'file':
      return false;
    case 'openai':
      return config.endpoints
        ? config.endpoints.some((e) => isLocalAddress(resolveOpenAIBaseURL(splitCredentials(e.url).url, env)))
        : isLocalAddress(resolveOpenAIBaseURL(config.baseURL, env));
  }
}
