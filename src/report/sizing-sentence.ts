import type { CapacitySummary, ModelSummary } from '../schema/summary.js';
import { COST_UNKNOWN, formatCostLine, formatInt, formatMs, formatNumber, formatUsd } from './format.js';

/** "p95 ≤ 200 ms", "p95 ≤ 200 ms and TTFT p95 ≤ 50 ms": the latency target in the outputs' words. */
export function targetText(target: CapacitySummary['target']): string {
  return [
    target.latencyP95Ms !== null ? `p95 ≤ ${formatMs(target.latencyP95Ms)}` : null,
    target.ttftP95Ms !== null ? `TTFT p95 ≤ ${formatMs(target.ttftP95Ms)}` : null,
  ]
    .filter((s): s is string => s !== null)
    .join(' and ');
}

/** "0.2 requests/s at 4 in flight": a capacity level. */
export function capacityText(capacity: Pick<CapacitySummary, 'concurrency' | 'requestsPerSecond'>): string {
  return `${formatNumber(capacity.requestsPerSecond, 3)} requests/s at ${formatInt(capacity.concurrency)} in flight`;
}

/**
 * The sizing of one model from load.json in one sentence, as the report, summary.md and the CLI
 * summary write it: "2 servers at $0.80/h meet 10,000 requests a day at p95 ≤ 200 ms: $3.84 per 1k
 * requests, $1,168 per month". Null when load.json does not cover the model.
 */
export function sizingSentence(model: Pick<ModelSummary, 'capacity'>): string | null {
  const c = model.capacity;
  if (c === undefined) return null;
  if (c === null) return 'no load level met the latency target (or the suite sets none): no sizing';
  const target = targetText(c.target);
  const s = c.sizing;
  if (s === null) return `capacity ${capacityText(c)} at ${target}; no traffic to size for`;
  const servers = `${formatInt(s.servers)} server${s.servers === 1 ? '' : 's'}`;
  const verb = s.servers === 1 ? 'meets' : 'meet';
  const price = s.perHour === null ? '' : ` at ${formatUsd(s.perHour)}/h`;
  const cost =
    s.costPer1k === null ? `${COST_UNKNOWN} (no cost.perHour)` : formatCostLine(s.costPer1k, s.monthlyCost);
  return `${servers}${price} ${verb} ${formatInt(s.requestsPerDay)} requests a day at ${target}: ${cost}`;
}
