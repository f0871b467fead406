import { field } from '../util/unknown-value.js';
/** What HTTP adapters share to classify a failed call: which signal fired, socket error codes, retry-after. */

export interface CallSignal {
  signal: AbortSignal | undefined;
  timeout: AbortSignal | undefined;
  dispose(): void;
}

/** The caller's signal joined with an optional timeout, told apart later to say which one fired. */
export function callSignal(user: AbortSignal | undefined, timeoutMs: number | undefined): CallSignal {
  if (!timeoutMs) return { signal: user, timeout: undefined, dispose: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const timeout = controller.signal;
  return {
    signal: user ? AbortSignal.any([user, timeout]) : timeout,
    timeout,
    dispose: () => clearTimeout(timer),
  };
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The server could not be reached at all (refused, unknown host, no route): retrying will not help. */
export function isConnectFailure(e: unknown): boolean {
  return errorCodes(e).some((c) => CONNECT_CODES.has(c));
}

/** The connection broke mid-call; undici says only `terminated` when the body stream is cut. */
export function isConnectionReset(e: unknown): boolean {
  if ((e instanceof Error ? e.message : String(e)) === 'terminated') return true;
  return errorCodes(e).some((c) => RESET_CODES.has(c));
}

/** Error codes along the cause chain (undici wraps socket errors in `TypeError: fetch failed`). */
function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current != null; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string') codes.push(code);
    const inner = field(current, 'errors');
    if (Array.isArray(inner)) {
      for (const i of inner) {
        const c = field(i, 'code');
        if (typeof c === 'string') codes.push(c);
      }
    }
    current = field(current, 'cause');
  }
  return codes;
}

/** `retry-after-ms` (OpenAI's), else `retry-after`. */
export function retryAfterMs(headers: Pick<Headers, 'get'> | null | undefined): number | null {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms)) return Math.max(0, ms);
  return parseRetryAfter(headers?.get('retry-after') ?? null);
}

/** `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
