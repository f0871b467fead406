import { refusedScript, USER_MODULE_FILE } from '../util/user-module.js';
import { isHfRef, parseHfFileRef } from './hf-file-ref.js';
import type { ProviderRef, Runtime } from './model-config.js';

export const RUNTIMES: readonly Runtime[] = ['ollama', 'openai', 'gguf', 'recorded', 'file', 'dataset'];

/**
 * promptfoo's `file://provider.js`: the user's own provider (a JavaScript or TypeScript module). Its
 * model is the path as written, relative to the suite's folder. Python providers and provider config
 * files (YAML/JSON lists of providers) are refused here, with why.
 */
function parseFileProvider(id: string): ProviderIdResult {
  const path = id.slice('file://'.length);
  const refused = refusedScript(path);
  if (refused) {
    return {
      ok: false,
      message: `provider "${id}": ${refused.message}; write the provider in JavaScript or TypeScript (a class with callApi(prompt, context)), or serve it over an OpenAI-compatible HTTP endpoint ("openai:<model>" with baseURL)`,
    };
  }
  if (/\.(ya?ml|json)$/i.test(path)) {
    return {
      ok: false,
      message: `provider "${id}": provider config files are not supported; list the providers in the suite itself`,
    };
  }
  if (!USER_MODULE_FILE.test(path)) {
    return {
      ok: false,
      message: `provider "${id}": a file:// provider is a JavaScript or TypeScript module (.js, .cjs, .mjs, .ts, .cts, .mts)`,
    };
  }
  return { ok: true, ref: { runtime: 'file', model: path, api: 'chat' } };
}

export type ProviderIdResult = { ok: true; ref: ProviderRef } | { ok: false; message: string };

/**
 * Parses a provider id of either layout: rightsize's (`ollama:qwen2.5:0.5b`, `openai:gpt-4o`) and
 * promptfoo's (`ollama:chat:llama3.2:1b`, `ollama:completion:x`, `openai:chat:gpt-4o`).
 * Model names keep their own colons (`qwen2.5:0.5b`), so only the first one or two segments are read.
 */
export function parseProviderId(id: string): ProviderIdResult {
  if (id.startsWith('file://')) return parseFileProvider(id);
  const colon = id.indexOf(':');
  const prefix = colon < 0 ? id : id.slice(0, colon);
  let rest = colon < 0 ? '' : id.slice(colon + 1);
  if (!(RUNTIMES as readonly string[]).includes(prefix)) {
    return {
      ok: false,
      message: `unknown provider "${id}": a provider id starts with ${RUNTIMES.map((r) => (r === 'file' ? '"file://"' : `"${r}:"`)).join(', ')} (e.g. "ollama:qwen2.5:0.5b", "openai:gpt-4o", "gguf:./models/x.gguf", "recorded:./answers.jsonl", "file://provider.js")`,
    };
  }
  if (prefix === 'file') {
    return { ok: false, message: `provider "${id}": write a file provider as "file://<path>.js"` };
  }
  const runtime = prefix as Runtime;
  let api: ProviderRef['api'] = 'chat';
  if (runtime === 'ollama' || runtime === 'openai') {
    if (rest.startsWith('chat:')) rest = rest.slice('chat:'.length);
    else if (rest.startsWith('completion:')) {
      if (runtime === 'openai') {
        return {
          ok: false,
          message: `"${id}": OpenAI's legacy completions API is not supported; use "openai:chat:${rest.slice('completion:'.length)}"`,
        };
      }
      rest = rest.slice('completion:'.length);
      api = 'completion';
    } else if (/^(embeddings?|embedding|responses|assistant|image|realtime):/.test(rest)) {
      return {
        ok: false,
        message: `"${id}": only chat models can be evaluated; use "${runtime}:chat:<model>"`,
      };
    }
  }
  if (rest.trim() === '') {
    return { ok: false, message: `provider "${id}" names no model: write "${runtime}:<model>"` };
  }
  // Known before any download is tried: a malformed reference is the suite's error, not the run's.
  if (runtime === 'gguf' && isHfRef(rest)) {
    const hf = parseHfFileRef(rest);
    if (!hf.ok) return { ok: false, message: hf.message };
  }
  return { ok: true, ref: { runtime, model: rest, api } };
}
