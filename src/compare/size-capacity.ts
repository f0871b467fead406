import type { Sizing } from '../schema/load-record.js';

/**
 * One month length everywhere: 730 hours (8,760 hours a year ÷ 12, i.e. 30.4167 days), the figure
 * cloud providers bill a month by. Monthly costs, sizing and costs per request all use it.
 */
export const HOURS_PER_MONTH = 730;

/** Peak traffic over the daily mean when the suite gives no `traffic.peakFactor`. */
export const DEFAULT_PEAK_FACTOR = 3;

export interface Capacity {
  concurrency: number;
  requestsPerSecond: number;
}

export interface Traffic {
  requestsPerDay: number;
  peakFactor?: number;
  peakRequestsPerSecond?: number;
}

/** Peak requests per second: the suite's own figure, else requestsPerDay ÷ 86,400 × peakFactor. */
export function peakRequestsPerSecond(traffic: Traffic): number {
  if (traffic.peakRequestsPerSecond !== undefined) return traffic.peakRequestsPerSecond;
  return (traffic.requestsPerDay / 86_400) * (traffic.peakFactor ?? DEFAULT_PEAK_FACTOR);
}

/**
 * Servers and cost for a traffic at a measured capacity (docs/verdict.md, Sizing):
 *
 *     peak        = traffic.peakRequestsPerSecond, else requestsPerDay / 86,400 × peakFactor (default 3)
 *     servers     = max(1, ⌈peak / capacity.requestsPerSecond⌉)
 *     monthlyCost = servers × perHour × 730                          (null without perHour)
 *     costPer1k   = monthlyCost / (requestsPerDay × 730 / 24) × 1000  (the requests served in those 730 hours)
 *
 * The servers are paid for the whole month at the size the peak needs, so the cost per request is
 * the month's bill over the month's requests, not the per-request cost at full load.
 */
export function sizeCapacity(capacity: Capacity, traffic: Traffic, perHour: number | null): Sizing {
  const peak = peakRequestsPerSecond(traffic);
  // The tolerance keeps a peak of exactly two servers' throughput at 2, not 3 by a rounding error.
  const servers = Math.max(1, Math.ceil(peak / capacity.requestsPerSecond - 1e-9));
  const monthlyCost = perHour === null ? null : servers * perHour * HOURS_PER_MONTH;
  const requestsPerMonth = (traffic.requestsPerDay * HOURS_PER_MONTH) / 24;
  const costPer1k = monthlyCost === null ? null : (monthlyCost / requestsPerMonth) * 1000;
  return { peakRequestsPerSecond: peak, servers, monthlyCost, costPer1k };
}
