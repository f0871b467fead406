import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces calls to one model at least 60 000 / rpm ms apart (a token bucket of size one): API rate
 * limits are per minute, and bursting then waiting for 429s wastes attempts and distorts latency.
 */
export class RateLimiter {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<unknown> = (ms, signal) =>
      sleep(ms, undefined, { signal }),
  ) {
    this.intervalMs = 60_000 / requestsPerMinute;
  }

  /** Resolves when the next call may start; rejects if `signal` aborts while waiting. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.wait(at - now, signal);
  }
}
