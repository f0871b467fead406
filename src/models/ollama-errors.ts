import { field } from '../util/unknown-value.js';
import { isConnectFailure, isConnectionReset, isStalled, parseRetryAfter } from './http-failure.js';
import { isRetryableStatus, ModelError } from './model-error.js';

// The official client throws this plain Error when a stream ends without its `done: true` chunk.
export const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';

export interface OllamaFailureContext {
  url: string;
  model: string;
  userSignal?: AbortSignal | undefined;
  /** The last `retry-after` the call's fetch saw; the client's errors drop headers. */
  seen: { retryAfter: string | null };
}

/** Any failure of an Ollama client call, as a typed ModelError. */
export function toOllamaError(e: unknown, ctx: OllamaFailureContext): ModelError {
  if (e instanceof ModelError) return e;
  const { url, model } = ctx;
  // The adapter arms no timer: an abort is the caller's (Ctrl-C, or the run stage's time limit, which the
  // run stage records as its own timeout).
  if (ctx.userSignal?.aborted) {
    return new ModelError('aborted', `call to Ollama model "${model}" was cancelled`, {
      retryable: false,
      cause: e,
    });
  }
  const status = field(e, 'status_code');
  if (typeof status === 'number' && Number.isFinite(status) && field(e, 'name') === 'ResponseError') {
    return fromStatus(e, status, ctx);
  }
  if (isConnectFailure(e)) {
    return new ModelError(
      'unreachable',
      `cannot reach Ollama at ${url}: start it with \`ollama serve\` (or set OLLAMA_HOST)`,
      { retryable: false, cause: e },
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  // fetch's own limit (no headers, or no data, for 300 s), not the call's: a `timeout` is the run stage's alone.
  if (isStalled(e)) {
    return new ModelError(
      'connection',
      `connection to Ollama at ${url} stalled while answering "${model}" (${message})`,
      { retryable: true, cause: e },
    );
  }
  if (isConnectionReset(e)) {
    return new ModelError(
      'connection',
      `connection to Ollama at ${url} was reset while answering "${model}"`,
      {
        retryable: true,
        cause: e,
      },
    );
  }
  // Any other failure before an HTTP answer (undici's bare "fetch failed"): a person still needs the server.
  const network = fetchFailureCause(e);
  if (network !== null) return unreachable(url, network, e);
  if (message === NO_DONE_MESSAGE || e instanceof SyntaxError) {
    return new ModelError(
      'bad_response',
      `Ollama at ${url} sent an answer for "${model}" that could not be read`,
      {
        retryable: true,
        cause: e,
      },
    );
  }
  // A plain Error from the stream is an `{"error": ...}` line sent mid-answer: the server failed after its
  // 200, where it would otherwise have answered 500.
  if (e instanceof Error && e.constructor === Error) {
    return new ModelError('runtime', `Ollama at ${url} failed while answering "${model}": ${message}`, {
      retryable: true,
      cause: e,
    });
  }
  return new ModelError('runtime', `Ollama at ${url}: ${message}`, { retryable: false, cause: e });
}

function fromStatus(e: unknown, status: number, { url, model, seen }: OllamaFailureContext): ModelError {
  const said = String(field(e, 'error') ?? (e as Error).message);
  if (status === 404 && /model/i.test(said)) {
    return new ModelError(
      'model_not_found',
      `Ollama at ${url} has no model "${model}": run \`ollama pull ${model}\` (Ollama said: ${said})`,
      { status, retryable: false, cause: e },
    );
  }
  if (status === 404) {
    return new ModelError(
      'http',
      `${url} answered 404 (${said}): is it an Ollama server? Check OLLAMA_HOST or the model's baseURL`,
      { status, retryable: false, cause: e },
    );
  }
  // Plain Ollama has no keys; a proxy or hosted Ollama in front of it does, sent through the model's headers.
  if (status === 401 || status === 403) {
    return new ModelError(
      'auth',
      `Ollama at ${url} refused the call (${status}): check the credentials in the model's headers (${said})`,
      { status, retryable: false, cause: e },
    );
  }
  return new ModelError(
    status === 429 ? 'rate_limited' : 'http',
    `Ollama at ${url} answered ${status}: ${said}`,
    {
      status,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfter(seen.retryAfter),
      cause: e,
    },
  );
}

/** What undici says went wrong under its `TypeError: fetch failed`, or null when the error is not that. */
function fetchFailureCause(e: unknown): { code: string | null; message: string } | null {
  if (!(e instanceof TypeError) || e.message !== 'fetch failed') return null;
  let inner: unknown = field(e, 'cause');
  for (let depth = 0; depth < 5 && field(inner, 'cause') != null; depth++) inner = field(inner, 'cause');
  const code = field(inner, 'code');
  const said = field(inner, 'message');
  return {
    code: typeof code === 'string' ? code : null,
    message:
      typeof said === 'string' && said.trim() !== '' ? (said.trim().split('\n')[0] as string) : 'no answer',
  };
}

/** No HTTP answer at all: what to start or change, naming the URL tried and what the connection said. */
function unreachable(url: string, cause: { code: string | null; message: string }, e: unknown): ModelError {
  const port = portOf(url);
  const why =
    cause.message === 'bad port'
      ? `fetch refuses to connect to port ${port}, one of the ports browsers block; point OLLAMA_HOST (or the model's baseURL) at the port \`ollama serve\` listens on, 11434 by default`
      : url.startsWith('https:') && /SSL|TLS|EPROTO/i.test(`${cause.code} ${cause.message}`)
        ? `the TLS handshake failed (${cause.code ?? cause.message}); Ollama serves plain http: write http:// in OLLAMA_HOST (or the model's baseURL) unless a TLS proxy is in front of it`
        : `${cause.code ?? cause.message}; start it with \`ollama serve\` (or set OLLAMA_HOST)`;
  return new ModelError('unreachable', `cannot reach Ollama at ${url}: ${why}`, {
    retryable: false,
    cause: e,
  });
}

function portOf(url: string): string {
  try {
    const u = new URL(url);
    return u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return '?';
  }
}
