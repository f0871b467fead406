import { createModel, isLocalRuntime } from '../models/create-model.js';
import type { Model, ModelProfile } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import { JUDGE_ASSERTIONS } from '../schema/assertion-types.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import { type Case, expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { UserError } from '../util/user-error.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { ResultsWriter, readResults } from './results-file.js';
import type { RetryPolicy } from './retry-policy.js';
import { buildRequest, type RunModel, runCases } from './run-cases.js';
import { type RunDir, writeRunMeta } from './run-dir.js';

export interface ExecuteOptions {
  env: Record<string, string | undefined>;
  concurrency?: number;
  repeat?: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Response cache folder; null bypasses the cache (`--no-cache`). */
  cacheDir: string | null;
  /** Told about every planned call before the run and each record as it lands (progress). */
  onPlan?: (plan: { total: number; alreadyDone: number }) => void;
  onRecord?: (record: ResultRecord) => void;
}

export interface ExecuteResult {
  records: ResultRecord[];
  total: number;
  newlyRecorded: number;
  errors: number;
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
 * The run stage: expands the suite, checks every model can answer (fails fast otherwise), and runs
 * the calls not yet in the run directory, appending each to results.jsonl as it finishes.
 */
export async function executeRun(suite: Suite, runDir: RunDir, opts: ExecuteOptions): Promise<ExecuteResult> {
  const effective = opts.repeat ? { ...suite, repeat: opts.repeat } : suite;
  const cases = expandCases(effective, templateEnvFrom(opts.env));
  const { records: previous, tornLines } = readResults(runDir.resultsFile);
  const wanted = new Set(cases.map((c) => c.id));
  const done = new Set(previous.filter((r) => wanted.has(r.caseId)).map((r) => r.caseId));
  opts.onPlan?.({ total: cases.length, alreadyDone: done.size });

  const cache = opts.cacheDir ? new ResponseCache(opts.cacheDir) : null;
  const models = new Map<string, RunModel>();
  try {
    for (const config of suite.models) {
      const model = createModel(config, { baseDir: suite.dir, env: opts.env });
      const local = isLocalRuntime(config);
      models.set(config.label, {
        config,
        model,
        local,
        concurrency: opts.concurrency ?? config.concurrency ?? suite.concurrency ?? defaultConcurrency(local),
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
    writeRunMeta(runDir, snapshot(runDir.meta, suite, models, profiles));

    const writer = new ResultsWriter(runDir.resultsFile);
    const fresh: ResultRecord[] = [];
    let outcome: Awaited<ReturnType<typeof runCases>>;
    try {
      outcome = await runCases({
        cases,
        models,
        done,
        timeoutMs: suite.timeoutMs,
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
    const kept = previous.filter((r) => wanted.has(r.caseId));
    return {
      records: [...kept, ...fresh],
      total: cases.length,
      newlyRecorded: outcome.recorded,
      errors: [...kept, ...fresh].filter((r) => r.error).length,
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

/**
 * What each runtime can tell about its model, for the context check and the report. A model with
 * nothing to call is not woken up for it (its profile may already be in run.json from an earlier run).
 */
async function readProfiles(
  models: Map<string, RunModel>,
  toCall: ReadonlySet<string>,
): Promise<Map<string, ModelProfile | null>> {
  const entries = await Promise.all(
    [...models.entries()].map(async ([label, m]) => {
      if (!toCall.has(label)) return [label, null] as const;
      const profile = await m.model.profile().catch(() => null);
      return [label, profile] as const;
    }),
  );
  return new Map(entries);
}

/** run.json's description of the run: models without secrets, and the settings compare needs. */
function snapshot(
  meta: RunMeta,
  suite: Suite,
  models: Map<string, RunModel>,
  profiles: Map<string, ModelProfile | null>,
): RunMeta {
  const earlier = new Map((meta.models ?? []).map((m) => [m.label, m.profile]));
  const describe = (config: ModelConfig, local: boolean) => ({
    label: config.label,
    provider: config.provider,
    role: config.role,
    local,
    ...(config.cost ? { cost: config.cost } : {}),
    profile: profiles.get(config.label) ?? earlier.get(config.label) ?? null,
  });
  const described = [...models.values()].map((m) => describe(m.config, m.local));
  if (suite.judge && !models.has(suite.judge.label))
    described.push(describe(suite.judge, isLocalRuntime(suite.judge)));
  const baseline = suite.models.find((m) => m.role === 'baseline');
  return {
    ...meta,
    models: described,
    settings: {
      margin: suite.margin,
      confidence: suite.confidence,
      slices: suite.slices,
      gate: suite.gate,
      requestsPerDay: suite.requestsPerDay,
      seed: suite.seed,
      judge: suite.judge
        ? { model: suite.judge.label, defaulted: false }
        : usesJudge(suite) && baseline
          ? { model: baseline.label, defaulted: true }
          : null,
    },
  };
}

function usesJudge(suite: Suite): boolean {
  const judged = new Set<string>(JUDGE_ASSERTIONS.flatMap((t) => [t, `not-${t}`]));
  return [...suite.assert, ...suite.rows.flatMap((r) => r.assert)].some((a) => judged.has(a.type));
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
