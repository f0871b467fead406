import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { isConnectFailure, isConnectionReset, retryAfterMs } from './http-failure.js';
import { isRetryableStatus, ModelError, type ModelErrorType } from './model-error.js';

export interface OpenAIErrorContext {
  model: string;
  baseURL: string;
  /** How messages name the server: OpenAI or the compatible server at its URL. */
  who: string;
  isOpenAI: boolean;
  apiKey: string | undefined;
}

export interface OpenAIErrors {
  /** Every message leaving the adapter goes through here, so a key echoed by a server never escapes. */
  fail(type: ModelErrorType, message: string, opts?: ConstructorParameters<typeof ModelError>[2]): ModelError;
  missingKey(): ModelError;
  unreachable(cause: unknown, detail?: string): ModelError;
  /** Any failure of a client call, as a typed ModelError. */
  toError(e: unknown, ctx: { userSignal?: AbortSignal | undefined }): ModelError;
}

/** The OpenAI adapter's error mapping, bound to one model and server. */
export function openAIErrors({ model, baseURL, who, isOpenAI, apiKey }: OpenAIErrorContext): OpenAIErrors {
  function fail(
    type: ModelErrorType,
    message: string,
    opts: ConstructorParameters<typeof ModelError>[2] = {},
  ): ModelError {
    return new ModelError(type, redact(message, apiKey), opts);
  }

  function missingKey(): ModelError {
    return fail('auth', `no API key for ${who}: set OPENAI_API_KEY (or the model's apiKeyEnv)`, {
      retryable: false,
    });
  }

  function unreachable(cause: unknown, detail?: string): ModelError {
    const what = detail ?? `cannot reach ${who}`;
    const hint = isOpenAI
      ? 'check the network (or set OPENAI_BASE_URL)'
      : "start it (llama.cpp server, LM Studio, vLLM, ...) or fix the model's baseURL / OPENAI_BASE_URL";
    return fail('unreachable', `${what}: ${hint}`, { retryable: false, cause });
  }

  function toError(e: unknown, ctx: { userSignal?: AbortSignal | undefined }): ModelError {
    if (e instanceof ModelError) return e;
    // The adapter arms no timer: an abort is the caller's (Ctrl-C, or the run stage's time limit, which
    // the run stage records as its own timeout).
    if (ctx.userSignal?.aborted || e instanceof APIUserAbortError) {
      return fail('aborted', `call to ${model} at ${baseURL} was cancelled`, { retryable: false, cause: e });
    }
    // With the client's own timeout off, this is the HTTP stack's limit (undici's connect, headers or body
    // timeout), not the call's: a stalled connection, worth a retry. A `timeout` is the run stage's alone.
    if (e instanceof APIConnectionTimeoutError) {
      return fail('connection', `connection to ${who} stalled while asking for "${model}": ${e.message}`, {
        retryable: true,
        cause: e,
      });
    }
    if (e instanceof APIConnectionError) {
      if (isConnectFailure(e)) return unreachable(e);
      return fail('connection', `connection to ${who} failed: ${e.message}`, { retryable: true, cause: e });
    }
    if (e instanceof APIError) return fromStatus(e);
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof SyntaxError) {
      return fail('bad_response', `${who} sent an answer for "${model}" that could not be read: ${message}`, {
        retryable: true,
        cause: e,
      });
    }
    if (isConnectionReset(e)) {
      return fail('connection', `connection to ${who} was reset while answering "${model}"`, {
        retryable: true,
        cause: e,
      });
    }
    return fail('runtime', `${who}: ${message}`, { retryable: false, cause: e });
  }

  function fromStatus(e: APIError): ModelError {
    const said = apiMessage(e);
    const status = e.status as number | undefined;
    // An error event inside a 200 stream: the server failed mid-answer, as a 500 would say.
    if (status === undefined) {
      return fail('runtime', `${who} failed while answering "${model}": ${said}`, {
        retryable: true,
        cause: e,
      });
    }
    if (status === 429) {
      return fail('rate_limited', `${who} is rate limiting (429): ${said}`, {
        status,
        retryable: true,
        retryAfterMs: retryAfterMs(e.headers),
        cause: e,
      });
    }
    if (status === 401 || status === 403) {
      return fail(
        'auth',
        `${who} rejected the API key (${status}): set OPENAI_API_KEY (or the model's apiKeyEnv) to a key with access to "${model}" (${said})`,
        { status, retryable: false, cause: e },
      );
    }
    if (status === 404 && (e.code === 'model_not_found' || /model/i.test(said))) {
      return fail(
        'model_not_found',
        `${who} has no model "${model}": check the name (GET ${baseURL}/models lists what it serves) (${said})`,
        { status, retryable: false, cause: e },
      );
    }
    return fail('http', `${who} answered ${status}: ${said}`, {
      status,
      retryable: isRetryableStatus(status),
      cause: e,
    });
  }

  return { fail, missingKey, unreachable, toError };
}

function apiMessage(e: APIError): string {
  const error: unknown = e.error;
  const message =
    error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : null;
  return typeof message === 'string' && message !== '' ? message : e.message;
}

function redact(message: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? message.split(secret).join('***') : message;
}
