import { describe, expect, it } from 'vitest';
import { clusteredMcnemar } from '../../src/compare/clustered-mcnemar.js';
import { mcnemarExact } from '../../src/compare/mcnemar-exact.js';
import { seededRng } from '../../src/compare/seeded-rng.js';
import { share } from './simulated-pairs.js';

// Two equal models with 3 correlated repeats per case: on each case each model has its own pass
// probability, drawn from Beta(4, 1) (mean 0.8; u^(1/4) for u uniform) independently for the two, and
// its repeats pass independently with it. The models are interchangeable, so H0 holds; but a model's
// repeats of a case agree more often than chance, so a case's discordant repeats lean one way.
// 10,000 datasets of 200 cases, seeded (about a second).
describe('clustered McNemar, simulated', () => {
  it('keeps its 5% level with correlated repeats, where counting each repeat as a pair does not', () => {
    const rng = seededRng(808);
    const n = 200;
    const datasets = 10_000;
    let perRepeat = 0;
    const { share: rejected, se } = share(datasets, () => {
      const byCase = new Int32Array(n);
      let candidateOnly = 0;
      let baselineOnly = 0;
      for (let i = 0; i < n; i++) {
        const pc = rng.nextFloat() ** 0.25;
        const pb = rng.nextFloat() ** 0.25;
        for (let k = 0; k < 3; k++) {
          const c = rng.nextFloat() < pc;
          const b = rng.nextFloat() < pb;
          if (c && !b) {
            candidateOnly++;
            byCase[i] = (byCase[i] as number) + 1;
          } else if (b && !c) {
            baselineOnly++;
            byCase[i] = (byCase[i] as number) - 1;
          }
        }
      }
      if ((mcnemarExact(candidateOnly, baselineOnly) ?? 1) < 0.05) perRepeat++;
      return (clusteredMcnemar(byCase) ?? 1) < 0.05;
    });
    // The guarantee: an exact test of interchangeable models rejects at most 5% of the time.
    // Observed: 4.22% (± 0.20).
    expect(rejected).toBeLessThanOrEqual(0.05 + 2 * se);
    // Not much less. An exact test on a lattice falls short of 5% by part of the mass of the lattice
    // point at its critical value, as McNemar's exact test does without repeats: Σ ±|D_i| moves in
    // steps of 2 with an SD near √(200·1.28) = 16 here, so a point there holds about
    // 2·φ(1.96)/16 = 0.7% per side, and on average about half of it is lost on each side (4.3%).
    expect(rejected).toBeGreaterThan(0.043 - 2 * se);
    // McNemar's test on the repeats as if independent pairs: 7.57% on these datasets (8% at 200-500
    // cases in bench/small-samples.ts).
    expect(perRepeat / datasets).toBeGreaterThan(0.07);
  });
});
