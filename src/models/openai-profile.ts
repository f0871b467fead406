import type OpenAI from 'openai';
import type { ModelConfig } from '../schema/model-config.js';
import { field, isRecord, num } from '../util/unknown-value.js';
import { lookupFrontierModel } from './frontier-models.js';
import { llamaServerProps } from './llama-props.js';
import type { ModelProfile } from './model.js';

/**
 * What is known about an `openai:` model: the suite's figures first, then what a local server's
 * /v1/models tells (llama.cpp's `meta`, vLLM's `max_model_len`), then the frontier model table.
 */
export async function openAIProfile(
  client: OpenAI,
  config: ModelConfig,
  isOpenAI: boolean,
): Promise<ModelProfile> {
  const model = config.ref.model;
  const known = lookupFrontierModel(model);
  let entry: unknown;
  if (!isOpenAI) {
    try {
      const page = await client.models.list();
      const listed: unknown[] = page.data;
      // llama.cpp serves its one model under any requested name.
      entry = listed.find((m) => field(m, 'id') === model) ?? (listed.length === 1 ? listed[0] : undefined);
    } catch {
      // Metadata is a bonus: check() is where an unreachable server is reported.
    }
  }
  const parallelSlots = isOpenAI
    ? null
    : ((await llamaServerProps(client, config.headers))?.totalSlots ?? null);
  const meta = isRecord(field(entry, 'meta')) ? (field(entry, 'meta') as Record<string, unknown>) : {};
  const inputPrice = config.cost?.inputPerMillion ?? known?.inputPerMillion;
  const outputPrice = config.cost?.outputPerMillion ?? known?.outputPerMillion;
  return {
    parameters: num(meta.n_params),
    quantization: null,
    contextWindow:
      config.contextWindow ??
      num(meta.n_ctx_train) ??
      num(field(entry, 'max_model_len')) ??
      known?.contextWindow ??
      null,
    memoryBytes: num(meta.size),
    family: null,
    parallelSlots,
    prices:
      inputPrice !== undefined && outputPrice !== undefined
        ? { inputPerMillion: inputPrice, outputPerMillion: outputPrice }
        : null,
  };
}
