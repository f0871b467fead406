import { setTimeout as sleep } from 'node:timers/promises';
import { ContextOverflowError } from '../models/context-overflow-error.js';
import type { GenerateRequest, GenerateResponse, Model } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import type { BatchApi, BatchState } from '../models/openai-batch.js';
import type { ModelConfig } from '../schema/model-config.js';
import { RESULT_SCHEMA_VERSION, type ResultRecord } from '../schema/result-record.js';
import type { Case } from '../suite/expand-cases.js';
import { runBatchCases } from './batch-calls.js';
import { type ContextFit, contextFit, contextLimit } from './context-fit.js';
import type { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs } from './retry-policy.js';

/**
 * Per call when neither the model nor the suite sets `timeoutMs`: the ten minutes the official
 * OpenAI client waited by default, now the run stage's, for every runtime alike (a hung local
 * server must not hang the run).
 */
export const DEFAULT_CALL_TIMEOUT_MS = 600_000;

export interface RunModel {
  config: ModelConfig;
  model: Model;
  /** Calls in flight at once to this model. */
  concurrency: number;
  /** Local runtimes run one model at a time; remote ones alongside them. */
  local: boolean;
  /** The model's context window from its profile (null: unknown, never skip). */
  contextWindow?: number | null;
  /** The window the runtime serves the model with, from its profile; checked before the trained one. */
  servingWindow?: number | null;
  /** The model's requests-per-minute limit, shared by its workers. */
  limiter?: RateLimiter;
  /** Calls to this model in flight right now (each record says how many there were when it was sent). */
  inFlight?: number;
  /** `batch: true`: the model's calls go through the Batch API as one batch (src/run/batch-calls.ts). */
  batch?: {
    api: BatchApi;
    batchesFile: string;
    pollMs?: number;
    onStatus?: (model: string, state: BatchState) => void;
  };
}

export interface RunCasesOptions {
  cases: Case[];
  /** By model label. */
  models: Map<string, RunModel>;
  /** Case ids already recorded (resume): never called again. */
  done: ReadonlySet<string>;
  /** The per-call time limit when the model sets none (`callWithTimeout`: the only one a call has). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Ctrl-C: stop scheduling; calls in flight are abandoned and not recorded. */
  signal?: AbortSignal;
  /** Answers of deterministic calls, reused instead of calling again. */
  cache?: ResponseCache;
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
    if (entry.batch) {
      const batched = await runBatchCases(queue, entry, {
        api: entry.batch.api,
        batchesFile: entry.batch.batchesFile,
        ...(entry.batch.pollMs !== undefined ? { pollMs: entry.batch.pollMs } : {}),
        ...(entry.batch.onStatus ? { onStatus: entry.batch.onStatus } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.cache ? { cache: opts.cache } : {}),
        request: (c) => buildRequest(c, entry.config),
        record: (c, outcome) => toRecord(c, outcome, false),
        onRecord: opts.onRecord,
      });
      result.recorded += batched.recorded;
      result.errors += batched.errors;
      return;
    }
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

/** The request a case makes: its messages, and the model's options with the repeat's own seed. */
export function buildRequest(c: Case, config: ModelConfig): GenerateRequest {
  const options = { ...config.options, ...c.options };
  // Repeats are independent samples: each gets its own seed.
  if (c.repeat > 0) options.seed = (options.seed ?? 0) + c.repeat;
  return {
    messages: c.messages,
    options,
    caseRef: { rowId: c.rowId, promptId: c.promptId, repeat: c.repeat },
    ...(c.vars ? { vars: c.vars } : {}),
  };
}

/** One case to completion: attempts with retries; null when interrupted (nothing to record). */
async function runOne(c: Case, entry: RunModel, opts: RunCasesOptions): Promise<ResultRecord | null> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  const request = buildRequest(c, entry.config);
  // An endpoint pool's records name the server that answered (null: none did).
  const record = (outcome: Outcome) => toRecord(c, outcome, entry.config.endpoints !== undefined);
  // The cache first: a hit is this model's real answer to exactly this request (options and messages
  // are in the key), and a fully cached run must not wake a model just to count tokens.
  const key = opts.cache ? ResponseCache.key(entry.config, request) : null;
  const hit = key && opts.cache ? opts.cache.get(key) : null;
  if (hit) return record({ response: hit, attempts: 0, cached: true });
  const window = contextLimit(request.options.contextSize, entry.servingWindow, entry.contextWindow ?? null);
  // It only throws when interrupted (a model still loading to count); a failed count falls back to the estimate.
  const fit = await contextFit(entry.model, request, window, opts.signal).catch(() => undefined);
  if (fit === undefined) return null;
  if (fit && !fit.fits) return record({ skipped: 'context_overflow', fit });
  const timeoutMs = entry.config.timeoutMs ?? opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const started = Date.now();
  let attempts = 0;
  let inFlight: number | null = null;
  for (;;) {
    attempts++;
    try {
      await entry.limiter?.take(opts.signal);
      entry.inFlight = (entry.inFlight ?? 0) + 1;
      inFlight = entry.inFlight;
      let response: GenerateResponse;
      try {
        response = await callWithTimeout(entry.model, request, timeoutMs, opts.signal);
      } finally {
        entry.inFlight--;
      }
      if (key && opts.cache) opts.cache.put(key, response);
      return record({ response, attempts, cached: false, inFlight });
    } catch (err) {
      if (opts.signal?.aborted) return null;
      // The runtime's own check against the window it really runs with: the same outcome as ours above.
      if (err instanceof ContextOverflowError) {
        const fit: ContextFit = {
          method: 'exact',
          promptTokens: err.promptTokens,
          window: err.window,
          fits: false,
        };
        return record({ skipped: 'context_overflow', fit, attempts });
      }
      const canRetry =
        isRetryable(err) && attempts < policy.maxAttempts && Date.now() - started < policy.maxTotalMs;
      if (!canRetry) return record({ error: err, attempts, inFlight });
      try {
        await sleep(retryDelayMs(err, attempts, policy), undefined, { signal: opts.signal });
      } catch {
        return null;
      }
    }
  }
}

/**
 * One call under the per-call time limit. This is its only owner: adapters arm no timer of their own
 * (they only honour the signal they are given), so a call that runs out of time is always recorded as
 * this one error, whatever the runtime. A model is profiled, so loaded, before its first call: a load
 * is not timed.
 */
export async function callWithTimeout(
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

type Outcome =
  | { response: GenerateResponse; attempts: number; cached: boolean; inFlight?: number | null }
  | { error: unknown; attempts: number; inFlight?: number | null }
  | { skipped: 'context_overflow'; fit: ContextFit; attempts?: number };

function toRecord(c: Case, outcome: Outcome, pooled: boolean): ResultRecord {
  const single = c.messages.length === 1 && c.messages[0]?.role === 'user';
  const endpoint =
    'response' in outcome
      ? (outcome.response.endpoint ?? null)
      : 'error' in outcome && outcome.error instanceof ModelError
        ? outcome.error.endpoint
        : null;
  const base = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    caseId: c.id,
    rowId: c.rowId,
    promptId: c.promptId,
    model: c.model,
    provider: c.provider,
    role: c.role,
    repeat: c.repeat,
    ...(c.sequence !== undefined ? { sequence: c.sequence } : {}),
    ...(pooled ? { endpoint } : {}),
    input: single ? (c.messages[0]?.content ?? '') : c.messages,
    finishedAt: new Date().toISOString(),
  } as const;
  const none = {
    inFlight: null,
    latencyMs: null,
    ttftMs: null,
    tokensPerSecond: null,
    usage: { input: null, output: null },
    finishReason: null,
  };
  if ('skipped' in outcome) {
    return {
      ...base,
      output: null,
      error: null,
      skipped: outcome.skipped,
      attempts: outcome.attempts ?? 0,
      cached: false,
      ...none,
      // How the prompt was measured (exact tokenizer or estimate) and against which window, for audit.
      raw: {
        contextFit: {
          method: outcome.fit.method,
          promptTokens: outcome.fit.promptTokens,
          window: outcome.fit.window,
        },
      },
    };
  }
  if ('response' in outcome) {
    const r = outcome.response;
    return {
      ...base,
      skipped: null,
      attempts: outcome.attempts,
      cached: outcome.cached,
      output: r.text,
      error: null,
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      tokensPerSecond: r.tokensPerSecond,
      usage: r.usage,
      finishReason: r.finishReason,
      ...(r.cost !== undefined ? { cost: r.cost } : {}),
      ...(r.promptTruncated ? { promptTruncated: true } : {}),
      inFlight: outcome.inFlight ?? null,
      // Only when the request asked for them; null when the runtime gave none.
      ...(r.logprobs !== undefined ? { logprobs: r.logprobs } : {}),
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
    skipped: null,
    attempts: outcome.attempts,
    cached: false,
    ...none,
    inFlight: outcome.inFlight ?? null,
  };
}
