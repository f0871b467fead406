import { isHfRef, parseHfFileRef } from './hf-file-ref.js';
import type { ProviderRef, Runtime } from './model-config.js';

export const RUNTIMES: readonly Runtime[] = ['ollama', 'openai', 'gguf', 'recorded'];

export type ProviderIdResult = { ok: true; ref: ProviderRef } | { ok: false; message: string };

/**
 * Parses a provider id of either layout: rightsize's (`ollama:qwen2.5:0.5b`, `openai:gpt-4o`) and
 * promptfoo's (`ollama:chat:llama3.2:1b`, `ollama:completion:x`, `openai:chat:gpt-4o`).
 * Model names keep their own colons (`qwen2.5:0.5b`), so only the first one or two segments are read.
 */
export function parseProviderId(id: string): ProviderIdResult {
  const colon = id.indexOf(':');
  const prefix = colon < 0 ? id : id.slice(0, colon);
  let rest = colon < 0 ? '' : id.slice(colon + 1);
  if (!(RUNTIMES as readonly string[]).includes(prefix)) {
    return {
      ok: false,
      message: `unknown provider "${id}": a provider id starts with ${RUNTIMES.map((r) => `"${r}:"`).join(', ')} (e.g. "ollama:qwen2.5:0.5b", "openai:gpt-4o", "gguf:./models/x.gguf", "recorded:./answers.jsonl")`,
    };
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
