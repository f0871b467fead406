import type OpenAI from 'openai';
import { field, isRecord, num } from '../util/unknown-value.js';
import { llamaServerProps } from './llama-props.js';
import type { ServedModel } from './model.js';

/**
 * What an OpenAI-compatible server serves under `model`: its /v1/models entry (the one of that name, or
 * the only one: llama.cpp serves its one model under any name) with llama.cpp's `meta` (parameters,
 * weights size, which differs between quantizations), and the weights file llama.cpp's /props names.
 * File paths count by their file name, since replicas keep the same file in different folders. OpenAI's
 * own API tells nothing to compare (one model per name). Throws what the client throws for /v1/models,
 * except the 404 of a server without that route.
 */
export async function openAIServedModel(
  client: OpenAI,
  model: string,
  headers: Record<string, string> | undefined,
  signal?: AbortSignal,
): Promise<ServedModel> {
  let listed: unknown[] = [];
  try {
    listed = (await client.models.list({ signal })).data;
  } catch (e) {
    if (field(e, 'status') !== 404) throw e;
  }
  const entry = listed.find((m) => field(m, 'id') === model) ?? (listed.length === 1 ? listed[0] : undefined);
  const meta = isRecord(field(entry, 'meta')) ? (field(entry, 'meta') as Record<string, unknown>) : {};
  const id = field(entry, 'id');
  const props = await llamaServerProps(client, headers, signal);
  return {
    model: typeof id === 'string' && id !== '' ? fileName(id) : null,
    parameters: num(meta.n_params),
    weightsBytes: num(meta.size),
    weightsFile: props?.modelPath ? fileName(props.modelPath) : null,
  };
}

/** A weights file's name without its folder; any other id as it is. */
function fileName(id: string): string {
  return /\.gguf$/i.test(id) ? (id.split(/[\\/]/).pop() ?? id) : id;
}
