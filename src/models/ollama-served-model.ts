import type { Ollama } from 'ollama';
import { field, num } from '../util/unknown-value.js';
import type { ServedModel } from './model.js';
import { parseParameterSize, sameModel } from './ollama-profile.js';

/**
 * What an Ollama server serves under `model`: /api/show's architecture, parameter count and
 * quantization level, and /api/tags' digest of the model's manifest (the same pull gives the same
 * digest on every machine; a different build of the name, another template or weights, does not).
 * Throws what the client throws for /api/show; a failed /api/tags only leaves the digest unknown.
 */
export async function ollamaServedModel(client: Ollama, model: string): Promise<ServedModel> {
  const [show, list] = await Promise.all([
    client.show({ model }) as Promise<unknown>,
    client.list().catch(() => null) as Promise<unknown>,
  ]);
  const details = field(show, 'details');
  const info = field(show, 'model_info');
  const listed = Array.isArray(field(list, 'models'))
    ? (field(list, 'models') as unknown[]).find((m) => sameModel(str(field(m, 'name')) ?? '', model))
    : undefined;
  return {
    family: str(field(info, 'general.architecture')) ?? str(field(details, 'family')),
    parameters:
      num(field(info, 'general.parameter_count')) ??
      parseParameterSize(str(field(details, 'parameter_size'))),
    quantization: str(field(details, 'quantization_level')),
    digest: str(field(listed, 'digest')),
  };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
