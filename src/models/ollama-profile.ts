import type { Ollama } from 'ollama';
import type { ModelConfig } from '../schema/model-config.js';
import { field, num } from '../util/unknown-value.js';
import type { ModelProfile } from './model.js';
import { modelfileNumCtx } from './ollama-parameters.js';

export interface OllamaProfileOptions {
  /**
   * Loads the model as its calls will (same options). Given only for a model with calls to make. Sent
   * even when /api/ps lists the model: Ollama does not load it again when the options match, and when
   * they differ (someone loaded it with another num_ctx) the first call would reload it anyway, so only
   * after this does /api/ps tell the window and memory the calls will get.
   */
  load?: () => Promise<void>;
}

/**
 * What Ollama tells about a model: /api/show for size, quantization, the trained context and the
 * Modelfile's num_ctx, /api/ps for the memory and (newer servers) the serving window of a loaded one.
 * Ollama serves a model with num_ctx from the request, else the Modelfile's, else the server's default,
 * and cuts a longer prompt silently, so the serving window, not the trained one, is what a prompt must
 * fit. Throws what the client throws for /api/show.
 */
export async function ollamaProfile(
  client: Ollama,
  config: ModelConfig,
  opts: OllamaProfileOptions = {},
): Promise<ModelProfile> {
  const model = config.ref.model;
  // A failed load is not this profile's to report: the first call meets the same failure and records it.
  const [show] = await Promise.all([
    client.show({ model }) as Promise<unknown>,
    opts.load?.().catch(() => undefined),
  ]);
  // ps() only tells about loaded models; its failure must not hide the rest.
  const loaded = arrayOf(field(await client.ps().catch(() => null), 'models')).find((m) =>
    sameModel(str(field(m, 'name')) ?? str(field(m, 'model')) ?? '', model),
  );
  const details = record(field(show, 'details'));
  // The client types model_info as a Map, but it arrives as a plain JSON object.
  const info = record(field(show, 'model_info'));
  const arch = str(info['general.architecture']);
  return {
    parameters: num(info['general.parameter_count']) ?? parseParameterSize(str(details.parameter_size)),
    quantization: str(details.quantization_level) || null,
    contextWindow: config.contextWindow ?? (arch ? num(info[`${arch}.context_length`]) : null),
    servingWindow:
      config.options.contextSize ??
      positive(field(loaded, 'context_length')) ??
      modelfileNumCtx(str(field(show, 'parameters'))),
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
export function sameModel(a: string, b: string): boolean {
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

function positive(value: unknown): number | null {
  const n = num(value);
  return n !== null && n > 0 ? n : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
