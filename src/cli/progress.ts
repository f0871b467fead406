import type { RunPlan } from '../run/execute-run.js';
import type { ResultRecord } from '../schema/result-record.js';
import { lazyRequire } from '../util/lazy-require.js';
import { EtaEstimator, formatEta } from './eta.js';

// A bar is drawn only on a terminal; CI logs and --quiet runs never load it.
const cliProgressModule = lazyRequire<typeof import('cli-progress')>('cli-progress');

export interface Progress {
  start(total: number, alreadyDone: number, models?: RunPlan['models']): void;
  record(r: ResultRecord): void;
  /** A line to show between the progress updates (a sequential look's decision). */
  note(line: string): void;
  /** A model makes no more calls (a sequential run stopped it): its calls left leave the total and the estimate. */
  settle(model: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Milliseconds; a fake clock in tests. */
  now?: () => number;
  /** Where the bar draws (a terminal). */
  stream?: NodeJS.WriteStream;
}

/** How often the CI line is written, and the bar's figures refreshed while no call finishes. */
const LINE_EVERY_MS = 5000;
const BAR_REFRESH_MS = 1000;

/**
 * A bar on a terminal, a line every few seconds in CI logs, nothing with --quiet. Both show the
 * recent rate of the models still running and the time left from each model's own pace (eta.ts).
 */
export function makeProgress(
  mode: 'tty' | 'lines' | 'none',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  opts: ProgressOptions = {},
): Progress {
  let done = 0;
  let total = 0;
  let errors = 0;
  let cached = 0;
  let eta: EtaEstimator | null = null;
  const figures = () => {
    const e = eta?.estimate() ?? { seconds: null, atLeast: false, rate: null };
    return { rate: e.rate === null ? '–' : e.rate.toFixed(1), eta: formatEta(e) };
  };
  const begin = (t: number, already: number, models: RunPlan['models'] | undefined) => {
    total = t;
    done = already;
    eta = new EtaEstimator(t, already, models, opts.now ? { now: opts.now } : {});
  };
  const count = (r: ResultRecord) => {
    done++;
    if (r.error) errors++;
    if (r.cached) cached++;
    eta?.record(r);
  };
  const settle = (model: string) => {
    total -= eta?.settle(model) ?? 0;
  };
  if (mode === 'none') return { start() {}, record() {}, note() {}, settle() {}, stop() {} };
  if (mode === 'tty') {
    const cliProgress = cliProgressModule();
    const bar = new cliProgress.SingleBar(
      {
        // The bar's own {eta} assumes one steady rate for every call: ours is per model.
        format: ' {bar} {value}/{total} calls | {errors} errors | {cached} cached | {rate}/s | {estimate}',
        hideCursor: true,
        clearOnComplete: false,
        stream: opts.stream ?? process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let timer: NodeJS.Timeout | undefined;
    const payload = () => {
      const f = figures();
      return { errors, cached, rate: f.rate, estimate: f.eta };
    };
    return {
      start(t, already, models) {
        begin(t, already, models);
        bar.start(t, already, payload());
        // Between answers the time left still changes (a stalled model's rate falls): redraw it.
        timer = setInterval(() => bar.update(done, payload()), BAR_REFRESH_MS);
        timer.unref();
      },
      record(r) {
        count(r);
        bar.update(done, payload());
      },
      settle(model) {
        settle(model);
        bar.setTotal(total);
        bar.update(done, payload());
      },
      note(text) {
        // Over the bar's line, then the bar again below it.
        (opts.stream ?? process.stderr).write(`\r\x1b[K${text}\n`);
        bar.update(done, payload());
      },
      stop() {
        clearInterval(timer);
        bar.update(done, payload());
        bar.stop();
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const line = () => {
    const f = figures();
    write(`progress: ${done}/${total} calls, ${errors} errors, ${cached} cached, ${f.rate}/s, ${f.eta}`);
  };
  return {
    start(t, already, models) {
      begin(t, already, models);
      if (already > 0) write(`resuming: ${already} of ${t} calls already recorded`);
      timer = setInterval(line, LINE_EVERY_MS);
      timer.unref();
    },
    record: count,
    note: write,
    settle,
    stop() {
      if (!timer) return; // never started: nothing to report
      clearInterval(timer);
      line();
    },
  };
}
