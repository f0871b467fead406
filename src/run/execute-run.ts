import { isLocalRuntime } from '../models/create-model.js';
import type { OnDownloadProgress } from '../models/gguf-download-progress.js';
import type { ModelProfile } from '../models/model.js';
import type { BatchState } from '../models/openai-batch.js';
import { JUDGE_ASSERTIONS } from '../schema/assertion-types.js';
import type { RunDecide } from '../schema/decide.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import { type RunMeta, runEscalationPolicy } from '../schema/run-meta.js';
import { type Case, expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { UserError } from '../util/user-error.js';
import { type CallsResult, executeCalls, type RunBatch } from './execute-calls.js';
import { readResults } from './results-file.js';
import type { RetryPolicy } from './retry-policy.js';
import type { RunModel } from './run-cases.js';
import { type RunDir, writeRunMeta } from './run-dir.js';
import { runFingerprint } from './run-fingerprint.js';
import { sequentialKey, sequentialOrder } from './sequential-order.js';
import { describeShard, type Shard, shardRows } from './shard-rows.js';

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
  /** A `batch: true` model's batch moved on. */
  onBatchStatus?: (model: string, state: BatchState) => void;
  /** Decision flags given to `run` (margin, confidence, gate): recorded in run.json with the suite's settings. */
  overrides?: RunMeta['overrides'];
  /**
   * Required when the suite decides sequentially: which candidates still need calls, given every
   * baseline and candidate record so far (the caller scores them and replays the looks). Asked at the
   * start and after each batch that made calls; the baseline is called while any candidate is left.
   */
  sequential?: { active: (records: readonly ResultRecord[]) => Promise<ReadonlySet<string>> };
  /** Run only this shard's rows (`--shard K/N`; fixed-sample runs only): `rightsize merge` joins the shards. */
  shard?: Shard;
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
  // Sequential looks read every row's records as they come, which one process must hold.
  if (opts.shard && suite.decide.mode === 'sequential') throw new Error('a sequential run cannot be sharded');
  const rows = opts.shard ? shardRows(suite.rows, opts.shard) : suite.rows;
  const expanded = expandCases({ ...effective, rows }, templateEnvFrom(opts.env));
  const wantedIds = new Set(expanded.map((c) => c.id));
  const earlier = readResults(runDir.resultsFile).records.filter((r) => wantedIds.has(r.caseId));
  const sequential =
    suite.decide.mode === 'sequential' ? orderCases(expanded, earlier, effective, runDir) : null;
  const cases = sequential?.cases ?? expanded;
  const wanted = new Set(cases.map((c) => c.id));
  const recorded = earlier.filter((r) => wanted.has(r.caseId));
  // run.json is whole before anything can fail: a run that never got to call (a model unreachable)
  // still says what it planned, so compare cannot mistake it for a run without candidates.
  const planned = Object.fromEntries(
    suite.models.map((m) => [m.label, cases.filter((c) => c.model === m.label).length]),
  );
  const decide = sequential?.decide;
  // The whole suite's fingerprint, whatever the shard: the shards of one run must agree on it.
  const identity: Identity = {
    fingerprint: runFingerprint(suite, {
      repeat: effective.repeat,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
    }),
    ...(opts.shard ? { shard: describeShard(suite, opts.shard, rows.length, effective.repeat) } : {}),
  };
  writeRunMeta(runDir, snapshot(runDir.meta, suite, planned, opts, new Map(), new Map(), decide, identity));
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
    ...(opts.onBatchStatus ? { onBatchStatus: opts.onBatchStatus } : {}),
    onReady: (models, profiles) =>
      writeRunMeta(runDir, snapshot(runDir.meta, suite, planned, opts, models, profiles, decide, identity)),
    ...(sequential ? { drive: driveSequential(cases, recorded, sequential.decide, opts) } : {}),
  });
  return {
    ...result,
    total: cases.length,
    errors: result.records.filter((r) => r.error).length,
  };
}

/** run.json's fingerprint of the suite and settings, and which shard of the rows the run holds (if one). */
type Identity = Pick<RunMeta, 'fingerprint' | 'shard'>;

/** run.json's description of the run: models without secrets, and the settings compare needs. */
function snapshot(
  meta: RunMeta,
  suite: Suite,
  planned: Record<string, number>,
  opts: ExecuteOptions,
  models: Map<string, RunModel>,
  profiles: Map<string, ModelProfile | null>,
  decide: RunDecide | undefined,
  identity: Identity,
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
    ...(config.batch ? { batch: true } : {}),
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
  // A folder started over (--fresh) as a whole run keeps no shard of an earlier one.
  const { shard: _earlierShard, ...kept } = meta;
  return {
    ...kept,
    ...identity,
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
      ...(decide ? { decide } : {}),
      maxErrorRate: suite.maxErrorRate,
    },
  };
}

function usesJudge(suite: Suite): boolean {
  const judged = new Set<string>(JUDGE_ASSERTIONS.flatMap((t) => [t, `not-${t}`]));
  return [...suite.assert, ...suite.rows.flatMap((r) => r.assert)].some((a) => judged.has(a.type));
}

/**
 * A sequential run's cases: each case (row × prompt) gets its position in the seeded order, keeping the
 * positions its recorded calls were made at; only the first `casesAvailable` positions are planned
 * (maxCases). run.json's rounds gain this one when the dataset (or maxCases) changed since the last.
 */
function orderCases(
  expanded: Case[],
  earlier: readonly ResultRecord[],
  suite: Suite,
  runDir: RunDir,
): { cases: Case[]; decide: RunDecide } {
  const previous = runDir.meta.settings?.decide;
  const where = runDir.dir;
  const unordered = earlier.find((r) => r.role !== 'judge' && r.sequence === undefined);
  if (unordered)
    throw new UserError(
      `${where} holds a fixed-sample run (its calls have no sequential order): run the sequential suite in a new folder (--out DIR, or --fresh)`,
      { exitCode: 2 },
    );
  if (previous && (previous.batch !== suite.decide.batch || previous.repeat !== suite.repeat))
    throw new UserError(
      `${where} was run sequentially with batch ${previous.batch} and repeat ${previous.repeat}; resuming or continuing it needs the same (decide.batch, repeat), or start a new folder`,
      { exitCode: 2 },
    );
  const recordedAt = new Map<string, number>();
  for (const r of earlier) if (r.sequence !== undefined) recordedAt.set(sequentialKey(r), r.sequence);
  const order = sequentialOrder(expanded, recordedAt, suite.seed);
  const casesAvailable = Math.min(order.size, suite.decide.maxCases ?? order.size);
  const cases = expanded
    .map((c) => ({ ...c, sequence: order.get(sequentialKey(c)) as number }))
    .filter((c) => c.sequence < casesAvailable);
  const rounds = [...(previous?.rounds ?? [])];
  if (rounds.at(-1)?.casesAvailable !== casesAvailable) rounds.push({ casesAvailable });
  return {
    cases,
    decide: {
      mode: 'sequential',
      batch: suite.decide.batch,
      maxCases: suite.decide.maxCases,
      repeat: suite.repeat,
      rounds,
    },
  };
}

/**
 * The batches of a sequential run, in order: each batch's cases for the baseline and the candidates
 * still undecided, then the caller's look decides who goes on. Batches already recorded cost nothing:
 * their calls are skipped and, with no new record, the standing decision holds.
 */
function driveSequential(
  cases: readonly Case[],
  recorded: readonly ResultRecord[],
  decide: RunDecide,
  opts: ExecuteOptions,
): (runBatch: RunBatch) => Promise<void> {
  return async (runBatch) => {
    const look = opts.sequential?.active;
    if (!look) throw new Error('a sequential run needs opts.sequential.active');
    const all = recorded.filter((r) => r.role !== 'judge');
    let active = await look(all);
    const end = decide.rounds.at(-1)?.casesAvailable ?? 0;
    for (let start = 0; start < end && active.size > 0; start += decide.batch) {
      const stop = start + decide.batch;
      const batch = cases.filter(
        (c) =>
          (c.sequence as number) >= start &&
          (c.sequence as number) < stop &&
          (c.role === 'baseline' || active.has(c.model)),
      );
      const { records, interrupted } = await runBatch(batch);
      if (interrupted) return;
      if (records.length === 0) continue;
      all.push(...records);
      active = await look(all);
    }
  };
}
