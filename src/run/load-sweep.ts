import type { GenerateRequest, Model } from '../models/model.js';
import type { LoadLevel, LoadRecord } from '../schema/load-record.js';
import type { LoadSample } from './load-figures.js';
import { levelFigures } from './load-figures.js';
import { type LevelBudget, runLevel } from './load-level.js';

export type StoppedBy = LoadRecord['models'][number]['stoppedBy'];
export type Capacity = LoadRecord['models'][number]['capacity'];

/** The latency target a level must meet (ms); a null part is not asked for. */
export interface LoadSlo {
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
}

export interface SweepOptions {
  /** A fixed list of concurrencies; without it: 1, 2, 4, … until the stopping rule says stop. */
  levels?: readonly number[];
  /** Measured requests per level (default 4 × concurrency, at least 8); or `durationMs` per level. */
  requests?: number;
  durationMs?: number;
  slo: LoadSlo;
  signal?: AbortSignal;
  now?: () => number;
  /** The doubling stops here at the latest (then `stoppedBy: levels`). */
  maxConcurrency?: number;
  /** Throughput must rise by at least this share over the previous level to go on (default 5%). */
  minGain?: number;
  onLevelStart?: (concurrency: number, plannedRequests: number | null) => void;
  onSample?: (sample: LoadSample) => void;
  onLevel?: (level: LoadLevel) => void;
}

export interface SweepResult {
  levels: LoadLevel[];
  /** The measured requests behind each level, in the same order. */
  samples: LoadSample[][];
  stoppedBy: StoppedBy;
  capacity: Capacity;
}

export const DEFAULT_MAX_CONCURRENCY = 256;
export const MIN_GAIN = 0.05;

/** Measured requests at a level when `--requests` is not given: enough for a p95 to mean something. */
export function defaultRequests(concurrency: number): number {
  return Math.max(8, 4 * concurrency);
}

/**
 * A load sweep of one model on the given prompts (cycled). Each finished level is handed to `onLevel`
 * before the next starts, so a caller can write it down; an interrupted level is dropped.
 *
 * Stopping rule without a fixed list, checked in this order after each level: `errors` (any request
 * failed on the server's side), `slo` (p95 latency or TTFT above the target), `flat` (requests/s rose
 * by less than `minGain` over the previous level: the server is saturated, more in flight only queues).
 */
export async function sweepLoad(
  model: Model,
  prompts: readonly GenerateRequest[],
  opts: SweepOptions,
): Promise<SweepResult> {
  if (prompts.length === 0) throw new Error('a load sweep needs at least one prompt');
  let cursor = 0;
  const next = () => prompts[cursor++ % prompts.length] as GenerateRequest;
  const levels: LoadLevel[] = [];
  const samples: LoadSample[][] = [];
  const fixed = opts.levels;
  const max = opts.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const minGain = opts.minGain ?? MIN_GAIN;
  let stoppedBy: StoppedBy = 'levels';
  for (let i = 0; ; i++) {
    const concurrency = fixed ? fixed[i] : 2 ** i;
    if (concurrency === undefined || concurrency > (fixed ? Number.POSITIVE_INFINITY : max)) break;
    const budget: LevelBudget =
      opts.durationMs !== undefined
        ? { durationMs: opts.durationMs }
        : { requests: opts.requests ?? defaultRequests(concurrency) };
    opts.onLevelStart?.(concurrency, 'requests' in budget ? budget.requests : null);
    const run = await runLevel(model, {
      concurrency,
      budget,
      warmup: concurrency,
      next,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.onSample ? { onSample: opts.onSample } : {}),
    });
    if (run.interrupted) {
      stoppedBy = 'interrupted';
      break;
    }
    const level = levelFigures(concurrency, run.samples, run.durationMs, run.connectionRetries);
    levels.push(level);
    samples.push(run.samples);
    opts.onLevel?.(level);
    if (fixed) continue;
    const why = stopReason(level, levels[levels.length - 2], opts.slo, minGain);
    if (why) {
      stoppedBy = why;
      break;
    }
  }
  return { levels, samples, stoppedBy, capacity: capacityOf(levels, opts.slo) };
}

/** Why the doubling stops after `level`, or null to go on. */
export function stopReason(
  level: LoadLevel,
  previous: LoadLevel | undefined,
  slo: LoadSlo,
  minGain = MIN_GAIN,
): StoppedBy | null {
  if (level.errorShare > 0) return 'errors';
  if ((slo.latencyP95Ms !== null || slo.ttftP95Ms !== null) && !meetsSlo(level, slo)) return 'slo';
  if (previous && (level.requestsPerSecond ?? 0) < (previous.requestsPerSecond ?? 0) * (1 + minGain))
    return 'flat';
  return null;
}

/** A level meets the target when no request failed and its p95 latency (and p95 TTFT, if asked) is within it. */
export function meetsSlo(level: LoadLevel, slo: LoadSlo): boolean {
  if (level.errorShare > 0) return false;
  const within = (value: number | null, target: number | null) =>
    target === null || (value !== null && value <= target);
  return within(level.latencyMs.p95, slo.latencyP95Ms) && within(level.ttftMs.p95, slo.ttftP95Ms);
}

/** The highest level that meets the target; null without a target or when none does. */
export function capacityOf(levels: readonly LoadLevel[], slo: LoadSlo): Capacity {
  if (slo.latencyP95Ms === null && slo.ttftP95Ms === null) return null;
  let best: Capacity = null;
  for (const level of levels) {
    if (!meetsSlo(level, slo) || level.requestsPerSecond === null) continue;
    if (best === null || level.concurrency > best.concurrency)
      best = { concurrency: level.concurrency, requestsPerSecond: level.requestsPerSecond };
  }
  return best;
}
