import type { ModelConfig } from '../schema/model-config.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile } from './model.js';
import { ModelError } from './model-error.js';
import { unknownProfile } from './unknown-profile.js';

/**
 * `answers: <column>` (the `dataset:` runtime): the answers a deployed model already gave, read from
 * the dataset's own column (production logs), so the baseline costs no call. The suite loader read
 * every row's answer, latency and tokens into `config.answers` and refused rows without one
 * (src/suite/row-answers.ts); this only hands them out. Latency is the latency column's, else null
 * (never a time measured here, which would be the time of a map lookup).
 */
export function createDatasetModel(config: ModelConfig): Model {
  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false });
    const rowId = request.caseRef?.rowId;
    const answer = rowId === undefined ? undefined : config.answers?.byRow.get(rowId);
    if (!answer) {
      throw new ModelError(
        'recorded_missing',
        `no answer in the dataset column "${config.answers?.column ?? config.ref.model}" for row "${rowId ?? '?'}"`,
        { retryable: false },
      );
    }
    return {
      text: answer.output,
      finishReason: null,
      usage: answer.usage,
      latencyMs: answer.latencyMs,
      ttftMs: null,
      tokensPerSecond: null,
      raw: { column: config.answers?.column ?? config.ref.model },
      // Asked for log-probabilities: a column of answers has none.
      ...({ ...config.options, ...request.options }.logprobs ? { logprobs: null } : {}),
    };
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    profile: async (): Promise<ModelProfile> => unknownProfile(config),
    check: async () => {},
    close: async () => {},
  };
}
