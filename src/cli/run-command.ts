import { join, resolve } from 'node:path';
import { checkRequireSwitch } from '../compare/decision-settings.js';
import { endpointLatencyWarning } from '../compare/endpoint-latency.js';
import type { SequentialReplay } from '../compare/sequential-replay.js';
import { deploymentNames } from '../compare/switch-requirements.js';
import type { BatchState } from '../models/openai-batch.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { executeRun } from '../run/execute-run.js';
import { DEFAULT_CACHE_DIR } from '../run/response-cache.js';
import { openRunDir, type RunDir } from '../run/run-dir.js';
import type { Shard } from '../run/shard-rows.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { ModelSummary } from '../schema/summary.js';
import { scoreRun } from '../score/score-run.js';
import { writeScores } from '../score/scores-file.js';
import { loadSuite } from '../suite/load-suite.js';
import { UserError } from '../util/user-error.js';
import { compareOverrides } from './compare-flags.js';
import { makeDownloadProgress } from './download-progress.js';
import { EXIT } from './exit-codes.js';
import { incompleteRunExit } from './incomplete-run.js';
import { displayPath, makePrinter } from './print.js';
import { printSummary } from './print-summary.js';
import { makeProgress, type Progress } from './progress.js';
import { parseShardFlag, type RunFlags } from './run-flags.js';
import { sequentialLook } from './sequential-look.js';

/** `rightsize run`: load, check, call every model on every case, record, and report. */
export async function runCommand(suitePath: string, flags: RunFlags, _debug: boolean): Promise<number> {
  const printer = makePrinter({ quiet: flags.quiet });
  const loaded = loadSuite(suitePath, process.env);
  for (const w of loaded.warnings) printer.warn(w);
  const overrides = compareOverrides(flags);
  // A typo in --require-switch must not cost a run: it is bad input (exit 2) before any call.
  const candidateLabels = loaded.models.filter((m) => m.role === 'candidate').map((m) => m.label);
  checkRequireSwitch(
    overrides?.gate?.requireSwitch,
    candidateLabels,
    new Map(candidateLabels.map((l) => [l, deploymentNames(loaded.slices, loaded.escalation.get(l) ?? [])])),
  );
  const into = flags.continue ?? flags.resume ?? flags.out;
  if (flags.continue && (flags.fresh || flags.resume || flags.out))
    throw new UserError('--continue names the run directory itself: leave out --out, --resume and --fresh', {
      exitCode: EXIT.invalidInput,
    });
  const asked = flags.shard === undefined ? undefined : parseShardFlag(flags.shard, process.env);
  if (asked) checkShardable(asked, loaded, flags);
  const runDir = openRunDir({
    suite: loaded.name,
    suiteFile: loaded.file,
    ...(into ? { out: into } : {}),
    ...(flags.fresh ? { fresh: true } : {}),
    cwd: process.cwd(),
  });
  // A run that began sequentially goes on so; --sequential makes it so over the suite's `decide:`.
  const sequential =
    flags.sequential === true ||
    loaded.decide.mode === 'sequential' ||
    runDir.meta.settings?.decide !== undefined;
  if (flags.continue) checkContinuable(runDir, flags.continue);
  // A shard's folder resumes as that shard: `--resume DIR` alone (the hint every message prints) will do.
  const shard = shardOfRun(runDir, asked, sequential);
  const suite = sequential
    ? { ...loaded, decide: { ...loaded.decide, mode: 'sequential' as const } }
    : loaded;

  const display = flags.quiet ? 'none' : process.stderr.isTTY ? 'tty' : 'lines';
  const progress = makeProgress(display);
  const downloads = makeDownloadProgress(display);
  const interrupt = new AbortController();
  // `on`, not `once`: node-llama-cpp loads signal-exit (through proper-lockfile), whose own listener re-raises
  // the signal, killing the process unrecorded, when it finds itself the only listener left, as a spent `once`
  // would leave it. A second signal still ends the process at once.
  const onSigint = () => (interrupt.signal.aborted ? process.exit(EXIT.interrupted) : interrupt.abort());
  /** One phase of calls (the run, then the judges): Ctrl-C and SIGTERM end it; its progress stops with it. */
  const phase = async <T>(shown: Progress, work: () => Promise<T>): Promise<T> => {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      return await work();
    } finally {
      shown.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  };
  // A model that is also the judge is profiled twice; its warning is worth one line.
  const warned = new Set<string>();
  const warnOnce = (line: string) => {
    if (warned.has(line)) return;
    warned.add(line);
    printer.warn(line);
  };
  const cacheDir = flags.cache ? resolve(process.env.RIGHTSIZE_CACHE_DIR ?? DEFAULT_CACHE_DIR) : null;
  const result = await phase(progress, () =>
    executeRun(suite, runDir, {
      env: process.env,
      onDownloadProgress: downloads,
      cacheDir,
      ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      ...(flags.repeat ? { repeat: flags.repeat } : {}),
      ...(overrides ? { overrides } : {}),
      signal: interrupt.signal,
      onPlan: (plan) => progress.start(plan.total, plan.alreadyDone, plan.models),
      onRecord: (r) => progress.record(r),
      onWarning: warnOnce,
      onBatchStatus: (model, state) => progress.note(batchLine(model, state)),
      ...(shard ? { shard } : {}),
      ...(sequential
        ? {
            sequential: {
              active: sequentialLook(
                suite,
                runDir,
                {
                  env: process.env,
                  onDownloadProgress: downloads,
                  cacheDir,
                  ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
                  signal: interrupt.signal,
                  onWarning: warnOnce,
                },
                (label, replay) => {
                  progress.settle(label);
                  if (!flags.quiet) progress.note(stopLine(label, replay));
                },
              ),
            },
          }
        : {}),
    }),
  );

  const resumeHint = `resume with: rightsize run ${displayPath(suite.file)} --resume ${displayPath(runDir.dir)}`;
  if (result.interrupted) {
    printer.err(
      `interrupted: ${result.records.length} of ${result.total} calls are recorded in ${displayPath(runDir.resultsFile)}`,
    );
    printer.err(resumeHint);
    return EXIT.interrupted;
  }

  // Judges are calls too: same cache, retries, records and Ctrl-C handling as the run itself.
  const judging = makeProgress(display);
  const scored = await phase(judging, () =>
    scoreRun(suite, runDir.resultsFile, result.records, {
      env: process.env,
      onDownloadProgress: downloads,
      cacheDir,
      ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      signal: interrupt.signal,
      onJudgePlan: ({ total }) => {
        if (total === 0) return;
        if (!flags.quiet) printer.err(`judging: ${total} judge calls`);
        judging.start(total, 0);
      },
      onJudgeRecord: (r) => judging.record(r),
      onWarning: warnOnce,
      onBatchStatus: (model, state) => judging.note(batchLine(model, state)),
    }),
  );
  if (scored.interrupted) {
    printer.err('interrupted while judging: every finished judge call is recorded');
    printer.err(resumeHint);
    return EXIT.interrupted;
  }
  writeScores(join(runDir.dir, 'scores.jsonl'), scored.scores);
  for (const line of summarize(
    result.records,
    suite.models.map((m) => m.label),
  ))
    printer.out(line);
  const { summary, files } = await writeRunOutputs(runDir.dir);
  // A shard's figures are of its rows alone: its verdicts are no verdict, so they are not printed.
  if (!shard) printSummary(summary, printer);
  for (const f of [runDir.resultsFile, join(runDir.dir, 'scores.jsonl'), ...files])
    printer.out(`wrote ${displayPath(f)}`);
  printer.out(`view: rightsize view ${displayPath(runDir.dir)}`);
  for (const m of summary.models) if (m.queueing) printer.warn(queueingWarning(m));
  for (const m of summary.models) if (m.endpointLatencyDiffers) printer.warn(endpointLatencyWarning(m));
  if (summary.complete === false) return incompleteRunExit(summary, suite.file, runDir.dir, printer);
  const errorShare = result.total ? result.errors / result.total : 0;
  if (errorShare > suite.maxErrorRate) {
    printer.err(
      `rightsize: ${result.errors} of ${result.total} calls failed (${(errorShare * 100).toFixed(1)}%, above the suite's maxErrorRate of ${suite.maxErrorRate * 100}%); see the error field in results.jsonl`,
    );
    return EXIT.runIncomplete;
  }
  if (shard) {
    // The gate is the merged run's: a shard that made all its calls has done its part.
    printer.out(
      `shard ${shard.index}/${shard.count} complete: ${runDir.meta.shard?.rows ?? '?'} of ${runDir.meta.shard?.total.rows ?? '?'} rows. Its figures cover its rows only; the verdict and gate are those of the merged run: rightsize merge <the ${shard.count} shard folders> --out DIR`,
    );
    return EXIT.ok;
  }
  return summary.gate.passed ? EXIT.ok : EXIT.gateFailed;
}

/** `--shard` with a suite or flags it cannot serve, named before any folder is made or call is paid. */
function checkShardable(shard: Shard, suite: ReturnType<typeof loadSuite>, flags: RunFlags): void {
  const why = "after each batch it decides from every row's records so far, which one process must hold";
  const fix =
    'run a sequential suite in one process (it already saves calls), or shard a fixed-sample run (decide.mode: fixed, no --sequential)';
  if (flags.sequential || flags.continue)
    throw new UserError(
      `--shard ${flags.shard} with ${flags.continue ? '--continue' : '--sequential'}: a sequential run cannot be sharded: ${why}`,
      { hint: fix, exitCode: EXIT.invalidInput },
    );
  if (suite.decide.mode === 'sequential')
    throw new UserError(
      `the suite decides sequentially, so it cannot be run with --shard ${flags.shard}: ${why}`,
      {
        file: suite.file,
        field: 'decide.mode',
        hint: fix,
        exitCode: EXIT.invalidInput,
      },
    );
  if (shard.count > suite.rows.length)
    throw new UserError(
      `--shard ${flags.shard}: the dataset has ${suite.rows.length} ${suite.rows.length === 1 ? 'row' : 'rows'}, so ${shard.count} shards would leave some with none`,
      { hint: `use at most ${suite.rows.length} shards`, exitCode: EXIT.invalidInput },
    );
}

/**
 * The shard this invocation runs: the one asked for, or, with none asked, the one the folder holds
 * (resuming a shard). A folder of another shard, of a whole run, or of a sequential run is refused.
 */
function shardOfRun(runDir: RunDir, asked: Shard | undefined, sequential: boolean): Shard | undefined {
  const held = runDir.meta.shard;
  const shard = asked ?? (held ? { index: held.index, count: held.count } : undefined);
  if (!shard) return undefined;
  const where = displayPath(runDir.dir);
  const fix = 'give each shard a folder of its own (--out DIR), or pass --fresh to start this one over';
  if (sequential)
    throw new UserError(
      held
        ? `${where} holds shard ${held.index}/${held.count} of a run, and a sequential run cannot be sharded`
        : `--shard ${shard.index}/${shard.count}: ${where} holds a sequential run, which cannot be sharded`,
      { hint: fix, exitCode: EXIT.invalidInput },
    );
  if (!held && runDir.resumed && runDir.meta.planned !== undefined)
    throw new UserError(
      `--shard ${shard.index}/${shard.count}: ${where} holds a whole (unsharded) run of the suite`,
      { hint: fix, exitCode: EXIT.invalidInput },
    );
  if (held && (held.index !== shard.index || held.count !== shard.count))
    throw new UserError(
      `--shard ${shard.index}/${shard.count}: ${where} holds shard ${held.index}/${held.count}`,
      {
        hint: `resume it with --shard ${held.index}/${held.count} (or --resume alone), or give shard ${shard.index}/${shard.count} a folder of its own`,
        exitCode: EXIT.invalidInput,
      },
    );
  return shard;
}

/** The run's own calls waited for each other at the server: its latency is not a lone request's. */
function queueingWarning(m: ModelSummary): string {
  return `${m.id}: time to first token grew with the calls in flight (up to ${m.inFlight?.max ?? '?'} at once): the server queued or shared its compute between them, so its latency and TTFT figures include that wait; set concurrency to the server's parallel slots (or 1) to measure a lone request`;
}

/** One line per model: calls, errors and median latency, as the run ends. */
function summarize(records: ResultRecord[], labels: string[]): string[] {
  return labels.map((label) => {
    const mine = records.filter((r) => r.model === label);
    const errors = mine.filter((r) => r.error).length;
    const latencies = mine
      .map((r) => r.latencyMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const p50 = latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : null;
    return `  ${label}: ${mine.length} calls, ${errors} errors, median latency ${p50 === null || p50 === undefined ? 'n/a' : `${Math.round(p50)} ms`}`;
  });
}

/** What a sequential look decided for a candidate, as the run goes. */
function stopLine(label: string, r: SequentialReplay): string {
  const where = `${r.casesUsed} cases (${r.looks} ${r.looks === 1 ? 'look' : 'looks'})`;
  if (r.stoppedAt === 'decided') return `${label}: ${r.verdict} after ${where}; no more calls to it`;
  const why = r.stoppedAt === 'max-cases' ? 'decide.maxCases reached' : 'no more cases';
  return `${label}: ${r.verdict} after ${where}: ${why}`;
}

/** --continue goes on with a sequential run: anything else is a mistake to name before any call. */
function checkContinuable(runDir: RunDir, given: string): void {
  if (!runDir.resumed)
    throw new UserError(`--continue ${given}: no run there to continue`, {
      hint: 'name the folder of a sequential run (rightsize run --sequential wrote it)',
      exitCode: EXIT.invalidInput,
    });
  if (!runDir.meta.settings?.decide)
    throw new UserError(
      `--continue ${given}: that run was not sequential, so it has no place to continue from`,
      {
        hint: 'resume it with --resume, or start a sequential run in a new folder',
        exitCode: EXIT.invalidInput,
      },
    );
}

/** A Batch API batch as it moves on: where it is, and how many of its calls are done. */
function batchLine(model: string, state: BatchState): string {
  const counts =
    state.total > 0
      ? `: ${state.completed} of ${state.total} done${state.failed ? `, ${state.failed} failed` : ''}`
      : '';
  return `${model}: batch ${state.id} ${state.status.replace('_', ' ')}${counts}`;
}
