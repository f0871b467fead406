// Does the fixed-sample verdict keep its promise at small samples? On simulated pass/fail datasets
// at the margin boundary (candidate pass rate exactly 95% of the baseline's, true mean(d) = 0), how
// often each interval says `switch` (it should at most 2.5% of the time: the low end of a two-sided
// 95% interval); at 500 cases of two equal models, how often it says `switch` against the oracle
// z-test's power; and how often McNemar's test rejects two equal models whose 3 repeats per case are
// correlated. Seeded, so the output is the same on every run (docs/verdict.md pastes it).
// Run: npx tsx bench/small-samples.ts  (about three and a half minutes on a 2-core machine; the
// bootstraps of the old intervals take most of it)
import { clusterBootstrap } from '../src/compare/cluster-bootstrap.js';
import { clusteredMcnemar } from '../src/compare/clustered-mcnemar.js';
import { marginStatistic, marginStatisticRange } from '../src/compare/margin-statistic.js';
import { mcnemarExact } from '../src/compare/mcnemar-exact.js';
import { nonInferiority } from '../src/compare/non-inferiority.js';
import { normalQuantile } from '../src/compare/normal-quantile.js';
import { percentileInterval } from '../src/compare/percentile-interval.js';
import { type Rng, seededRng } from '../src/compare/seeded-rng.js';
import { percentileSorted } from '../src/util/percentile.js';
import { pairedPassFail } from '../test/compare/simulated-pairs.js';
import { table } from './table.js';

const DATASETS = 3000;
/** The score interval needs no resampling: its own column runs on more datasets, these first. */
const SCORE_DATASETS = 20_000;
const RESAMPLES = 2000;
const MCNEMAR_DATASETS = 10_000;
const REPEATS = 3;
const margin = { type: 'relative', value: 0.05 } as const;
const confidence = 0.95;
const z = normalQuantile(1 - (1 - confidence) / 2);

type Cell = { p11: number; p10: number; p01: number };

/** The 2×2 table of a baseline passing `pass`, a candidate passing (1 − 5%)·pass, `disagree` discordant. */
function atMargin(pass: number, disagree: number): Cell {
  const gap = pass - 0.95 * pass;
  const p10 = (disagree + gap) / 2;
  return { p11: pass - p10, p10, p01: disagree - p10 };
}

/** Two equal models: both pass `pass`, `disagree` discordant, half each way. */
function equal(pass: number, disagree: number): Cell {
  return { p11: pass - disagree / 2, p10: disagree / 2, p01: disagree / 2 };
}

/** Mean and SD of d = c − 0.95·b over a 2×2 table. */
function dMoments(cell: Cell): { mu: number; sigma: number } {
  const outcomes: [number, number][] = [
    [cell.p11, marginStatistic(1, 1, margin)],
    [cell.p10, marginStatistic(0, 1, margin)],
    [cell.p01, marginStatistic(1, 0, margin)],
  ];
  const mu = outcomes.reduce((s, [p, d]) => s + p * d, 0);
  const m2 = outcomes.reduce((s, [p, d]) => s + p * d * d, 0);
  return { mu, sigma: Math.sqrt(m2 - mu * mu) };
}

/** Φ(x), by bisection on the quantile function (no separate CDF to trust). */
function normalCdf(x: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalQuantile(mid) < x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The unseen-case floor's low end (src/compare/non-inferiority.ts), the same under both intervals. */
function floorLow(meanD: number, n: number): number {
  const p = 1 - ((1 - confidence) / 2) ** (1 / n);
  return meanD * (1 - p) + marginStatisticRange(margin)[0] * p;
}

/**
 * The verdict's low end as it was (the percentile interval of the paired cluster bootstrap), and a
 * studentized (bootstrap-t) one from the same resamples, each with the floor: does each say `switch`?
 * The bootstrap-t takes each resample's own SE (divisor n − 1); a resample with no spread has t = ±∞
 * in the direction its mean moved (the limit as its SE → 0), 0 if it did not move.
 */
function bootstrapSwitches(
  c: Float64Array,
  b: Float64Array,
  seed: number,
): { percentile: boolean; studentized: boolean; bca: boolean } {
  const n = c.length;
  const d = Float64Array.from(c, (ci, i) => marginStatistic(ci, b[i] as number, margin));
  const meanD = d.reduce((s, x) => s + x, 0) / n;
  const centredSquares = Float64Array.from(d, (x) => (x - meanD) ** 2);
  const [repC, repB, repSq] = clusterBootstrap([c, b, centredSquares], null, {
    resamples: RESAMPLES,
    seed,
  }) as [Float64Array, Float64Array, Float64Array];
  const repD = new Float64Array(RESAMPLES);
  const t = new Float64Array(RESAMPLES);
  for (let r = 0; r < RESAMPLES; r++) {
    repD[r] = marginStatistic(repC[r] as number, repB[r] as number, margin);
    const shift = (repD[r] as number) - meanD;
    const se = Math.sqrt((Math.max(0, (repSq[r] as number) - shift * shift) * n) / (n - 1) / n);
    t[r] = se > 0 ? shift / se : shift > 0 ? Infinity : shift < 0 ? -Infinity : 0;
  }
  const floor = floorLow(meanD, n);
  const pct = percentileInterval(repD, confidence) as [number, number];
  let ss = 0;
  let cubes = 0;
  for (const x of d) {
    ss += (x - meanD) ** 2;
    cubes += (x - meanD) ** 3;
  }
  const se = Math.sqrt(ss / (n - 1) / n);
  t.sort();
  const tHigh = quantileWithInfinities(t, 1 - (1 - confidence) / 2);
  const studentizedLow = se > 0 ? meanD - tHigh * se : meanD;
  let below = 0;
  for (const x of repD) below += x < meanD ? 1 : x === meanD ? 0.5 : 0;
  const share = below / RESAMPLES;
  let bcaLow = pct[0];
  if (share > 0 && share < 1 && ss > 0) {
    const z0 = normalQuantile(share);
    const a = cubes / (6 * ss ** 1.5);
    const zLow = z0 - z;
    const level = normalCdf(z0 + zLow / (1 - a * zLow));
    bcaLow = percentileSorted(Float64Array.from(repD).sort(), level);
  }
  return {
    percentile: Math.min(pct[0], floor) > 0,
    studentized: Math.min(studentizedLow, floor) > 0,
    bca: Math.min(bcaLow, floor) > 0,
  };
}

/** Type-7 quantile of sorted values that may hold ±∞ (an infinite neighbour wins). */
function quantileWithInfinities(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = sorted[Math.floor(h)] as number;
  const hi = sorted[Math.min(sorted.length - 1, Math.floor(h) + 1)] as number;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return hi === Infinity ? Infinity : lo;
  return percentileSorted(sorted, q);
}

/** 20000 → "20,000", the same on every machine. */
const thousands = (k: number) => String(k).replace(/\B(?=(\d{3})+$)/g, ',');

const pct = (p: number, datasets = DATASETS) =>
  `${(100 * p).toFixed(2)} ± ${(100 * Math.sqrt((p * (1 - p)) / datasets)).toFixed(2)}`;

console.log('```');
console.log('npx tsx bench/small-samples.ts');
console.log(
  `${thousands(DATASETS)} pass/fail datasets per row (seed 1 + row), relative margin 5%, confidence ${confidence}; ` +
    `bootstraps with ${thousands(RESAMPLES)} resamples (seed = dataset), not 10,000, to finish in minutes`,
);
console.log('old: percentile interval of the paired cluster bootstrap (the verdict before this change)');
console.log(
  'studentized (bootstrap-t) and BCa: from the same resamples; new: the score interval (nonInferiority)',
);
console.log(
  `new: on the same ${thousands(DATASETS)} datasets, and on ${thousands(SCORE_DATASETS)} (those first; it needs no resampling)`,
);
console.log('every column includes the unseen-case floor; ± is one Monte-Carlo standard error, in points');
console.log('```');
console.log('');

const mixes: [number, number][] = [
  [0.9, 0.1],
  [0.95, 0.06],
  [0.8, 0.2],
];
const rows: string[][] = [];
let row = 0;
for (const n of [50, 100, 200, 500]) {
  for (const [pass, disagree] of mixes) {
    const cell = atMargin(pass, disagree);
    const rng = seededRng(1 + row++);
    let old = 0;
    let studentized = 0;
    let bca = 0;
    let score = 0;
    let scoreSame = 0;
    for (let k = 0; k < SCORE_DATASETS; k++) {
      const { c, b } = pairedPassFail(rng, n, cell);
      const switched = nonInferiority(c, b, { margin, confidence }).verdict === 'switch';
      if (switched) score++;
      if (k >= DATASETS) continue;
      if (switched) scoreSame++;
      const boot = bootstrapSwitches(c, b, k);
      if (boot.percentile) old++;
      if (boot.studentized) studentized++;
      if (boot.bca) bca++;
    }
    rows.push([
      String(n),
      `${pass * 100}% vs ${(pass * 95).toFixed(2).replace(/\.?0+$/, '')}%`,
      `${disagree * 100}%`,
      pct(old / DATASETS),
      pct(studentized / DATASETS),
      pct(bca / DATASETS),
      pct(scoreSame / DATASETS),
      pct(score / SCORE_DATASETS, SCORE_DATASETS),
    ]);
  }
}
console.log('False `switch` at the margin boundary (promised: at most 2.5%)');
console.log('');
for (const line of table(
  [
    'cases',
    'pass rates',
    'disagree',
    'old %',
    'studentized %',
    'BCa %',
    'new %',
    `new %, ${thousands(SCORE_DATASETS)} datasets`,
  ],
  rows,
))
  console.log(line);
console.log('');

const powerRows: string[][] = [];
for (const [pass, disagree] of [
  [0.8, 0.2],
  [0.9, 0.1],
] as const) {
  const n = 500;
  const cell = equal(pass, disagree);
  const { mu, sigma } = dMoments(cell);
  const oracle = normalCdf(Math.sqrt(n) * (mu / sigma) - z);
  const rng = seededRng(100 + row++);
  let old = 0;
  let score = 0;
  for (let k = 0; k < DATASETS; k++) {
    const { c, b } = pairedPassFail(rng, n, cell);
    if (bootstrapSwitches(c, b, k).percentile) old++;
    if (nonInferiority(c, b, { margin, confidence }).verdict === 'switch') score++;
  }
  powerRows.push([
    `${pass * 100}% both, ${disagree * 100}% disagree`,
    (100 * oracle).toFixed(2),
    pct(old / DATASETS),
    (old / DATASETS / oracle).toFixed(3),
    pct(score / DATASETS),
    (score / DATASETS / oracle).toFixed(3),
  ]);
}
console.log(
  'Power: `switch` for two equal models at 500 cases, against the oracle z-test Φ(√n·μ/σ − z) with known σ',
);
console.log('');
for (const line of table(['models', 'oracle %', 'old %', 'old ÷ oracle', 'new %', 'new ÷ oracle'], powerRows))
  console.log(line);
console.log('');

/**
 * Two equal models with correlated repeats: on each case each model has its own pass probability,
 * drawn from Beta(4, 1) (mean 0.8) independently for the two, and its repeats pass independently
 * with it. Interchangeable models, so H0 holds; but a model's repeats of a case agree more often than
 * chance, so the per-repeat discordant pairs of a case lean the same way.
 */
function correlatedRepeats(
  rng: Rng,
  n: number,
  repeats: number,
): { candidateOnly: number; baselineOnly: number; byCase: Int32Array } {
  const byCase = new Int32Array(n);
  let candidateOnly = 0;
  let baselineOnly = 0;
  for (let i = 0; i < n; i++) {
    const pc = rng.nextFloat() ** (1 / 4);
    const pb = rng.nextFloat() ** (1 / 4);
    for (let k = 0; k < repeats; k++) {
      const cPass = rng.nextFloat() < pc;
      const bPass = rng.nextFloat() < pb;
      if (cPass && !bPass) {
        candidateOnly++;
        byCase[i] = (byCase[i] as number) + 1;
      } else if (bPass && !cPass) {
        baselineOnly++;
        byCase[i] = (byCase[i] as number) - 1;
      }
    }
  }
  return { candidateOnly, baselineOnly, byCase };
}

const mcRows: string[][] = [];
for (const [n, repeats] of [
  [100, REPEATS],
  [200, REPEATS],
  [500, REPEATS],
  [500, 1],
] as const) {
  const rng = seededRng(200 + n + repeats);
  let old = 0;
  let clustered = 0;
  for (let k = 0; k < MCNEMAR_DATASETS; k++) {
    const s = correlatedRepeats(rng, n, repeats);
    if ((mcnemarExact(s.candidateOnly, s.baselineOnly) ?? 1) < 0.05) old++;
    if ((clusteredMcnemar(s.byCase) ?? 1) < 0.05) clustered++;
  }
  const se = (p: number) => (100 * Math.sqrt((p * (1 - p)) / MCNEMAR_DATASETS)).toFixed(2);
  const o = old / MCNEMAR_DATASETS;
  const c = clustered / MCNEMAR_DATASETS;
  mcRows.push([
    String(n),
    String(repeats),
    `${(100 * o).toFixed(2)} ± ${se(o)}`,
    `${(100 * c).toFixed(2)} ± ${se(c)}`,
  ]);
}
console.log(
  'McNemar at 5%, two equal models whose repeats of a case are correlated (per-case pass probabilities ' +
    `Beta(4, 1), drawn for each model; ${thousands(MCNEMAR_DATASETS)} datasets per row, seed 200 + cases + repeats). ` +
    "With one repeat both are McNemar's exact test; exact tests on a lattice reject somewhat less than 5%",
);
console.log('');
for (const line of table(['cases', 'repeats', 'old: per repeat %', 'new: clustered %'], mcRows))
  console.log(line);
