import { setTimeout as sleep } from 'node:timers/promises';
import type { GenerateRequest, GenerateResponse, Model } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import type { ModelConfig } from '../schema/model-config.js';
import { RESULT_SCHEMA_VERSION, type ResultRecord } from '../schema/result-record.js';
import type { Case } from '../suite/expand-cases.js';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs } from './retry-policy.js';

export interface RunModel {
  config: ModelConfig;
  model: Model;
  /** Calls in flight at once to this model. */
  concurrency: number;
  /** Local runtimes run one model at a time; remote ones alongside them. */
  local: boolean;
}

export interface RunCasesOptions {
  cases: Case[];
  /** By model label. */
  models: Map<string, RunModel>;
  /** Case ids already recorded (resume): never called again. */
  done: ReadonlySet<string>;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Ctrl-C: stop scheduling; calls in flight are abandoned and not recorded. */
  signal?: AbortSignal;
  onRecord: (record: ResultRecord) => void;
}

export interface RunCasesResult {
  recorded: number;
  errors: number;
  interrupted: boolean;
}

/**
 * Runs every case not yet done, with per-model concurrency, per-call timeouts and retries of
 * retryable errors only. Every finished call (success or final error) is handed to `onRecord` at
 * once, so the caller can make it durable before the next one finishes.
 */
export async function runCases(opts: RunCasesOptions): Promise<RunCasesResult> {
  const result: RunCasesResult = { recorded: 0, errors: 0, interrupted: false };
  const byModel = new Map<string, Case[]>();
  for (const c of opts.cases) {
    if (opts.done.has(c.id)) continue;
    const list = byModel.get(c.model) ?? [];
    list.push(c);
    byModel.set(c.model, list);
  }
  const runModel = async (label: string) => {
    const entry = opts.models.get(label);
    const queue = byModel.get(label) ?? [];
    if (!entry) throw new Error(`no model for label ${label}`);
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        if (opts.signal?.aborted) return;
        const record = await runOne(c, entry, opts);
        if (record === null) return; // interrupted
        opts.onRecord(record);
        result.recorded++;
        if (record.error) result.errors++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, entry.concurrency) }, worker));
  };
  const labels = [...byModel.keys()];
  const local = labels.filter((l) => opts.models.get(l)?.local);
  const remote = labels.filter((l) => !opts.models.get(l)?.local);
  await Promise.all([
    (async () => {
      for (const l of local) await runModel(l);
    })(),
    ...remote.map(runModel),
  ]);
  result.interrupted = opts.signal?.aborted ?? false;
  return result;
}

/** One case to completion: attempts with retries; null when interrupted (nothing to record). */
async function runOne(c: Case, entry: RunModel, opts: RunCasesOptions): Promise<ResultRecord | null> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  const options = { ...entry.config.options };
  // Repeats are independent samples: each gets its own seed.
  if (c.repeat > 0) options.seed = (options.seed ?? 0) + c.repeat;
  const request: GenerateRequest = {
    messages: c.messages,
    options,
    caseRef: { rowId: c.rowId, promptId: c.promptId, repeat: c.repeat },
  };
  const timeoutMs = entry.config.timeoutMs ?? opts.timeoutMs;
  const started = Date.now();
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const response = await callWithTimeout(entry.model, request, timeoutMs, opts.signal);
      return toRecord(c, { response, attempts });
    } catch (err) {
      if (opts.signal?.aborted) return null;
      const canRetry =
        isRetryable(err) && attempts < policy.maxAttempts && Date.now() - started < policy.maxTotalMs;
      if (!canRetry) return toRecord(c, { error: err, attempts });
      try {
        await sleep(retryDelayMs(err, attempts, policy), undefined, { signal: opts.signal });
      } catch {
        return null;
      }
    }
  }
}

async function callWithTimeout(
  model: Model,
  request: GenerateRequest,
  timeoutMs: number | undefined,
  outer: AbortSignal | undefined,
): Promise<GenerateResponse> {
  const timeout = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  const signals = [outer, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    return await model.generate(request, signal);
  } catch (err) {
    if (timeout?.aborted && !outer?.aborted) {
      throw new ModelError('timeout', `no answer within ${timeoutMs} ms`, { retryable: true, cause: err });
    }
    throw err;
  }
}

function toRecord(
  c: Case,
  outcome: { response: GenerateResponse; attempts: number } | { error: unknown; attempts: number },
): ResultRecord {
  const single = c.messages.length === 1 && c.messages[0]?.role === 'user';
  const base = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    caseId: c.id,
    rowId: c.rowId,
    promptId: c.promptId,
    model: c.model,
    provider: c.provider,
    role: c.role,
    repeat: c.repeat,
    input: single ? (c.messages[0]?.content ?? '') : c.messages,
    skipped: null,
    attempts: outcome.attempts,
    cached: false,
    finishedAt: new Date().toISOString(),
  } as const;
  if ('response' in outcome) {
    const r = outcome.response;
    return {
      ...base,
      output: r.text,
      error: null,
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      tokensPerSecond: r.tokensPerSecond,
      usage: r.usage,
      finishReason: r.finishReason,
      ...(r.promptTruncated ? { promptTruncated: true } : {}),
      raw: r.raw,
    };
  }
  const err = outcome.error;
  const error =
    err instanceof ModelError
      ? err.toRecord()
      : {
          type: 'runtime',
          message: err instanceof Error ? err.message : String(err),
          retryable: false,
          status: null,
        };
  return {
    ...base,
    output: null,
    error,
    latencyMs: null,
    ttftMs: null,
    tokensPerSecond: null,
    usage: { input: null, output: null },
    finishReason: null,
  };
}
