import type { ResultRecord } from '../schema/result-record.js';
import type { EndpointSummary, ModelSummary } from '../schema/summary.js';
import { percentile } from '../util/percentile.js';
import { callTiming } from './call-timing.js';
import { kruskalWallis } from './endpoint-kruskal-wallis.js';
import { byCodeUnit } from './paired-clusters.js';

/** Fewest timed calls a server needs to count, the test's level, and the median ratio that counts as large. */
const MIN_CALLS = 5;
const ALPHA = 0.01;
const MIN_RATIO = 1.25;

/**
 * One row per server of an endpoint pool, by name: the calls whose record names it (answered or not)
 * and its latency and time to first token as `callTiming` takes them. Empty unless the records name
 * two servers or more: one server's figures are the model's own.
 */
export function endpointLatencies(results: readonly ResultRecord[]): EndpointSummary[] {
  const byEndpoint = new Map<string, ResultRecord[]>();
  for (const r of results) {
    if (typeof r.endpoint !== 'string') continue;
    const list = byEndpoint.get(r.endpoint) ?? [];
    list.push(r);
    byEndpoint.set(r.endpoint, list);
  }
  if (byEndpoint.size < 2) return [];
  return [...byEndpoint.keys()].sort(byCodeUnit).map((endpoint) => {
    const calls = byEndpoint.get(endpoint) as ResultRecord[];
    const timing = callTiming(calls);
    return { endpoint, calls: calls.length, latencyMs: timing.latencyMs, ttftMs: timing.ttftMs };
  });
}

/**
 * Whether the servers of a pool answered at clearly different speeds, from the latencies of the calls
 * this run timed (cached, errored and skipped calls left out, as `queueing` does), by server: see
 * `latenciesDiffer`. Null when fewer than two servers have enough of them.
 */
export function endpointLatencyDiffers(results: readonly ResultRecord[]): boolean | null {
  const byEndpoint = new Map<string, number[]>();
  for (const r of results) {
    if (typeof r.endpoint !== 'string' || r.error !== null || r.skipped !== null || r.cached) continue;
    if (r.latencyMs === null || !Number.isFinite(r.latencyMs)) continue;
    const list = byEndpoint.get(r.endpoint) ?? [];
    list.push(r.latencyMs);
    byEndpoint.set(r.endpoint, list);
  }
  return latenciesDiffer([...byEndpoint.keys()].sort(byCodeUnit).map((k) => byEndpoint.get(k) as number[]));
}

/**
 * Whether samples of latency (one a server) clearly differ: the Kruskal–Wallis test rejects one common
 * distribution at the 1% level, and the slowest server's median is at least 1.25 times the fastest's.
 * Both, since with many calls the test alone flags differences too small to matter, and a ratio alone
 * can be chance in a few calls. Samples of fewer than 5 calls are left out (too few to rank, and the
 * chi-square approximation needs about 5 a group); null when fewer than two samples are left.
 */
export function latenciesDiffer(samples: readonly (readonly number[])[]): boolean | null {
  const counted = samples.filter((s) => s.length >= MIN_CALLS);
  if (counted.length < 2) return null;
  const test = kruskalWallis(counted);
  if (test === null) return false;
  const medians = counted.map((s) => percentile(s, 0.5) as number);
  const fastest = Math.min(...medians);
  const slowest = Math.max(...medians);
  return test.p < ALPHA && slowest >= MIN_RATIO * fastest;
}

/** The one-line warning a run prints for a model whose servers answered at clearly different speeds. */
export function endpointLatencyWarning(m: ModelSummary): string {
  const rows = (m.endpoints ?? []).filter((e) => e.latencyMs.p50 !== null);
  const byMedian = [...rows].sort((a, b) => (a.latencyMs.p50 as number) - (b.latencyMs.p50 as number));
  const fast = byMedian[0];
  const slow = byMedian[byMedian.length - 1];
  const ms = (e: EndpointSummary | undefined) => `${Math.round(e?.latencyMs.p50 ?? 0)} ms`;
  return `${m.id}: its servers answered at clearly different speeds (median latency ${ms(slow)} at ${slow?.endpoint ?? '?'}, ${ms(fast)} at ${fast?.endpoint ?? '?'}), so its latency figures mix different hardware or load; see endpoints in summary.json, and compare the servers before sizing by them`;
}
