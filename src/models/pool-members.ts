import type { ModelConfig } from '../schema/model-config.js';
import { endpointName, splitCredentials } from './endpoint-address.js';
import type { PoolMember } from './endpoint-pool.js';
import type { Model } from './model.js';
import { resolveOllamaHost } from './ollama-host.js';
import { resolveOpenAIBaseURL } from './openai-base-url.js';

/**
 * The calls a lone server gets when neither the suite nor the server says, as the run stage gives a
 * model (`defaultConcurrency` in src/run/execute-calls.ts): one on the user's own hardware, where a
 * server serves a few calls at a time, eight for a remote API.
 */
const LONE_SLOTS = { local: 1, remote: 8 } as const;

/**
 * One adapter per server of a pool: the model's config with that server as its `baseURL`, the
 * credentials of its URL (if any) moved into an `authorization` header, and its own `concurrency`.
 * `isLocal` tells whether a server is on the user's hardware (`isLocalRuntime`).
 */
export function poolMembers(
  config: ModelConfig,
  env: Record<string, string | undefined>,
  make: (member: ModelConfig) => Model,
  isLocal: (member: ModelConfig) => boolean,
): PoolMember[] {
  return (config.endpoints ?? []).map((e) => {
    const { url, authorization } = splitCredentials(e.url);
    const { endpoints: _pool, concurrency: _total, ...rest } = config;
    const member: ModelConfig = {
      ...rest,
      baseURL: url,
      ...(authorization ? { headers: { ...config.headers, authorization } } : {}),
      ...(e.concurrency ? { concurrency: e.concurrency } : {}),
    };
    const resolved =
      config.ref.runtime === 'ollama' ? resolveOllamaHost(url, env) : resolveOpenAIBaseURL(url, env);
    return {
      name: endpointName(resolved),
      model: make(member),
      cap: e.concurrency ?? null,
      loneSlots: isLocal(member) ? LONE_SLOTS.local : LONE_SLOTS.remote,
    };
  });
}
