export type ModelErrorType =
  | 'unreachable'
  | 'model_not_found'
  | 'http'
  /** 401/403 or no API key: fixed by configuration, never by a retry. */
  | 'auth'
  /** The connection was reset or closed mid-call: worth a retry. */
  | 'connection'
  | 'rate_limited'
  /** The run stage's per-call time limit ran out (its `callWithTimeout` alone raises it): worth a retry. */
  | 'timeout'
  | 'aborted'
  | 'bad_response'
  | 'missing_dependency'
  /** The suite asks for something this model cannot give (e.g. log-probabilities): fixed in the suite. */
  | 'unsupported'
  | 'recorded_missing'
  /** The prompt cannot fit the context the runtime runs with; the run stage records it as a skip. */
  | 'context_overflow'
  | 'runtime';

const RETRYABLE_STATUS = new Set([408, 409, 429]);

/** Statuses worth a retry: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || (status >= 500 && status <= 599);
}

/** A typed failure of a model call, carrying what the run stage needs to decide on a retry. */
export class ModelError extends Error {
  readonly type: ModelErrorType;
  readonly status: number | null;
  readonly retryable: boolean;
  /** From a `retry-after` header, when the server sent one. */
  readonly retryAfterMs: number | null;
  /** The server of an endpoint pool that failed this way (its URL without credentials); null otherwise. */
  readonly endpoint: string | null;

  constructor(
    type: ModelErrorType,
    message: string,
    opts: {
      status?: number | null;
      retryable?: boolean;
      retryAfterMs?: number | null;
      cause?: unknown;
      endpoint?: string | null;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ModelError';
    this.type = type;
    this.status = opts.status ?? null;
    // A bad key stays bad however often it is sent; a dropped connection usually comes back.
    this.retryable =
      type === 'auth'
        ? false
        : (opts.retryable ??
          (type === 'connection' || (opts.status != null && isRetryableStatus(opts.status))));
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.endpoint = opts.endpoint ?? null;
  }

  /** The same failure (same class and fields), saying which server of an endpoint pool it came from. */
  at(endpoint: string): this {
    const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this)) as this;
    Object.defineProperty(copy, 'endpoint', { value: endpoint, enumerable: true });
    return copy;
  }

  get isRetryable(): boolean {
    return this.retryable;
  }

  /** The shape stored in results.jsonl. */
  toRecord(): { type: string; message: string; retryable: boolean; status: number | null } {
    return { type: this.type, message: this.message, retryable: this.retryable, status: this.status };
  }
}
