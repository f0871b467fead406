import type { ResultRecord } from '../schema/result-record.js';
import { percentile } from '../util/percentile.js';

export interface CallTiming {
  latencyMs: { p50: number | null; p95: number | null };
  ttftMs: { p50: number | null; p95: number | null };
  /** Median decode rate over the calls that report one. */
  tokensPerSecond: number | null;
  /** Mean latency: what throughput (and so hourly cost) depends on, where the median would not. */
  meanLatencyMs: number | null;
}

/**
 * Latency, time to first token and decode rate of the calls that were answered. Cached calls keep the
 * timings of the call that filled the cache, so they count as that call; errored and skipped calls
 * are left out (a timeout's latency says nothing about serving speed). Percentiles are numpy's linear.
 */
export function callTiming(results: readonly ResultRecord[]): CallTiming {
  const answered = results.filter((r) => r.error === null && r.skipped === null);
  const latencies = numbers(answered.map((r) => r.latencyMs));
  const ttfts = numbers(answered.map((r) => r.ttftMs));
  const rates = numbers(answered.map((r) => r.tokensPerSecond));
  return {
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    ttftMs: { p50: percentile(ttfts, 0.5), p95: percentile(ttfts, 0.95) },
    tokensPerSecond: percentile(rates, 0.5),
    meanLatencyMs: latencies.length > 0 ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
  };
}

function numbers(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}
