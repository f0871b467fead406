import type { LoadLevel } from '../schema/load-record.js';
import { percentile } from '../util/percentile.js';

/** One measured request of a load level: what the client saw and what the server said. */
export interface LoadSample {
  ok: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  outputTokens: number | null;
  /** The server's own decode rate for this answer (llama.cpp `timings.predicted_per_second`, Ollama eval_count ÷ eval_duration). */
  serverDecodeTokensPerSecond: number | null;
  /** The server's own prompt time (llama.cpp `timings.prompt_ms`, Ollama prompt_eval_duration). */
  serverPromptMs: number | null;
}

const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

const percentiles = (values: number[]) => ({
  p50: percentile(values, 0.5),
  p95: percentile(values, 0.95),
  p99: percentile(values, 0.99),
});

/**
 * A level's figures from its measured requests. Throughput counts answered requests only (a server
 * that fails fast is not fast); latency and TTFT percentiles are over answered requests; the error share
 * over all of them. Output tokens/s is the sum of answered requests' output tokens over the wall time.
 */
export function levelFigures(
  concurrency: number,
  samples: readonly LoadSample[],
  durationMs: number,
  connectionRetries: number,
): LoadLevel {
  const answered = samples.filter((s) => s.ok);
  const seconds = durationMs / 1000;
  const outputs = present(answered.map((s) => s.outputTokens));
  return {
    concurrency,
    requests: samples.length,
    durationMs,
    requestsPerSecond: seconds > 0 ? answered.length / seconds : null,
    outputTokensPerSecond:
      seconds > 0 && outputs.length > 0 ? outputs.reduce((a, b) => a + b, 0) / seconds : null,
    ttftMs: percentiles(present(answered.map((s) => s.ttftMs))),
    latencyMs: percentiles(present(answered.map((s) => s.latencyMs))),
    errorShare: samples.length ? (samples.length - answered.length) / samples.length : 0,
    connectionRetries,
    server: {
      decodeTokensPerSecond: percentile(present(answered.map((s) => s.serverDecodeTokensPerSecond)), 0.5),
      promptMs: percentile(present(answered.map((s) => s.serverPromptMs)), 0.5),
    },
  };
}

/** The server's own figures in a response's `raw` payload: llama.cpp `timings`, or Ollama's final chunk. */
export function serverFigures(raw: unknown): { decode: number | null; promptMs: number | null } {
  if (!isRecord(raw)) return { decode: null, promptMs: null };
  const timings = raw.timings;
  if (isRecord(timings)) {
    return { decode: positive(timings.predicted_per_second), promptMs: finite(timings.prompt_ms) };
  }
  const evalCount = finite(raw.eval_count);
  const evalNs = positive(raw.eval_duration);
  const promptNs = finite(raw.prompt_eval_duration);
  return {
    decode: evalCount !== null && evalNs !== null ? evalCount / (evalNs / 1e9) : null,
    promptMs: promptNs !== null ? promptNs / 1e6 : null,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function positive(v: unknown): number | null {
  const n = finite(v);
  return n !== null && n > 0 ? n : null;
}
