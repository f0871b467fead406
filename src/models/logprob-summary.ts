import type { LogprobSummary } from '../schema/escalation.js';
import { field, num } from '../util/unknown-value.js';

/**
 * The summary of an answer's token log-probabilities (natural logs, in answer order): their count, mean,
 * minimum and the first token's. Null when there are none, or when one is not a finite number (a token
 * the runtime could not score): a summary over the others would claim a confidence nobody measured.
 */
export function summarizeLogprobs(values: readonly number[]): LogprobSummary | null {
  if (values.length === 0 || !values.every(Number.isFinite)) return null;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
  }
  return { tokens: values.length, mean: sum / values.length, min, first: values[0] as number };
}

/**
 * The `logprob` of each entry of a runtime's per-token list (OpenAI's `logprobs.content[]`, Ollama's
 * `logprobs[]`: `{ token, logprob, bytes, top_logprobs }`); NaN for an entry without a numeric one, so
 * that the summary refuses it. Null when `list` is not a list (the runtime sent none).
 */
export function tokenLogprobs(list: unknown): number[] | null {
  if (!Array.isArray(list)) return null;
  return list.map((entry) => num(field(entry, 'logprob')) ?? Number.NaN);
}
