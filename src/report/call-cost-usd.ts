import { costModelOf, modelCost } from '../compare/model-cost.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunModelMeta } from '../schema/run-meta.js';

/**
 * One call's cost in USD, by the rules compare prices a model with (`modelCost`, src/compare/model-cost.ts):
 * token prices × this call's tokens; a price per hour × this call's share of the machine (its latency
 * at the run's concurrency); 0 for a local model without a price; null when unknown (a remote model
 * without prices, a call without token counts or latency, an errored call priced by tokens).
 * `modelCost` over this call alone gives its cost per 1,000 such calls.
 */
export function callCostUsd(record: ResultRecord, meta: RunModelMeta | undefined): number | null {
  const { costPer1k } = modelCost(
    costModelOf(meta?.provider ?? record.provider, meta),
    [record],
    record.latencyMs,
  );
  // ×1000 then ÷1000 leaves float noise in the last digits (0.00030000000000000003): 15 significant
  // digits are far beyond a cent and drop it.
  return costPer1k === null ? null : Number((costPer1k / 1000).toPrecision(15));
}
