import { describe, expect, it } from 'vitest';
import { type NonInferiorityOptions, nonInferiority } from '../../src/compare/non-inferiority.js';
import { normalQuantile } from '../../src/compare/normal-quantile.js';
import { type Rng, seededRng } from '../../src/compare/seeded-rng.js';
import { atMargin, equalModels, normalCdf, pairedPassFail, share } from './simulated-pairs.js';

// What the fixed-sample verdict promises, checked where users start: a candidate exactly at the margin
// (true mean(d) = 0) gets `switch` in at most 2.5% of datasets (the low end of a two-sided 95%
// interval), from 50 cases up; and the guard costs little power. Seeded, so deterministic; the score
// interval needs no resampling, so 4,000 datasets per scenario take under a second. Observed `switch`
// rates, pass/fail: 1.9%, 0.3%, 2.2% at 50 cases (90%/10%, 95%/6%, 80%/20%), 1.9%, 2.0%, 2.4% at 100,
// 2.5%, 1.8%, 2.3% at 200; general scores 2.5%, 2.3%, 2.6%, 2.8%. Power at 500 cases: 0.527 against
// the oracle's 0.536 (ratio 0.98), 0.899 against 0.903 (0.995).
//
// The percentile bootstrap this replaced gave, on the same kind of datasets (bench/small-samples.ts,
// 3,000 datasets): 4.0% at 50 cases (80% vs 76%, 20% disagreeing), 3.4% at 100 (90% vs 85.5%, 10%),
// 4.1% at 100 and 3.7% at 200 (95% vs 90.25%, 6%); studentized and BCa bootstraps still 3.1-4.2% at
// 50-100.
const DATASETS = 4000;
const relative5: NonInferiorityOptions = { margin: { type: 'relative', value: 0.05 }, confidence: 0.95 };
/** 2.5% plus two simulation standard errors at 2.5%: 2.99% for 4,000 datasets. */
const BOUND = 0.025 + 2 * Math.sqrt((0.025 * 0.975) / DATASETS);

describe('fixed-sample verdict at small samples, simulated', () => {
  const scenarios: [number, number, number][] = [];
  for (const n of [50, 100, 200])
    for (const [pass, disagree] of [
      [0.9, 0.1],
      [0.95, 0.06],
      [0.8, 0.2],
    ])
      scenarios.push([n, pass as number, disagree as number]);

  it.each(scenarios)(
    'at the margin, %i cases, baseline passing %s, %s disagreeing: `switch` ≤ 2.5% + 2 SE',
    (n, pass, disagree) => {
      const cell = atMargin(pass, disagree);
      // The candidate passes exactly 95% of the baseline's rate.
      expect(cell.p11 + cell.p01).toBeCloseTo(0.95 * pass, 12);
      const rng = seededRng(1000 * n + Math.round(100 * pass));
      const { share: switched } = share(DATASETS, () => {
        const { c, b } = pairedPassFail(rng, n, cell);
        return nonInferiority(c, b, relative5).verdict === 'switch';
      });
      expect(switched).toBeLessThanOrEqual(BOUND);
    },
  );

  // General scores: per-case means of 3 repeats whose pass probability both models feel (a shared
  // difficulty u ~ U(0, 1)), so d takes many values and is skewed. The relative margin is set so the
  // candidate sits exactly on it: m = 1 − E[c]/E[b].
  const repeated = (rng: Rng, n: number, base: [number, number], cand: [number, number]) => {
    const c = new Float64Array(n);
    const b = new Float64Array(n);
    const passes = (p: number) => (rng.nextFloat() < p ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      const pb = base[0] - base[1] * u;
      const pc = cand[0] - cand[1] * u;
      b[i] = (passes(pb) + passes(pb) + passes(pb)) / 3;
      c[i] = (passes(pc) + passes(pc) + passes(pc)) / 3;
    }
    return { c, b };
  };
  it.each([
    // Baseline 0.95 − 0.5u (mean 0.70), candidate 0.90 − 0.55u (0.625).
    ['a middling suite', 50, [0.95, 0.5], [0.9, 0.55]],
    ['a middling suite', 100, [0.95, 0.5], [0.9, 0.55]],
    // An easy suite: baseline 0.99 − 0.2u (0.89), candidate 0.97 − 0.25u (0.845).
    ['an easy suite', 100, [0.99, 0.2], [0.97, 0.25]],
    ['an easy suite', 200, [0.99, 0.2], [0.97, 0.25]],
  ] as [string, number, [number, number], [number, number]][])(
    'general scores (%s, 3 repeats averaged), %i cases at the margin: `switch` ≤ 2.5% + 2 SE',
    (_name, n, base, cand) => {
      const meanB = base[0] - base[1] / 2;
      const meanC = cand[0] - cand[1] / 2;
      const opts: NonInferiorityOptions = {
        margin: { type: 'relative', value: 1 - meanC / meanB },
        confidence: 0.95,
      };
      const rng = seededRng(7000 + n + Math.round(100 * base[0]));
      const { share: switched } = share(DATASETS, () => {
        const { c, b } = repeated(rng, n, base, cand);
        return nonInferiority(c, b, opts).verdict === 'switch';
      });
      expect(switched).toBeLessThanOrEqual(BOUND);
    },
  );

  it.each([
    [0.8, 0.2],
    [0.9, 0.1],
  ])(
    'two equal models at 500 cases (both %s, %s disagreeing): `switch` within 10% of the oracle',
    (pass, disagree) => {
      // The oracle: the one-sided z-test at 2.5% that knows σ, Φ(√n·μ/σ − z_{0.975}) (0.536 and 0.903).
      const cell = equalModels(pass, disagree);
      const d = [
        [cell.p11, 0.05],
        [cell.p10, -0.95],
        [cell.p01, 1],
      ] as const;
      const mu = d.reduce((s, [p, x]) => s + p * x, 0);
      const sigma = Math.sqrt(d.reduce((s, [p, x]) => s + p * x * x, 0) - mu * mu);
      const oracle = normalCdf(Math.sqrt(500) * (mu / sigma) - normalQuantile(0.975));
      const rng = seededRng(500 + Math.round(100 * pass));
      const { share: switched } = share(2000, () => {
        const { c, b } = pairedPassFail(rng, 500, cell);
        return nonInferiority(c, b, relative5).verdict === 'switch';
      });
      expect(switched / oracle).toBeGreaterThanOrEqual(0.9);
      expect(switched / oracle).toBeLessThanOrEqual(1.1);
    },
  );
});
