import { BATCH_PRICE_FACTOR, lookupFrontierModel } from '../models/frontier-models.js';
import { parseProviderId } from '../schema/provider-id.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunModelMeta } from '../schema/run-meta.js';
import { HOURS_PER_MONTH } from './size-capacity.js';

/** What cost needs to know of a model; `local` and prices come from run.json when it has them. */
export interface CostModel {
  provider: string;
  local: boolean;
  cost?: RunModelMeta['cost'];
  profile?: RunModelMeta['profile'];
  /** Calls the serving machine handles at once (the run's concurrency for this model). */
  concurrency: number;
  /** Its calls went through the Batch API: list prices at `BATCH_PRICE_FACTOR`. */
  batch?: boolean;
}

/**
 * A model as cost sees it, from its provider id and run.json's entry: local as run.json says, else by
 * runtime (Ollama and GGUF serve on this machine); the calls in flight the run gave it (else 1, the
 * run's default for a local model), which an hourly price is spread over.
 */
export function costModelOf(provider: string, meta: RunModelMeta | undefined): CostModel {
  return {
    provider,
    local: meta?.local ?? /^(ollama|gguf):/.test(provider),
    ...(meta?.cost ? { cost: meta.cost } : {}),
    ...(meta?.profile ? { profile: meta.profile } : {}),
    ...(meta?.batch ? { batch: true } : {}),
    concurrency: meta?.concurrency ?? 1,
  };
}

interface TokenPrices {
  inputPerMillion: number;
  outputPerMillion: number;
}

/**
 * Cost per 1,000 requests, in USD.
 * - A price per hour (`cost.perHour`, a local model's serving machine): perHour ÷ calls per hour × 1,000,
 *   where calls per hour = concurrency × 3,600,000 ÷ mean latency in ms: the throughput of a machine
 *   kept busy at the concurrency the run measured (Little's law). Null without a measured latency.
 * - Token prices (the suite's `cost:`, else the runtime's profile, else the built-in frontier table):
 *   the mean over answered calls of (input tokens × input price + output tokens × output price) ÷ 10^6,
 *   × 1,000. Calls without token counts are left out; null when no call has them.
 * - No price, but calls the runtime priced itself (a `file://` provider's `cost`): their mean × 1,000.
 * - A local model with no price: 0 (the machine is already paid for). A remote one: null (unknown).
 * Cached calls count with their original usage and timing: the cache is an eval convenience, not traffic.
 * When load.json sizes the model, compare uses that sizing's cost instead (`load-sizing`, size-capacity.ts).
 */
export function costPer1k(
  model: CostModel,
  results: readonly ResultRecord[],
  meanLatencyMs: number | null,
): number | null {
  return modelCost(model, results, meanLatencyMs).costPer1k;
}

/** How a model's cost per 1k was found (summary.json `costMethod`); null when it is unknown or free. */
export type CostMethod = 'prices' | 'reported' | 'per-hour-at-run-throughput' | 'load-sizing';

/** `costPer1k` and the method that gave it. */
export function modelCost(
  model: CostModel,
  results: readonly ResultRecord[],
  meanLatencyMs: number | null,
): { costPer1k: number | null; method: CostMethod | null } {
  const answered = results.filter((r) => r.error === null && r.skipped === null);
  const perHour = model.cost?.perHour;
  if (perHour !== undefined) {
    if (perHour === 0) return { costPer1k: 0, method: 'per-hour-at-run-throughput' };
    if (meanLatencyMs === null || !(meanLatencyMs > 0)) return { costPer1k: null, method: null };
    const callsPerHour = (Math.max(1, model.concurrency) * 3_600_000) / meanLatencyMs;
    return { costPer1k: (perHour / callsPerHour) * 1000, method: 'per-hour-at-run-throughput' };
  }
  const prices = tokenPrices(model);
  if (!prices) {
    // A runtime that prices its own calls (a file:// provider returning `cost`): the mean of those.
    const reported = answered.flatMap((r) => (r.cost !== undefined ? [r.cost] : []));
    if (reported.length > 0) {
      const mean = reported.reduce((a, b) => a + b, 0) / reported.length;
      return { costPer1k: mean * 1000, method: 'reported' };
    }
    return { costPer1k: model.local ? 0 : null, method: null };
  }
  let total = 0;
  let calls = 0;
  for (const r of answered) {
    if (r.usage.input === null || r.usage.output === null) continue;
    total += (r.usage.input * prices.inputPerMillion + r.usage.output * prices.outputPerMillion) / 1e6;
    calls++;
  }
  return calls === 0
    ? { costPer1k: null, method: null }
    : { costPer1k: (total / calls) * 1000, method: 'prices' };
}

/** Token prices in order of authority: the suite's, the runtime profile's, the built-in table's. */
function tokenPrices(model: CostModel): TokenPrices | null {
  const { cost } = model;
  if (cost && (cost.inputPerMillion !== undefined || cost.outputPerMillion !== undefined)) {
    return { inputPerMillion: cost.inputPerMillion ?? 0, outputPerMillion: cost.outputPerMillion ?? 0 };
  }
  const factor = model.batch ? BATCH_PRICE_FACTOR : 1;
  const listed = (p: TokenPrices): TokenPrices => ({
    inputPerMillion: p.inputPerMillion * factor,
    outputPerMillion: p.outputPerMillion * factor,
  });
  if (model.profile?.prices) return listed(model.profile.prices);
  if (model.local) return null;
  const parsed = parseProviderId(model.provider);
  if (!parsed.ok || parsed.ref.runtime !== 'openai') return null;
  const known = lookupFrontierModel(parsed.ref.model);
  return known
    ? listed({ inputPerMillion: known.inputPerMillion, outputPerMillion: known.outputPerMillion })
    : null;
}

/**
 * Monthly cost at `requestsPerDay` over one month of 730 hours (`HOURS_PER_MONTH`, 30.4167 days):
 * costPer1k × requestsPerDay × 730 / 24 / 1000.
 */
export function monthlyCost(costPer1kUsd: number | null, requestsPerDay: number): number | null {
  return costPer1kUsd === null ? null : (costPer1kUsd * requestsPerDay * (HOURS_PER_MONTH / 24)) / 1000;
}

/**
 * Cost per 1,000 requests of a cascade escalating a share e: the candidate answers every request and
 * the baseline the escalated ones as well, so both are paid for those: candidate + e·baseline (null
 * when a needed price is unknown). Like the routing blend, it takes an escalated request to cost what
 * the baseline's average request does.
 */
export function cascadeCostPer1k(
  e: number,
  candidate: number | null,
  baseline: number | null,
): number | null {
  if (candidate === null) return null;
  if (e === 0) return candidate;
  return baseline === null ? null : candidate + e * baseline;
}
