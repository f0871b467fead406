// Apart from openai-model.ts so that checks made without calling (`rightsize validate`) need not load
// the `openai` client to know where a model's calls would go.

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The server URL: the model's `baseURL`, else `OPENAI_BASE_URL` (the official client's variable), else
 * promptfoo's `OPENAI_API_BASE_URL`, then `OPENAI_API_HOST` (a host name, as promptfoo reads it), else
 * OpenAI. A bare origin gets `/v1`, as promptfoo does, since every compatible server serves it there.
 */
export function resolveOpenAIBaseURL(
  baseURL: string | undefined,
  env: Record<string, string | undefined>,
): string {
  const host = env.OPENAI_API_HOST?.trim();
  const raw =
    baseURL?.trim() ||
    env.OPENAI_BASE_URL?.trim() ||
    env.OPENAI_API_BASE_URL?.trim() ||
    (host ? (host.includes('://') ? host : `https://${host}/v1`) : OPENAI_DEFAULT_BASE_URL);
  try {
    const url = new URL(raw);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return raw.replace(/\/+$/, '');
  }
}

/** OpenAI's own API, which needs a key, as opposed to a compatible server, which usually takes any. */
export function isOpenAIBaseURL(url: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}
