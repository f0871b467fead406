import type OpenAI from 'openai';
import { field, num } from '../util/unknown-value.js';

export interface LlamaServerProps {
  /** Parallel slots (`-np`): requests it decodes at once. */
  totalSlots: number | null;
  /** The weights file it loaded, as its own path. */
  modelPath: string | null;
}

/**
 * llama.cpp's server tells its parallel slots (`total_slots`) and weights file (`model_path`) at
 * `GET /props`, beside `/v1`. Other compatible servers have no such endpoint (404) or a different shape:
 * null, never a guess. `headers` are the model's own (a proxy's credentials).
 */
export async function llamaServerProps(
  client: OpenAI,
  headers: Record<string, string> | undefined,
  signal?: AbortSignal,
): Promise<LlamaServerProps | null> {
  try {
    const root = new URL(client.baseURL.replace(/\/+$/, '').replace(/\/v1$/, '') || client.baseURL);
    const url = new URL('props', root.href.endsWith('/') ? root.href : `${root.href}/`);
    const sent: Record<string, string> = { ...headers };
    if (client.apiKey) sent.authorization ??= `Bearer ${client.apiKey}`;
    const timeout = AbortSignal.timeout(5_000);
    const res = await fetch(url, {
      headers: sent,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!res.ok) return null;
    const body: unknown = await res.json();
    const slots = num(field(body, 'total_slots'));
    const path = field(body, 'model_path');
    return {
      totalSlots: slots !== null && Number.isInteger(slots) && slots > 0 ? slots : null,
      modelPath: typeof path === 'string' && path !== '' ? path : null,
    };
  } catch {
    return null;
  }
}
