import { describe, expect, it } from 'vitest';
import { nonInferiority } from '../../src/compare/non-inferiority.js';
import { seededRng } from '../../src/compare/seeded-rng.js';
import { share } from './simulated-pairs.js';

// Coverage of the verdict's interval for mean(d) under the cluster structure it is built for: each
// case has a difficulty u ~ U(0, 1) that both models feel, and two repeats per model drawn
// independently given u, averaged within the case. Pass probabilities 0.95 − 0.5u (baseline) and
// 0.90 − 0.55u (candidate): E = 0.70 and 0.625, so with a 5% relative margin the true
// mean(d) = 0.625 − 0.95·0.70 = −0.04. 2,000 datasets of 200 cases (fixed seeds, deterministic).
describe('score interval for mean(d) over clustered repeats, simulated', () => {
  it('(c) covers the true mean(d) in 93.5-96.5% of datasets at 95%', () => {
    const rng = seededRng(606);
    const n = 200;
    const trueMeanD = 0.625 - 0.95 * 0.7;
    const passes = (p: number) => (rng.nextFloat() < p ? 1 : 0);
    const { share: coverage } = share(2000, () => {
      const c = new Float64Array(n);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.nextFloat();
        b[i] = (passes(0.95 - 0.5 * u) + passes(0.95 - 0.5 * u)) / 2;
        c[i] = (passes(0.9 - 0.55 * u) + passes(0.9 - 0.55 * u)) / 2;
      }
      const { ci } = nonInferiority(c, b, { margin: { type: 'relative', value: 0.05 }, confidence: 0.95 });
      return ci !== null && ci[0] <= trueMeanD && trueMeanD <= ci[1];
    });
    // Observed: 0.9535.
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});
