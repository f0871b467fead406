import type { GenerateRequest, Model } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import { type LoadSample, serverFigures } from './load-figures.js';
import { callWithTimeout, DEFAULT_CALL_TIMEOUT_MS } from './run-cases.js';

/** How long a level measures: a number of requests, or a wall time (requests started until it ends). */
export type LevelBudget = { requests: number } | { durationMs: number };

export interface RunLevelOptions {
  concurrency: number;
  budget: LevelBudget;
  /** Requests made first and not counted, so the level starts with every worker busy and the model warm. */
  warmup: number;
  /** The prompt of the next request (the sweep cycles the suite's cases). */
  next: () => GenerateRequest;
  signal?: AbortSignal;
  /** Milliseconds; monotonic. */
  now?: () => number;
  /** Fresh connections tried after the server closed one mid-answer, per request. */
  connectionRetryLimit?: number;
  /** Told of every measured request as it finishes. */
  onSample?: (sample: LoadSample) => void;
}

export interface LevelRun {
  samples: LoadSample[];
  durationMs: number;
  connectionRetries: number;
  /** The signal ended the level: its figures are partial and not to be kept. */
  interrupted: boolean;
}

const DEFAULT_CONNECTION_RETRIES = 3;

/**
 * One level of a load sweep: exactly `concurrency` requests in flight (a closed loop: each worker sends
 * its next request when its last one ends), first a warm-up, then the measured budget. The measured
 * time runs from the first measured request sent to the last one finished.
 *
 * A connection the server closed (ModelError `connection`: llama.cpp's server drops a kept-alive socket
 * after a streamed answer without saying so) is retried at once on a fresh one and counted apart: it says
 * something about the client's socket reuse, not about the server's capacity. Any other failure is the
 * server's and counts as an error, unretried, so the stopping rule measures the server.
 */
export async function runLevel(model: Model, opts: RunLevelOptions): Promise<LevelRun> {
  const now = opts.now ?? (() => performance.now());
  const retryLimit = opts.connectionRetryLimit ?? DEFAULT_CONNECTION_RETRIES;
  let connectionRetries = 0;
  const aborted = () => opts.signal?.aborted === true;

  const call = async (): Promise<LoadSample | null> => {
    const request = opts.next();
    for (let retried = 0; ; retried++) {
      try {
        // Through the run stage's own call: a per-call signal (one run-wide signal would collect a
        // listener per call in the HTTP clients) and the same per-call time limit as a run.
        const r = await callWithTimeout(model, request, DEFAULT_CALL_TIMEOUT_MS, opts.signal);
        const server = serverFigures(r.raw);
        return {
          ok: true,
          latencyMs: r.latencyMs,
          ttftMs: r.ttftMs,
          outputTokens: r.usage.output,
          serverDecodeTokensPerSecond: server.decode,
          serverPromptMs: server.promptMs,
        };
      } catch (e) {
        if (aborted()) return null;
        if (e instanceof ModelError && e.type === 'connection' && retried < retryLimit) {
          connectionRetries++;
          continue;
        }
        return {
          ok: false,
          latencyMs: null,
          ttftMs: null,
          outputTokens: null,
          serverDecodeTokensPerSecond: null,
          serverPromptMs: null,
        };
      }
    }
  };

  // Warm-up: its requests and connection retries are not counted.
  let warmupLeft = opts.warmup;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, opts.warmup) }, async () => {
      while (warmupLeft > 0 && !aborted()) {
        warmupLeft--;
        await call();
      }
    }),
  );
  connectionRetries = 0;
  if (aborted()) return { samples: [], durationMs: 0, connectionRetries: 0, interrupted: true };

  const samples: LoadSample[] = [];
  const started = now();
  let ended = started;
  let issued = 0;
  const more = () =>
    'requests' in opts.budget ? issued < opts.budget.requests : now() - started < opts.budget.durationMs;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (more() && !aborted()) {
        issued++;
        const sample = await call();
        if (sample === null) return;
        samples.push(sample);
        ended = Math.max(ended, now());
        opts.onSample?.(sample);
      }
    }),
  );
  return { samples, durationMs: ended - started, connectionRetries, interrupted: aborted() };
}
