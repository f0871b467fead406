import type { ModelConfig } from '../../src/schema/model-config.js';
import { parseProviderId } from '../../src/schema/provider-id.js';

/** A model's config as the suite loader would build it for `provider` (label = provider id). */
export function modelConfig(
  provider: string,
  role: ModelConfig['role'],
  baseURL: string | undefined,
  extra: Partial<ModelConfig> = {},
): ModelConfig {
  const parsed = parseProviderId(provider);
  if (!parsed.ok) throw new Error(parsed.message);
  const config: ModelConfig = { label: provider, provider, ref: parsed.ref, role, options: {}, ...extra };
  if (baseURL !== undefined) config.baseURL = baseURL;
  return config;
}
