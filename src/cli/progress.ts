import type { RunPlan } from '../run/execute-run.js';
import type { ResultRecord } from '../schema/result-record.js';
import { lazyRequire } from '../util/lazy-require.js';

// A bar is drawn only on a terminal; CI logs and --quiet runs never load it.
const cliProgressModule = lazyRequire<typeof import('cli-progress')>('cli-progress');

export interface Progress {
  start(total: number, alreadyDone: number, models?: RunPlan['models']): void;
  record(r: ResultRecord): void;
  stop(): void;
}

/** A bar on a terminal, a line every few seconds in CI logs, nothing with --quiet. */
export function makeProgress(
  mode: 'tty' | 'lines' | 'none',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Progress {
  let done = 0;
  let total = 0;
  let errors = 0;
  let cached = 0;
  let started = 0;
  let baseline = 0;
  const rate = () => {
    const s = (Date.now() - started) / 1000;
    return s > 0 ? (done - baseline) / s : 0;
  };
  const eta = () => {
    const r = rate();
    return r > 0 ? `${Math.round((total - done) / r)}s` : '?';
  };
  const begin = (t: number, already: number) => {
    total = t;
    done = already;
    baseline = already;
    started = Date.now();
  };
  const count = (r: ResultRecord) => {
    done++;
    if (r.error) errors++;
    if (r.cached) cached++;
  };
  if (mode === 'none') return { start() {}, record() {}, stop() {} };
  if (mode === 'tty') {
    const cliProgress = cliProgressModule();
    const bar = new cliProgress.SingleBar(
      {
        format:
          ' {bar} {value}/{total} calls | {errors} errors | {cached} cached | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(t, already) {
        begin(t, already);
        bar.start(t, already, { errors: 0, cached: 0, rate: '0.0' });
      },
      record(r) {
        count(r);
        bar.update(done, { errors, cached, rate: rate().toFixed(1) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const line = () =>
    write(
      `progress: ${done}/${total} calls, ${errors} errors, ${cached} cached, ${rate().toFixed(1)}/s, ETA ${eta()}`,
    );
  return {
    start(t, already) {
      begin(t, already);
      if (already > 0) write(`resuming: ${already} of ${t} calls already recorded`);
      timer = setInterval(line, 5000);
      timer.unref();
    },
    record: count,
    stop() {
      if (!timer) return; // never started: nothing to report
      clearInterval(timer);
      line();
    },
  };
}
