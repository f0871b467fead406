import { dirname, join } from 'node:path';
import type { CheckPlan } from '../models/check-plan.js';
import { createModel, isLocalRuntime } from '../models/create-model.js';
import type { OnDownloadProgress } from '../models/gguf-download-progress.js';
import type { Model, ModelProfile } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import { type BatchState, createOpenAIBatchApi } from '../models/openai-batch.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import { RUN_FILE } from '../schema/run-files.js';
import type { Case } from '../suite/expand-cases.js';
import { UserError } from '../util/user-error.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { ResultsWriter, readResults } from './results-file.js';
import type { RetryPolicy } from './retry-policy.js';
import { buildRequest, type RunModel, runCases } from './run-cases.js';

export interface CallsOptions {
  env: Record<string, string | undefined>;
  /** Folder that relative model paths (gguf:, recorded:) are resolved against. */
  baseDir: string;
  /** Told how a model file download goes (the CLI draws it; models and the run stage print nothing). */
  onDownloadProgress?: OnDownloadProgress;
  /** Response cache folder; null bypasses the cache (`--no-cache`). */
  cacheDir: string | null;
  /** Calls in flight per model, over the model's own setting (`--concurrency`). */
  concurrency?: number;
  /** The suite's default per-model concurrency. */
  defaultConcurrency?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /** Told once models are checked and profiled, before the first call. */
  onReady?: (models: Map<string, RunModel>, profiles: Map<string, ModelProfile | null>) => void;
  onRecord?: (record: ResultRecord) => void;
  /**
   * Sequential runs: once the models are ready, `drive` is handed a function that makes the calls of
   * some of `cases` (those not recorded yet) and decides which to ask for next; without it, every case
   * is run at once. The models stay loaded between batches.
   */
  drive?: (runBatch: RunBatch) => Promise<void>;
  /** A `batch: true` model's batch moved on (created, in progress, finished): for the CLI to tell. */
  onBatchStatus?: (model: string, state: BatchState) => void;
  /** A fact about the run a person should know before it starts (one line each, at most one a model). */
  onWarning?: (line: string) => void;
}

/** Makes the calls of `batch` not yet recorded; the new records, and whether Ctrl-C cut it short. */
export type RunBatch = (batch: readonly Case[]) => Promise<{ records: ResultRecord[]; interrupted: boolean }>;

export interface CallsResult {
  /** The records of the given cases: those already in the file and the new ones. */
  records: ResultRecord[];
  newlyRecorded: number;
  interrupted: boolean;
  tornLines: number;
  /** Calls answered from the response cache in this invocation. */
  cachedHits: number;
}

/**
 * Default calls in flight when nobody chose and the server does not say: a local server serves one at
 * a time unless configured otherwise (Ollama's OLLAMA_NUM_PARALLEL is not exposed), remote APIs take more.
 */
function defaultConcurrency(local: boolean): number {
  return local ? 1 : 8;
}

/**
 * Makes the calls of `cases` not yet recorded in `resultsFile`, appending each as it finishes. Every
 * model with a call to make must answer its pre-flight check first (exit 3 otherwise). Used for the
 * suite's own calls and for judge calls alike, so both are cached, retried and recorded the same way.
 */
export async function executeCalls(
  cases: Case[],
  configs: ModelConfig[],
  resultsFile: string,
  opts: CallsOptions,
): Promise<CallsResult> {
  const { records: previous, tornLines } = readResults(resultsFile);
  const wanted = new Set(cases.map((c) => c.id));
  const kept = previous.filter((r) => wanted.has(r.caseId));
  const done = new Set(kept.map((r) => r.caseId));
  const cache = opts.cacheDir ? new ResponseCache(opts.cacheDir) : null;
  const models = new Map<string, RunModel>();
  // A flag over the model's own setting over the suite's; undefined when none of them says.
  const chosen = (config: ModelConfig) => opts.concurrency ?? config.concurrency ?? opts.defaultConcurrency;
  try {
    for (const config of configs) {
      const model = createModel(config, {
        baseDir: opts.baseDir,
        env: opts.env,
        ...(opts.onDownloadProgress ? { onDownloadProgress: opts.onDownloadProgress } : {}),
      });
      const local = isLocalRuntime(config, opts.env);
      const batch = config.batch ? createOpenAIBatchApi(config, opts.env) : null;
      models.set(config.label, {
        config,
        // A batch model answers through the Batch API: that is what its pre-flight must reach.
        model: batch ? { ...model, check: (signal) => batch.check(signal) } : model,
        local,
        ...(batch
          ? {
              batch: {
                api: batch,
                batchesFile: join(dirname(resultsFile), RUN_FILE.batches),
                ...(batchPollMs(opts.env) !== undefined ? { pollMs: batchPollMs(opts.env) } : {}),
                ...(opts.onBatchStatus ? { onStatus: opts.onBatchStatus } : {}),
              },
            }
          : {}),
        concurrency: chosen(config) ?? defaultConcurrency(local),
        ...(config.requestsPerMinute ? { limiter: new RateLimiter(config.requestsPerMinute) } : {}),
      });
    }
    // Only models with calls to make must answer now: a resumed or fully cached run works offline.
    const toCall = modelsToCall(cases, done, models, cache);
    // Each check is told the calls it must answer: recorded answers that miss rows fail here (exit 2),
    // before any call, not after every one.
    await checkModels(
      [...models.values()].filter((m) => toCall.has(m.config.label)).map((m) => m.model),
      opts.signal,
      (label) => ({
        calls: cases
          .filter((c) => c.model === label && !done.has(c.id))
          .map((c) => ({ rowId: c.rowId, promptId: c.promptId, repeat: c.repeat })),
        ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
      }),
    );
    // Ctrl-C during the checks or loads (a download, a model loading) is an interruption, not a failure.
    const interrupted = (): CallsResult => ({
      records: kept,
      newlyRecorded: 0,
      interrupted: true,
      tornLines,
      cachedHits: 0,
    });
    if (opts.signal?.aborted) return interrupted();
    const profiles = await readProfiles(models, toCall, opts.signal);
    if (opts.signal?.aborted) return interrupted();
    for (const [label, entry] of models) {
      const profile = profiles.get(label);
      // Nobody chose: as many calls as the server says it serves at once (llama.cpp's slots).
      if (chosen(entry.config) === undefined && profile?.parallelSlots)
        entry.concurrency = profile.parallelSlots;
      entry.contextWindow = profile?.contextWindow ?? null;
      entry.servingWindow = profile?.servingWindow ?? null;
      if (profile?.servingWindow === null)
        opts.onWarning?.(unknownServingWindow(entry.config, profile.contextWindow));
    }
    opts.onReady?.(models, profiles);

    const writer = new ResultsWriter(resultsFile);
    const fresh: ResultRecord[] = [];
    let recorded = 0;
    let stopped = false;
    const runBatch: RunBatch = async (batch) => {
      const made: ResultRecord[] = [];
      const outcome = await runCases({
        cases: [...batch],
        models,
        done,
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(cache ? { cache } : {}),
        onRecord: (r) => {
          writer.append(r);
          fresh.push(r);
          made.push(r);
          done.add(r.caseId);
          opts.onRecord?.(r);
        },
      });
      recorded += outcome.recorded;
      if (outcome.interrupted) stopped = true;
      return { records: made, interrupted: outcome.interrupted };
    };
    try {
      if (opts.drive) await opts.drive(runBatch);
      else await runBatch(cases);
    } finally {
      writer.close();
    }
    return {
      records: [...kept, ...fresh],
      newlyRecorded: recorded,
      interrupted: stopped || (opts.signal?.aborted ?? false),
      tornLines,
      cachedHits: fresh.filter((r) => r.cached).length,
    };
  } finally {
    await Promise.all([...models.values()].map((m) => m.model.close().catch(() => undefined)));
  }
}

/** Labels of the models that have at least one case neither recorded nor answerable from the cache. */
function modelsToCall(
  cases: Case[],
  done: ReadonlySet<string>,
  models: Map<string, RunModel>,
  cache: ResponseCache | null,
): Set<string> {
  const labels = new Set<string>();
  for (const c of cases) {
    if (done.has(c.id) || labels.has(c.model)) continue;
    const entry = models.get(c.model);
    if (!entry) continue;
    const key = cache ? ResponseCache.key(entry.config, buildRequest(c, entry.config)) : null;
    if (!key || !cache?.has(key)) labels.add(c.model);
  }
  return labels;
}

/**
 * What each runtime can tell about its model, for the context check and the report. Local models are
 * asked one after another, as they run: profiling may load a model, and two loading at once compete
 * for the same memory.
 */
async function readProfiles(
  models: Map<string, RunModel>,
  toCall: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, ModelProfile | null>> {
  const read = async ([label, m]: [string, RunModel]) => {
    // A model with nothing to call is not woken up (its profile may be in run.json already).
    if (!toCall.has(label)) return [label, null] as const;
    const profile = await m.model.profile(signal).catch(() => null);
    return [label, profile] as const;
  };
  const all = [...models.entries()];
  const local = async () => {
    const out: (readonly [string, ModelProfile | null])[] = [];
    for (const entry of all.filter(([, m]) => m.local)) out.push(await read(entry));
    return out;
  };
  const [fromLocal, fromRemote] = await Promise.all([
    local(),
    Promise.all(all.filter(([, m]) => !m.local).map(read)),
  ]);
  return new Map([...fromLocal, ...fromRemote]);
}

/** Today's check against the trained window stays, but a person should know it may be the wrong one. */
function unknownServingWindow(config: ModelConfig, trained: number | null): string {
  const against = trained === null ? 'not checked' : `checked against its trained window (${trained} tokens)`;
  return `${config.label}: the runtime did not tell the context window it serves this model with, so prompts are ${against} and one longer than the served window may be cut silently; set options.contextSize for this model`;
}

/** Every model answers its pre-flight check, or the run stops before the first call (exit 3). */
async function checkModels(
  models: Model[],
  signal: AbortSignal | undefined,
  planOf: (label: string) => CheckPlan,
): Promise<void> {
  const failures = await Promise.all(
    models.map((m) =>
      m.check(signal, planOf(m.label)).then(
        () => null,
        (err: unknown) => ({ model: m, err }),
      ),
    ),
  );
  const failed = failures.filter((f) => f !== null);
  // A check cut short by Ctrl-C did not fail: the caller reports the interruption.
  if (failed.length === 0 || signal?.aborted) return;
  const lines = failed.map(
    ({ model, err }) => `${model.label}: ${err instanceof Error ? err.message : String(err)}`,
  );
  // A broken answers file or a missing package is the user's to fix (2); a runtime that is down is 3.
  const userFixable = failed.every(
    ({ model, err }) =>
      model.provider.startsWith('recorded:') ||
      (err instanceof ModelError && (err.type === 'missing_dependency' || err.type === 'unsupported')),
  );
  throw new UserError(
    `${failed.length === 1 ? 'a model' : `${failed.length} models`} ${userFixable ? 'cannot run as configured' : 'cannot be reached'}, so nothing was run:\n  ${lines.join('\n  ')}`,
    {
      exitCode: userFixable ? 2 : 3,
    },
  );
}

/**
 * How often a batch is looked at: `RIGHTSIZE_BATCH_POLL_MS` when set (a fixed wait; tests and
 * impatient people), else 5 s doubling to 60 s (src/run/batch-calls.ts).
 */
function batchPollMs(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.RIGHTSIZE_BATCH_POLL_MS);
  return env.RIGHTSIZE_BATCH_POLL_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}
