import type { Ollama } from 'ollama';
import type { ModelConfig } from '../schema/model-config.js';
import { field, num } from '../util/unknown-value.js';
import type { ModelProfile } from './model.js';

/**
 * What Ollama tells about a model: /api/show for size, quantization and context, /api/ps for the memory
 * of a loaded one. Throws what the client throws.
 */
export async function ollamaProfile(client: Ollama, config: ModelConfig): Promise<ModelProfile> {
  const model = config.ref.model;
  // ps() only tells the memory of a loaded model; its failure must not hide the rest.
  const [show, running]: unknown[] = await Promise.all([
    client.show({ model }),
    client.ps().catch(() => null),
  ]);
  const details = record(field(show, 'details'));
  // The client types model_info as a Map, but it arrives as a plain JSON object.
  const info = record(field(show, 'model_info'));
  const arch = str(info['general.architecture']);
  const loaded = arrayOf(field(running, 'models')).find((m) =>
    sameModel(str(field(m, 'name')) ?? str(field(m, 'model')) ?? '', model),
  );
  return {
    parameters: num(info['general.parameter_count']) ?? parseParameterSize(str(details.parameter_size)),
    quantization: str(details.quantization_level) || null,
    contextWindow: config.contextWindow ?? (arch ? num(info[`${arch}.context_length`]) : null),
    memoryBytes: loaded ? num(field(loaded, 'size')) : null,
    family: arch ?? (str(details.family) || null),
    prices: configuredPrices(config),
  };
}

/** Parses Ollama's `parameter_size` ("8.0B", "494.03M", "137M"). */
export function parseParameterSize(size: string | null): number | null {
  const m = size?.trim().match(/^(\d+(?:\.\d+)?)\s*([KMBT])$/i);
  if (!m) return null;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[(m[2] as string).toUpperCase() as 'K' | 'M' | 'B' | 'T'];
  return Math.round(Number(m[1]) * scale);
}

/** Ollama names without a tag mean `:latest`. */
function sameModel(a: string, b: string): boolean {
  const tagged = (n: string) => (n.slice(n.lastIndexOf('/') + 1).includes(':') ? n : `${n}:latest`);
  return tagged(a) === tagged(b);
}

function configuredPrices(config: ModelConfig): ModelProfile['prices'] {
  const c = config.cost;
  return c?.inputPerMillion !== undefined && c.outputPerMillion !== undefined
    ? { inputPerMillion: c.inputPerMillion, outputPerMillion: c.outputPerMillion }
    : null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
