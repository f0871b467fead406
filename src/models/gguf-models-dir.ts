import { homedir } from 'node:os';
import path from 'node:path';

/** How messages name the models folder, so a person knows how to move it. */
export const MODELS_DIR_RULE =
  'the models folder is RIGHTSIZE_MODELS_DIR, default $XDG_CACHE_HOME/rightsize/models or ~/.cache/rightsize/models';

/**
 * The folder `gguf:` names are looked up in and downloads go to: `RIGHTSIZE_MODELS_DIR`, else a per-user
 * cache folder (XDG's, as Hugging Face and node-llama-cpp also cache there), so downloaded weights
 * outlive any one checkout.
 */
export function ggufModelsDir(env: Record<string, string | undefined>): string {
  if (env.RIGHTSIZE_MODELS_DIR) return path.resolve(env.RIGHTSIZE_MODELS_DIR);
  const cache = env.XDG_CACHE_HOME || path.join(env.HOME || homedir(), '.cache');
  return path.resolve(cache, 'rightsize', 'models');
}
