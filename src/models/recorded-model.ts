import path from 'node:path';
import type { LogprobSummary } from '../schema/escalation.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { CheckPlan } from './check-plan.js';
import { summarizeLogprobs } from './logprob-summary.js';
import { logprobsUnavailable } from './logprobs-unavailable.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile } from './model.js';
import { ModelError } from './model-error.js';
import { recordedCoverageProblem } from './recorded-coverage.js';
import {
  type CaseRef,
  lookupRecorded,
  type RecordedIndex,
  type RecordedRow,
  readRecordedFile,
  unknownFieldsWarning,
} from './recorded-file.js';
import { unknownProfile } from './unknown-profile.js';

/** A recorded model's check also takes the run's calls: a file that cannot answer them all fails it. */
export interface RecordedModel extends Model {
  check(signal?: AbortSignal, plan?: CheckPlan): Promise<void>;
}

/** Decode rate from the file's own figures, only when they allow it (≥2 output tokens, time after the first). */
function recordedTokensPerSecond(row: RecordedRow): number | null {
  const output = row.usage?.output;
  const { latencyMs, ttftMs } = row;
  if (output == null || latencyMs == null || ttftMs == null || output < 2) return null;
  const decodeMs = latencyMs - ttftMs;
  return decodeMs > 0 ? (output - 1) / (decodeMs / 1000) : null;
}

/**
 * What the row says of its tokens' log-probabilities: its list summarised, its summary as written, or its
 * `confidence: c` as one token of log-probability ln c, whose mean, min and first all give c back (a
 * confidence of 0 as the least positive number's log, which gives back 5e-324: below every threshold
 * but 0). Null when the row says nothing.
 */
export function recordedLogprobs(row: RecordedRow): LogprobSummary | null {
  if (Array.isArray(row.logprobs)) return summarizeLogprobs(row.logprobs);
  if (row.logprobs) return row.logprobs;
  if (row.confidence == null) return null;
  const ln = Math.log(Math.max(row.confidence, Number.MIN_VALUE));
  return { tokens: 1, mean: ln, min: ln, first: ln };
}

/**
 * The reference a recorded file's lines answer: the case's, with the row id replaced by the row's
 * value of the `key:` column when the file is keyed by one (request ids from production logs).
 */
export function recordedRef(config: ModelConfig, ref: CaseRef): CaseRef {
  const key = config.recordedKey?.byRow.get(ref.rowId);
  return key === undefined ? ref : { ...ref, rowId: key };
}

/**
 * `recorded:<file.jsonl>`: answers replayed from a file, looked up by the case's row (or its `key:`
 * column's value), prompt and repeat.
 */
export function createRecordedModel(config: ModelConfig, ctx: { baseDir: string }): RecordedModel {
  const file = path.resolve(ctx.baseDir, config.ref.model);
  // Read once, on first use; a broken file then fails every case with the same message.
  let index: Promise<RecordedIndex> | null = null;
  const load = (): Promise<RecordedIndex> => {
    index ??= readRecordedFile(file);
    return index;
  };
  let warned = false;
  const keyed = (ref: CaseRef): CaseRef => recordedRef(config, ref);

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false });
    const ref = request.caseRef;
    if (!ref) {
      throw new ModelError('recorded_missing', `recorded answers (${file}) need the case's row id`, {
        retryable: false,
      });
    }
    const row = lookupRecorded(await load(), keyed(ref));
    if (!row) {
      const key = config.recordedKey;
      const which = key
        ? `${key.column} "${keyed(ref).rowId}" (row "${ref.rowId}")`
        : `row id "${ref.rowId}"`;
      throw new ModelError(
        'recorded_missing',
        `no recorded answer for ${which} (prompt "${ref.promptId}", repeat ${ref.repeat}) in ${file}`,
        { retryable: false },
      );
    }
    return {
      text: row.output,
      finishReason: 'stop',
      usage: { input: row.usage?.input ?? null, output: row.usage?.output ?? null },
      latencyMs: row.latencyMs ?? null,
      ttftMs: row.ttftMs ?? null,
      tokensPerSecond: recordedTokensPerSecond(row),
      ...({ ...config.options, ...request.options }.logprobs ? { logprobs: recordedLogprobs(row) } : {}),
      raw: row,
    };
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    // A file knows nothing about the model that wrote it; only the suite's own override applies.
    profile: async (): Promise<ModelProfile> => unknownProfile(config),
    // With the run's calls: every one must have an answer, and unknown fields are told once per file.
    check: async (_signal?: AbortSignal, plan?: CheckPlan) => {
      const loaded = await load();
      const unavailable = logprobsUnavailable(config, null, loaded);
      if (unavailable) throw new ModelError('unsupported', unavailable, { retryable: false });
      if (!plan) return;
      if (!warned) {
        warned = true;
        const warning = unknownFieldsWarning(loaded, file);
        if (warning) plan.onWarning?.(warning);
      }
      const problem = recordedCoverageProblem(loaded, plan.calls.map(keyed), file);
      if (problem) throw new ModelError('recorded_missing', problem, { retryable: false });
    },
    close: async () => {},
  };
}
