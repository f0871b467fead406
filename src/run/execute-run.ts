import { isLocalRuntime } from '../models/create-model.js';
import type { OnDownloadProgress } from '../models/gguf-download-progress.js';
import type { ModelProfile } from '../models/model.js';
import { JUDGE_ASSERTIONS } from '../schema/assertion-types.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import { type RunMeta, runEscalationPolicy } from '../schema/run-meta.js';
import { expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { type CallsResult, executeCalls } from './execute-calls.js';
import { readResults } from './results-file.js';
import type { RetryPolicy } from './retry-policy.js';
import type { RunModel } from './run-cases.js';
import { type RunDir, writeRunMeta } from './run-dir.js';

export interface ExecuteOptions {
  env: Record<string, string | undefined>;
  /** Told how a model file download goes, before the first call (the CLI draws it). */
  onDownloadProgress?: OnDownloadProgress;
  concurrency?: number;
  repeat?: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Response cache folder; null bypasses the cache (`--no-cache`). */
  cacheDir: string | null;
  /** Told about every planned call before the run and each record as it lands (progress). */
  onPlan?: (plan: RunPlan) => void;
  onRecord?: (record: ResultRecord) => void;
  /** Facts to tell before the first call (e.g. a model whose serving window is unknown). */
  onWarning?: (line: string) => void;
  /** Decision flags given to `run` (margin, confidence, gate): recorded in run.json with the suite's settings. */
  overrides?: RunMeta['overrides'];
}

/** The calls a run will make, per model: local models run one after another, remote ones alongside. */
export interface RunPlan {
  total: number;
  alreadyDone: number;
  models: { label: string; total: number; alreadyDone: number; local: boolean }[];
}

export interface ExecuteResult extends CallsResult {
  total: number;
  errors: number;
}

/**
 * The run stage: expands the suite, checks every model with calls to make can answer (fails fast
 * otherwise), and runs the calls not yet in the run directory, appending each to results.jsonl as it
 * finishes. run.json gets the models (with what their runtimes told) and the settings compare needs.
 */
export async function executeRun(suite: Suite, runDir: RunDir, opts: ExecuteOptions): Promise<ExecuteResult> {
  const effective = opts.repeat ? { ...suite, repeat: opts.repeat } : suite;
  const cases = expandCases(effective, templateEnvFrom(opts.env));
  const wanted = new Set(cases.map((c) => c.id));
  const recorded = readResults(runDir.resultsFile).records.filter((r) => wanted.has(r.caseId));
  // run.json is whole before anything can fail: a run that never got to call (a model unreachable)
  // still says what it planned, so compare cannot mistake it for a run without candidates.
  const planned = Object.fromEntries(
    suite.models.map((m) => [m.label, cases.filter((c) => c.model === m.label).length]),
  );
  writeRunMeta(runDir, snapshot(runDir.meta, suite, planned, opts, new Map(), new Map()));
  opts.onPlan?.({
    total: cases.length,
    alreadyDone: recorded.length,
    models: suite.models.map((m) => ({
      label: m.label,
      total: cases.filter((c) => c.model === m.label).length,
      alreadyDone: recorded.filter((r) => r.model === m.label).length,
      local: isLocalRuntime(m, opts.env),
    })),
  });
  const result = await executeCalls(cases, suite.models, runDir.resultsFile, {
    env: opts.env,
    ...(opts.onDownloadProgress ? { onDownloadProgress: opts.onDownloadProgress } : {}),
    baseDir: suite.dir,
    cacheDir: opts.cacheDir,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(suite.concurrency ? { defaultConcurrency: suite.concurrency } : {}),
    ...(suite.timeoutMs ? { timeoutMs: suite.timeoutMs } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onRecord ? { onRecord: opts.onRecord } : {}),
    ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
    onReady: (models, profiles) =>
      writeRunMeta(runDir, snapshot(runDir.meta, suite, planned, opts, models, profiles)),
  });
  return {
    ...result,
    total: cases.length,
    errors: result.records.filter((r) => r.error).length,
  };
}

/** run.json's description of the run: models without secrets, and the settings compare needs. */
function snapshot(
  meta: RunMeta,
  suite: Suite,
  planned: Record<string, number>,
  opts: ExecuteOptions,
  models: Map<string, RunModel>,
  profiles: Map<string, ModelProfile | null>,
): RunMeta {
  const earlier = new Map((meta.models ?? []).map((m) => [m.label, m.profile]));
  const earlierConcurrency = new Map((meta.models ?? []).map((m) => [m.label, m.concurrency]));
  const describe = (config: ModelConfig, local: boolean, concurrency?: number) => ({
    label: config.label,
    provider: config.provider,
    role: config.role,
    local,
    ...(concurrency ? { concurrency } : {}),
    ...(config.cost ? { cost: config.cost } : {}),
    profile: profiles.get(config.label) ?? earlier.get(config.label) ?? null,
  });
  // Before the models are checked, each is described from its config; their runtimes fill in the rest.
  const described = suite.models.map((config) => {
    const m = models.get(config.label);
    return m
      ? describe(m.config, m.local, m.concurrency)
      : describe(config, isLocalRuntime(config, opts.env), earlierConcurrency.get(config.label));
  });
  if (
    suite.judge &&
    !models.has(suite.judge.label) &&
    !suite.models.some((m) => m.label === suite.judge?.label)
  )
    described.push(describe(suite.judge, isLocalRuntime(suite.judge, opts.env)));
  const baseline = suite.models.find((m) => m.role === 'baseline');
  // Compare simulates each candidate's cascades from the records and these policies (no checks kept:
  // an assertion may name a judge with its credentials). `?? []`: a Suite built by hand may lack them.
  const escalation = Object.fromEntries(
    [...(suite.escalation ?? [])].map(([label, policies]) => [label, policies.map(runEscalationPolicy)]),
  );
  return {
    ...meta,
    models: described,
    planned,
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
    settings: {
      margin: suite.margin,
      confidence: suite.confidence,
      slices: suite.slices,
      gate: suite.gate,
      requestsPerDay: suite.requestsPerDay,
      ...(suite.peakFactor !== undefined ? { peakFactor: suite.peakFactor } : {}),
      ...(suite.peakRequestsPerSecond !== undefined
        ? { peakRequestsPerSecond: suite.peakRequestsPerSecond }
        : {}),
      seed: suite.seed,
      judge: suite.judge
        ? { model: suite.judge.label, defaulted: false }
        : usesJudge(suite) && baseline
          ? { model: baseline.label, defaulted: true }
          : null,
      ...(Object.keys(escalation).length > 0 ? { escalation } : {}),
    },
  };
}

function usesJudge(suite: Suite): boolean {
  const judged = new Set<string>(JUDGE_ASSERTIONS.flatMap((t) => [t, `not-${t}`]));
  return [...suite.assert, ...suite.rows.flatMap((r) => r.assert)].some((a) => judged.has(a.type));
}
