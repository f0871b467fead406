import type { ModelConfig } from '../schema/model-config.js';
import { isOpenAIBaseURL } from './openai-base-url.js';
import type { RecordedIndex } from './recorded-file.js';

/** OpenAI's reasoning models (o1, o3, o4-mini, ...) refuse `logprobs` (openai-request.ts does not ask). */
const REASONING = /^o\d/;

/**
 * Why this model can give no token log-probabilities although a confidence policy asks for them
 * (`options.logprobs`), as far as can be known before any call: OpenAI's reasoning models refuse
 * them, and a `recorded:` file with no `logprobs` or `confidence` on any row has none to replay.
 * Null when it may give them (a server that turns out not to is recorded as null confidence).
 */
export function logprobsUnavailable(
  config: ModelConfig,
  baseURL: string | null,
  recorded: RecordedIndex | null,
): string | null {
  if (!config.options.logprobs) return null;
  const fix = 'use `from: repeats` (with `repeat:` 2 or more), or a candidate that gives log-probabilities';
  if (
    config.ref.runtime === 'openai' &&
    baseURL &&
    isOpenAIBaseURL(baseURL) &&
    REASONING.test(config.ref.model)
  )
    return `${config.label}: an escalation policy reads confidence from logprobs, but OpenAI's reasoning models (${config.ref.model}) give no token log-probabilities; ${fix}`;
  if (config.ref.runtime === 'recorded' && recorded) {
    const any = [...recorded.rows.values()].some((r) => r.logprobs != null || r.confidence != null);
    if (!any)
      return `${config.label}: an escalation policy reads confidence from logprobs, but no row of ${config.ref.model} carries \`logprobs\` or \`confidence\`; add them to the rows, or ${fix}`;
  }
  return null;
}
