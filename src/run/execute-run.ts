import { createModel, isLocalRuntime } from '../models/create-model.js';
import type { Model } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import type { ResultRecord } from '../schema/result-record.js';
import { expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { UserError } from '../util/user-error.js';
import { ResultsWriter, readResults } from './results-file.js';
import type { RetryPolicy } from './retry-policy.js';
import { type RunModel, runCases } from './run-cases.js';
import type { RunDir } from './run-dir.js';

export interface ExecuteOptions {
  env: Record<string, string | undefined>;
  concurrency?: number;
  repeat?: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
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

  const models = new Map<string, RunModel>();
  const pending = cases.some((c) => !done.has(c.id));
  try {
    for (const config of suite.models) {
      const model = createModel(config, { baseDir: suite.dir, env: opts.env });
      const local = isLocalRuntime(config);
      models.set(config.label, {
        config,
        model,
        local,
        concurrency: opts.concurrency ?? config.concurrency ?? suite.concurrency ?? defaultConcurrency(local),
      });
    }
    if (pending)
      await checkModels(
        [...models.values()].map((m) => m.model),
        opts.signal,
      );

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
    };
  } finally {
    await Promise.all([...models.values()].map((m) => m.model.close().catch(() => undefined)));
  }
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
