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

/**
 * Where a `gguf:` path or name (not an `hf:` reference) is looked for, in order: relative to the suite's
 * folder, then `ref` and `<ref>.gguf` in the models folder.
 */
export function ggufPathCandidates(
  ref: string,
  baseDir: string,
  env: Record<string, string | undefined>,
): string[] {
  const modelsDir = ggufModelsDir(env);
  const candidates = [path.resolve(baseDir, ref), path.resolve(modelsDir, ref)];
  if (!ref.toLowerCase().endsWith('.gguf')) candidates.push(path.resolve(modelsDir, `${ref}.gguf`));
  return [...new Set(candidates)];
}

/** A `gguf:` path or name that is in none of `tried`: every place looked in, and where to put the file. */
export function ggufNotFoundMessage(
  ref: string,
  tried: readonly string[],
  env: Record<string, string | undefined>,
): string {
  // The last place looked in: `<ref>.gguf` is how a person would name the file a bare name stands for.
  const dest = path.resolve(ggufModelsDir(env), ref.toLowerCase().endsWith('.gguf') ? ref : `${ref}.gguf`);
  return (
    `GGUF file not found; tried ${tried.join(', ')} (a path is relative to the suite file; ${MODELS_DIR_RULE}). ` +
    `"gguf:${ref}" names no download source: place ${path.basename(dest)} at ${dest}, ` +
    'or name a file on Hugging Face as gguf:hf:<user>/<repo>/<file>.gguf to have it downloaded'
  );
}
