import { createModel, isLocalRuntime } from '../models/create-model.js';
import type { Model, ModelProfile } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
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
  /** `--quiet`: models draw nothing (no download bar). */
  quiet?: boolean;
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
}

export interface CallsResult {
  /** The records of the given cases: those already in the file and the new ones. */
  records: ResultRecord[];
  newlyRecorded: number;
  interrupted: boolean;
  tornLines: number;
  /** Calls answered from the response cache in this invocation. */
  cachedHits: number;
}

/** Default calls in flight: local runtimes serve one or two at a time well; remote APIs take more. */
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
  try {
    for (const config of configs) {
      const model = createModel(config, { baseDir: opts.baseDir, env: opts.env, quiet: opts.quiet === true });
      const local = isLocalRuntime(config);
      models.set(config.label, {
        config,
        model,
        local,
        concurrency:
          opts.concurrency ?? config.concurrency ?? opts.defaultConcurrency ?? defaultConcurrency(local),
        ...(config.requestsPerMinute ? { limiter: new RateLimiter(config.requestsPerMinute) } : {}),
      });
    }
    // Only models with calls to make must answer now: a resumed or fully cached run works offline.
    const toCall = modelsToCall(cases, done, models, cache);
    await checkModels(
      [...models.values()].filter((m) => toCall.has(m.config.label)).map((m) => m.model),
      opts.signal,
    );
    const profiles = await readProfiles(models, toCall);
    for (const [label, entry] of models) entry.contextWindow = profiles.get(label)?.contextWindow ?? null;
    opts.onReady?.(models, profiles);

    const writer = new ResultsWriter(resultsFile);
    const fresh: ResultRecord[] = [];
    let outcome: Awaited<ReturnType<typeof runCases>>;
    try {
      outcome = await runCases({
        cases,
        models,
        done,
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(cache ? { cache } : {}),
        onRecord: (r) => {
          writer.append(r);
          fresh.push(r);
          opts.onRecord?.(r);
        },
      });
    } finally {
      writer.close();
    }
    return {
      records: [...kept, ...fresh],
      newlyRecorded: outcome.recorded,
      interrupted: outcome.interrupted,
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

/** What each runtime can tell about its model, for the context check and the report. */
async function readProfiles(
  models: Map<string, RunModel>,
  toCall: ReadonlySet<string>,
): Promise<Map<string, ModelProfile | null>> {
  const entries = await Promise.all(
    [...models.entries()].map(async ([label, m]) => {
      // A model with nothing to call is not woken up (its profile may be in run.json already).
      if (!toCall.has(label)) return [label, null] as const;
      const profile = await m.model.profile().catch(() => null);
      return [label, profile] as const;
    }),
  );
  return new Map(entries);
}

/** Every model answers its pre-flight check, or the run stops before the first call (exit 3). */
async function checkModels(models: Model[], signal?: AbortSignal): Promise<void> {
  const failures = await Promise.all(
    models.map((m) =>
      m.check(signal).then(
        () => null,
        (err: unknown) => ({ model: m, err }),
      ),
    ),
  );
  const failed = failures.filter((f) => f !== null);
  if (failed.length === 0) return;
  const lines = failed.map(
    ({ model, err }) => `${model.label}: ${err instanceof Error ? err.message : String(err)}`,
  );
  // A broken answers file or a missing package is the user's to fix (2); a runtime that is down is 3.
  const userFixable = failed.every(
    ({ model, err }) =>
      model.provider.startsWith('recorded:') ||
      (err instanceof ModelError && err.type === 'missing_dependency'),
  );
  throw new UserError(
    `${failed.length === 1 ? 'a model cannot' : `${failed.length} models cannot`} be reached, so nothing was run:\n  ${lines.join('\n  ')}`,
    {
      exitCode: userFixable ? 2 : 3,
    },
  );
}
