import type { Margin } from '../schema/margin.js';
import type { Verdict } from '../schema/summary.js';
import {
  confidenceBounds,
  decide,
  logFactors,
  logMean,
  meanTest,
  rejectionLevel,
} from './confidence-sequence.js';
import { marginStatisticRange } from './margin-statistic.js';
import { seededRng } from './seeded-rng.js';

export interface SequentialOptions {
  margin: Margin;
  /** Two-sided confidence of the CS (0.95: `switch` is a one-sided test at level 2.5%). */
  confidence: number;
  /** Cases per look. */
  batch: number;
  /** Use at most this many cases (a look is taken at it); all of `d` when absent. */
  maxCases?: number;
  /**
   * Further looks, by cases taken, besides every `batch`: the ends of a sequential run's earlier rounds
   * (a dataset that grew under `--continue`), where that run looked too.
   */
  extraLooks?: readonly number[];
  /** Also give the CS at every look (`lookHistory`): one bisection per look. */
  history?: boolean;
}

/**
 * Why the procedure stopped: the CS left 0 (`decided`), the cases given ran out (`end-of-data`), or
 * `maxCases` did while there were more (`max-cases`).
 */
export type StoppedAt = 'decided' | 'end-of-data' | 'max-cases';

/** The CS at one look; low and high null while no case is paired. */
export interface SequentialLook {
  cases: number;
  pairs: number;
  low: number | null;
  high: number | null;
}

export interface SequentialVerdict {
  verdict: Verdict;
  /** Looks taken, the last one included. */
  looks: number;
  /** Cases taken, paired or not: the position of the last look. */
  casesUsed: number;
  /** Paired cases among them: the observations of d. */
  pairs: number;
  meanD: number | null;
  /** The CS of mean(d) at the last look; null without a pair. */
  ci: [number, number] | null;
  stoppedAt: StoppedAt;
  /** The CS at every look, with `history: true`. */
  lookHistory?: SequentialLook[];
}

/**
 * The sequential non-inferiority verdict (docs/verdict.md, "The sequential verdict"). `d` holds the
 * per-case statistic in the order the cases are taken (null: the case was run but is not paired, as
 * when a call errored; it counts as used and adds no observation). A look is taken after every
 * `batch` cases, and at the end of the cases (or at `maxCases`) if that leaves a partial batch. At each
 * look the anytime-valid CS of mean(d) (`confidence-sequence.ts`) decides: `switch` when it lies above
 * 0, `keep` when below, and otherwise the next batch is taken. When the cases run out the verdict is
 * read from the CS at the last look: `inconclusive` when it still contains 0 (or no case is paired).
 *
 * The CS lies above 0 exactly when the capital betting that mean(d) > 0, K⁺ at 0, has reached 2/α
 * (the capitals are monotone in the mean), so each look costs one update of that capital, and the
 * interval itself is bisected only at the last look (and at every look with `history`).
 */
export function sequentialVerdict(d: readonly (number | null)[], opts: SequentialOptions): SequentialVerdict {
  const run = runSequential(d, opts);
  const values = pairedValues(d, run.casesUsed);
  const range = marginStatisticRange(opts.margin);
  const verdict: Verdict = run.side === 'above' ? 'switch' : run.side === 'below' ? 'keep' : 'inconclusive';
  const result: SequentialVerdict = {
    verdict,
    looks: run.looks.length,
    casesUsed: run.casesUsed,
    pairs: values.length,
    meanD: values.length > 0 ? mean(values) : null,
    ci: values.length > 0 ? confidenceBounds(values, { range, confidence: opts.confidence }) : null,
    stoppedAt: run.stoppedAt,
  };
  if (opts.history) {
    result.lookHistory = run.looks.map((cases) => {
      const seen = pairedValues(d, cases);
      const ci = seen.length > 0 ? confidenceBounds(seen, { range, confidence: opts.confidence }) : null;
      return { cases, pairs: seen.length, low: ci ? ci[0] : null, high: ci ? ci[1] : null };
    });
  }
  return result;
}

export interface SettleOptions extends SequentialOptions {
  seed: number;
  /** Simulated continuations (default 400). */
  simulations?: number;
}

/** Share of continuations that must have decided. */
const SETTLE_SHARE = 0.8;
/** Further cases looked at, at most: this many times the cases so far, and never more than the absolute cap. */
const SETTLE_CAP_FACTOR = 20;
const SETTLE_CAP = 100_000;

/**
 * For an `inconclusive` sequential verdict: how many more cases would likely settle it. Each simulated
 * continuation carries on the same CS (the capital at 0 as it stood at the last look) with cases drawn
 * with replacement from the cases used so far, unpaired ones included (so errors keep their rate),
 * looking at every multiple of `batch`; the answer is the smallest number of further cases by which at
 * least 80% of the continuations have decided, `switch` or `keep`. It takes the observed cases as the
 * truth, as `samplesNeeded` takes the observed mean and SD, so it is a projection, not a promise.
 *
 * 0 when the verdict is already decided; null with fewer than 2 pairs, or when 80% are not reached
 * within min(20 × the cases used, 100,000) further cases. The same inputs and seed give the same
 * number.
 */
export function casesToSettle(d: readonly (number | null)[], opts: SettleOptions): number | null {
  const run = runSequential(d, opts);
  if (run.side !== null) return 0;
  const used = run.casesUsed;
  const range = marginStatisticRange(opts.margin);
  if (pairedValues(d, used).length < 2) return null;
  const simulations = opts.simulations ?? 400;
  if (!(Number.isSafeInteger(simulations) && simulations >= 1)) {
    throw new RangeError(`simulations must be a positive integer, got ${simulations}`);
  }
  const cap = Math.min(SETTLE_CAP_FACTOR * used, SETTLE_CAP);
  const level = rejectionLevel(opts.confidence);

  // Each used case's log factor for every bet (none for an unpaired case), computed once per value.
  const byValue = new Map<number, { plus: Float64Array; minus: Float64Array }>();
  const table: ({ plus: Float64Array; minus: Float64Array } | null)[] = [];
  for (let i = 0; i < used; i++) {
    const x = d[i] as number | null;
    if (x === null) {
      table.push(null);
      continue;
    }
    let f = byValue.get(x);
    if (!f) {
      f = logFactors(x, 0, { range });
      byValue.set(x, f);
    }
    table.push(f);
  }

  const rng = seededRng(opts.seed);
  const start = run.test.betLogCapitals();
  const needed = Math.ceil(SETTLE_SHARE * simulations);
  const settled: number[] = [];
  let unsettled = 0;
  for (let s = 0; s < simulations && unsettled <= simulations - needed; s++) {
    const plus = start.plus.slice();
    const minus = start.minus.slice();
    let cases = used;
    let decided = false;
    while (!decided) {
      const look = (Math.floor(cases / opts.batch) + 1) * opts.batch;
      if (look - used > cap) break;
      for (; cases < look; cases++) {
        const f = table[rng.nextInt(used)];
        if (!f) continue;
        for (let k = 0; k < plus.length; k++) {
          plus[k] = (plus[k] as number) + (f.plus[k] as number);
          minus[k] = (minus[k] as number) + (f.minus[k] as number);
        }
      }
      decided = decide(logMean(plus), logMean(minus), level) !== null;
    }
    if (decided) settled.push(cases - used);
    else unsettled++;
  }
  if (settled.length < needed) return null;
  settled.sort((a, b) => a - b);
  return settled[needed - 1] as number;
}

interface SequentialRun {
  side: 'above' | 'below' | null;
  /** Cases taken at each look. */
  looks: number[];
  casesUsed: number;
  stoppedAt: StoppedAt;
  test: ReturnType<typeof meanTest>;
}

function runSequential(d: readonly (number | null)[], opts: SequentialOptions): SequentialRun {
  const { batch, maxCases } = opts;
  if (!(Number.isSafeInteger(batch) && batch >= 1)) {
    throw new RangeError(`batch must be a positive integer, got ${batch}`);
  }
  if (maxCases !== undefined && !(Number.isSafeInteger(maxCases) && maxCases >= 0)) {
    throw new RangeError(`maxCases must be a non-negative integer, got ${maxCases}`);
  }
  const limit = Math.min(d.length, maxCases ?? d.length);
  const test = meanTest(0, { range: marginStatisticRange(opts.margin), confidence: opts.confidence });
  const looks: number[] = [];
  let side: 'above' | 'below' | null = null;
  let cases = 0;
  const extra = [...(opts.extraLooks ?? [])].sort((a, b) => a - b);
  while (cases < limit && side === null) {
    let look = Math.min(limit, (Math.floor(cases / batch) + 1) * batch);
    const sooner = extra.find((n) => n > cases && n < look);
    if (sooner !== undefined) look = sooner;
    const values: number[] = [];
    for (; cases < look; cases++) {
      const x = d[cases];
      if (x !== null && x !== undefined) values.push(x);
    }
    test.addBatch(values);
    looks.push(look);
    side = test.decideAtLook();
  }
  const stoppedAt: StoppedAt = side !== null ? 'decided' : limit < d.length ? 'max-cases' : 'end-of-data';
  return { side, looks, casesUsed: cases, stoppedAt, test };
}

function pairedValues(d: readonly (number | null)[], cases: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < cases; i++) {
    const x = d[i];
    if (x !== null && x !== undefined) values.push(x);
  }
  return values;
}

/** The mean, summed in sorted order: the same cases give the same bits in any order. */
function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of Float64Array.from(x).sort()) s += v;
  return s / x.length;
}
