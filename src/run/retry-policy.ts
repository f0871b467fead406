import { ModelError } from '../models/model-error.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts after this much time spent on one case. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalMs: 120_000,
};

/** Only typed, retryable failures are retried (408, 409, 429, 5xx, resets, unparseable 200s). */
export function isRetryable(err: unknown): boolean {
  return err instanceof ModelError && err.retryable;
}

/**
 * Delay before the next attempt: the server's `retry-after` when it sent one, else exponential
 * backoff with full jitter (spreads retries of many workers apart).
 */
export function retryDelayMs(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (err instanceof ModelError && err.retryAfterMs != null)
    return Math.min(err.retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
