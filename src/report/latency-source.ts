import type { ModelSummary, Summary } from '../schema/summary.js';
import { formatInt, formatMs } from './format.js';

/**
 * Where a local model's latency figures come from, in one line: the run itself at up to N calls in
 * flight, or the load sweep's capacity level. Null for a model the summary says nothing about (remote).
 */
export function latencySourceText(m: ModelSummary): string | null {
  const source = m.latencySource;
  if (!source) return null;
  const inFlight = source.concurrency === null ? 'an unknown number of' : formatInt(source.concurrency);
  if (source.kind === 'load') {
    return `${m.id}: sized by the load sweep at ${inFlight} in flight (p95 ${formatMs(m.loadLatencyMs?.p95 ?? null)}, TTFT p95 ${formatMs(m.loadTtftMs?.p95 ?? null)}); the table's latency is the run's own`;
  }
  return `${m.id}: latency measured in the run at up to ${inFlight} call${source.concurrency === 1 ? '' : 's'} in flight${m.queueing ? ', queueing included' : ''}`;
}

export function latencySourceLines(summary: Summary): string[] {
  return summary.models.flatMap((m) => latencySourceText(m) ?? []);
}
