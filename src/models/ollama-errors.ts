import { field } from '../util/unknown-value.js';
import { isConnectFailure, isConnectionReset, parseRetryAfter } from './http-failure.js';
import { isRetryableStatus, ModelError } from './model-error.js';

// The official client throws this plain Error when a stream ends without its `done: true` chunk.
export const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';

export interface OllamaFailureContext {
  url: string;
  model: string;
  userSignal?: AbortSignal | undefined;
  timeout?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The last `retry-after` the call's fetch saw; the client's errors drop headers. */
  seen: { retryAfter: string | null };
}

/** Any failure of an Ollama client call, as a typed ModelError. */
export function toOllamaError(e: unknown, ctx: OllamaFailureContext): ModelError {
  if (e instanceof ModelError) return e;
  const { url, model } = ctx;
  if (ctx.userSignal?.aborted) {
    return new ModelError('aborted', `call to Ollama model "${model}" was cancelled`, {
      retryable: false,
      cause: e,
    });
  }
  if (ctx.timeout?.aborted) {
    return new ModelError(
      'timeout',
      `Ollama at ${url} did not finish "${model}" within ${ctx.timeoutMs} ms`,
      {
        retryable: true,
        cause: e,
      },
    );
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
