import { Ollama } from 'ollama';
import { ModelError } from './model-error.js';

export interface OllamaModelInfo {
  name: string;
  parameters: string | null;
  quantization: string | null;
  family: string | null;
  contextWindow: number | null;
  diskBytes: number | null;
  /** Memory while loaded (from /api/ps); null when the model is not loaded. */
  memoryBytes: number | null;
}

/** What an Ollama server has pulled, with what /api/show and /api/ps tell about each model. */
export async function listOllamaModels(host: string, signal?: AbortSignal): Promise<OllamaModelInfo[]> {
  const client = new Ollama({
    host,
    fetch: (input, init) => fetch(input, { ...init, ...(signal ? { signal } : {}) }),
  });
  let tags: Awaited<ReturnType<Ollama['list']>>;
  try {
    tags = await client.list();
  } catch (err) {
    throw new ModelError(
      'unreachable',
      `cannot reach Ollama at ${host}: start it with \`ollama serve\` (or set OLLAMA_HOST)`,
      {
        cause: err,
      },
    );
  }
  const loaded = await client.ps().then(
    (ps) => new Map(ps.models.map((m) => [m.name, m.size])),
    () => new Map<string, number>(),
  );
  return Promise.all(
    tags.models.map(async (m) => {
      const show = await client.show({ model: m.name }).catch(() => null);
      const info = (show?.model_info ?? {}) as unknown as Record<string, unknown>;
      const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : null;
      const ctx = arch ? info[`${arch}.context_length`] : undefined;
      return {
        name: m.name,
        parameters: m.details?.parameter_size || null,
        quantization: m.details?.quantization_level || null,
        family: m.details?.family || arch,
        contextWindow: typeof ctx === 'number' ? ctx : null,
        diskBytes: typeof m.size === 'number' ? m.size : null,
        memoryBytes: loaded.get(m.name) ?? null,
      };
    }),
  );
}
