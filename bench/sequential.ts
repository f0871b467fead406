// The sequential verdict against the fixed-sample one on simulated pass/fail datasets: how often each
// says `switch` or `keep`, and how many rows the sequential one reads. Seeded, so the output is the
// same on every run (docs/verdict.md, "The sequential verdict", pastes it).
// Run: npx tsx bench/sequential.ts
import { marginStatistic } from '../src/compare/margin-statistic.js';
import { nonInferiority } from '../src/compare/non-inferiority.js';
import { seededRng } from '../src/compare/seeded-rng.js';
import { sequentialVerdict } from '../src/compare/sequential-verdict.js';
import { pairedPassFail } from '../test/compare/simulated-pairs.js';
import { table } from './table.js';

const ROWS = 1500;
const DATASETS = 2000;
const BATCH = 50;
const margin = { type: 'relative', value: 0.05 } as const;
const confidence = 0.95;

const scenarios: { name: string; cell: { p11: number; p10: number; p01: number } }[] = [
  { name: 'at the margin: 90% vs 85.5%, 10% disagree', cell: { p11: 0.8275, p10: 0.0725, p01: 0.0275 } },
  { name: 'at the margin: 80% vs 76%, 20% disagree', cell: { p11: 0.68, p10: 0.12, p01: 0.08 } },
  { name: 'worse: 90% vs 80% (12.5% / 2.5%)', cell: { p11: 0.775, p10: 0.125, p01: 0.025 } },
  { name: 'as good: 90% vs 90%, 10% disagree', cell: { p11: 0.85, p10: 0.05, p01: 0.05 } },
];

console.log('```');
console.log('npx tsx bench/sequential.ts');
console.log(
  `${DATASETS} datasets per scenario of ${ROWS} pass/fail rows (seed 1 + scenario), relative margin 5%, ` +
    `confidence ${confidence} (each side at 2.5%)`,
);
console.log(
  `sequential: rows in order, a look every ${BATCH} rows, stop at the first look that decides ` +
    '(betting CS, hedged dKelly)',
);
console.log(
  `fixed: nonInferiority on all ${ROWS} rows (the fixed-sample verdict: score interval with the unseen-case floor)`,
);
console.log('± is one Monte-Carlo standard error');
console.log('```');
console.log('');

const pct = (p: number, se: number) => `${(100 * p).toFixed(1)} ± ${(100 * se).toFixed(1)}`;
const shareSe = (p: number) => Math.sqrt((p * (1 - p)) / DATASETS);
const rows: string[][] = [];
scenarios.forEach(({ name, cell }, s) => {
  const rng = seededRng(1 + s);
  const truth = marginStatistic(cell.p11 + cell.p01, cell.p11 + cell.p10, margin);
  let seqSwitch = 0;
  let seqKeep = 0;
  let fixSwitch = 0;
  let fixKeep = 0;
  const used: number[] = [];
  for (let k = 0; k < DATASETS; k++) {
    const { c, b } = pairedPassFail(rng, ROWS, cell);
    const d = Array.from(c, (ci, i) => marginStatistic(ci, b[i] as number, margin));
    const seq = sequentialVerdict(d, { margin, confidence, batch: BATCH });
    if (seq.verdict === 'switch') seqSwitch++;
    if (seq.verdict === 'keep') seqKeep++;
    used.push(seq.casesUsed);
    const fixed = nonInferiority(c, b, { margin, confidence });
    if (fixed.verdict === 'switch') fixSwitch++;
    if (fixed.verdict === 'keep') fixKeep++;
  }
  const meanUsed = used.reduce((t, u) => t + u, 0) / DATASETS;
  const sdUsed = Math.sqrt(used.reduce((t, u) => t + (u - meanUsed) ** 2, 0) / (DATASETS - 1));
  const seUsed = sdUsed / Math.sqrt(DATASETS);
  const sorted = used.slice().sort((a, b) => a - b);
  const p90 = sorted[Math.ceil(0.9 * DATASETS) - 1] as number;
  const p = [seqSwitch, seqKeep, fixSwitch, fixKeep].map((n) => n / DATASETS) as [
    number,
    number,
    number,
    number,
  ];
  rows.push([
    name,
    truth.toFixed(4),
    pct(p[0], shareSe(p[0])),
    pct(p[1], shareSe(p[1])),
    `${meanUsed.toFixed(0)} ± ${seUsed.toFixed(0)}`,
    `${((100 * meanUsed) / ROWS).toFixed(1)}%`,
    String(p90),
    pct(p[2], shareSe(p[2])),
    pct(p[3], shareSe(p[3])),
  ]);
});

for (const line of table(
  [
    'scenario (baseline vs candidate)',
    'mean(d)',
    'seq. switch %',
    'seq. keep %',
    'seq. rows (mean)',
    'of dataset',
    'seq. rows (p90)',
    'fixed switch %',
    'fixed keep %',
  ],
  rows,
)) {
  console.log(line);
}
