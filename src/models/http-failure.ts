import { field } from '../util/unknown-value.js';
/** What HTTP adapters share to classify a failed call: which signal fired, socket error codes, retry-after. */

export interface CallSignal {
  signal: AbortSignal | undefined;
  timeout: AbortSignal | undefined;
  dispose(): void;
}

/**
 * A signal for one call: aborted when the caller's signal aborts or the optional timeout fires (told
 * apart later to say which). The timeout bounds a pre-flight wait (a check, Ollama's load while
 * profiling); a model call gets none: the run stage times calls out through the caller's signal.
 * Always a fresh per-call signal: HTTP clients (openai's among them) add an abort listener to the
 * signal they are given and never remove it, so handing them one run-wide signal leaks a listener per
 * call. `dispose` unlinks it from the caller's signal and clears the timer.
 */
export function callSignal(user: AbortSignal | undefined, timeoutMs: number | undefined): CallSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(user?.reason);
  if (user?.aborted) controller.abort(user.reason);
  else user?.addEventListener('abort', onAbort, { once: true });
  const timeoutController = timeoutMs ? new AbortController() : undefined;
  const timer = timeoutMs
    ? setTimeout(() => {
        const reason = new Error(`timed out after ${timeoutMs} ms`);
        timeoutController?.abort(reason);
        controller.abort(reason);
      }, timeoutMs)
    : undefined;
  return {
    signal: controller.signal,
    timeout: timeoutController?.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      user?.removeEventListener('abort', onAbort);
    },
  };
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
// undici's own limits under Node's fetch (300 s without headers, or between body chunks); without undici
// as a dependency they cannot be turned off, so they are told apart from the run stage's time limit.
const STALL_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The server could not be reached at all (refused, unknown host, no route): retrying will not help. */
export function isConnectFailure(e: unknown): boolean {
  return errorCodes(e).some((c) => CONNECT_CODES.has(c));
}

/** The connection broke mid-call; undici says only `terminated` when the body stream is cut. */
export function isConnectionReset(e: unknown): boolean {
  if ((e instanceof Error ? e.message : String(e)) === 'terminated') return true;
  return errorCodes(e).some((c) => RESET_CODES.has(c));
}

/** fetch gave up on a silent connection itself (undici's headers or body timeout). */
export function isStalled(e: unknown): boolean {
  return errorCodes(e).some((c) => STALL_CODES.has(c));
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
