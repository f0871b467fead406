import { BATCH_PRICE_FACTOR, lookupFrontierModel } from '../models/frontier-models.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';

/**
 * The price of one call in USD, for promptfoo's `cost` assertion: the price the runtime reported
 * itself (a `file://` provider's `cost`, as promptfoo reads it), else token usage × the suite's
 * prices, else the built-in frontier table (at the Batch API's price for a `batch: true` model, as
 * compare prices it). Null when the tokens or the prices are unknown (the
 * assertion is then unscored). A local model without token prices costs nothing per call.
 */
export function callCost(config: ModelConfig, record: ResultRecord): number | null {
  if (record.cost !== undefined) return record.cost;
  const { input, output } = record.usage;
  const table = config.ref.runtime === 'openai' ? lookupFrontierModel(config.ref.model) : null;
  const listed = (p: number | undefined) =>
    p === undefined ? undefined : p * (config.batch ? BATCH_PRICE_FACTOR : 1);
  const inPrice = config.cost?.inputPerMillion ?? listed(table?.inputPerMillion);
  const outPrice = config.cost?.outputPerMillion ?? listed(table?.outputPerMillion);
  if (inPrice === undefined && outPrice === undefined) {
    return config.ref.runtime === 'ollama' || config.ref.runtime === 'gguf' ? 0 : null;
  }
  if (input === null || output === null) return null;
  return (input * (inPrice ?? 0) + output * (outPrice ?? 0)) / 1_000_000;
}
