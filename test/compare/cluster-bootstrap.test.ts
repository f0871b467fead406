import { describe, expect, it } from 'vitest';
import { clusterBootstrap } from '../../src/compare/cluster-bootstrap.js';
import { percentileInterval } from '../../src/compare/percentile-interval.js';
import { seededRng } from '../../src/compare/seeded-rng.js';

function sd(x: Float64Array): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
}

describe('clusterBootstrap', () => {
  it('converges to the exact bootstrap distribution (enumerated)', () => {
    // Four clusters 0, 1, 2, 10: the 4^4 = 256 equally likely resamples, enumerated in Python
    // (itertools.product), put the mean's 2.5% quantile at 0.5, 10% at 0.75, 90% at 5.75 and 97.5% at
    // 7.75, each well inside its atom (CDF 0.0195 < 0.025 < 0.0586, 0.0586 < 0.1 < 0.1211,
    // 0.8789 < 0.9 < 0.9258, 0.9648 < 0.975 < 0.9805), so 100,000 resamples land on them exactly.
    const [reps] = clusterBootstrap([Float64Array.from([0, 1, 2, 10])], null, {
      resamples: 100_000,
      seed: 5,
    }) as [Float64Array];
    expect(percentileInterval(reps, 0.95)).toEqual([0.5, 7.75]);
    expect(percentileInterval(reps, 0.8)).toEqual([0.75, 5.75]);
    // P(mean = 3.25) = 28/256 exactly.
    const share = reps.filter((r) => r === 3.25).length / reps.length;
    expect(share).toBeCloseTo(28 / 256, 2);
  });

  it('has the plug-in standard error of a mean: sqrt(Σ(x − x̄)²/n)/√n', () => {
    const rng = seededRng(9);
    const n = 1000;
    const x = Float64Array.from({ length: n }, () => rng.nextFloat() ** 2);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const plugIn = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n) / Math.sqrt(n);
    const [reps] = clusterBootstrap([x], null, { resamples: 10_000, seed: 1 }) as [Float64Array];
    // SE of an SD estimated from 10,000 near-normal replicates: 0.7%.
    expect(sd(reps) / plugIn).toBeGreaterThan(0.97);
    expect(sd(reps) / plugIn).toBeLessThan(1.03);
    // And the percentile interval matches mean ± 1.96·SE (the mean of 1,000 values is near normal).
    const [lo, hi] = percentileInterval(reps, 0.95) as [number, number];
    expect(Math.abs(lo - (mean - 1.959964 * plugIn)) / plugIn).toBeLessThan(0.1);
    expect(Math.abs(hi - (mean + 1.959964 * plugIn)) / plugIn).toBeLessThan(0.1);
  });

  it('resamples whole clusters: the ratio mean has the delta-method standard error', () => {
    // Clusters of 1 to 4 observations; the ratio estimator R = Σs/Σm has, to first order,
    // Var(R) = Σ(s_i − R·m_i)² / (n²·m̄²) (Cochran, Sampling Techniques, 3rd ed., eq. 6.13, no fpc).
    const rng = seededRng(21);
    const n = 800;
    const counts = Float64Array.from({ length: n }, () => 1 + rng.nextInt(4));
    // Repeats of a case agree strongly: each cluster's observations share its case difficulty.
    const sums = counts.map((m) => {
      const p = rng.nextFloat();
      let s = 0;
      for (let k = 0; k < m; k++) s += rng.nextFloat() < p ? 1 : 0;
      return s;
    });
    const totalS = sums.reduce((a, b) => a + b, 0);
    const totalM = counts.reduce((a, b) => a + b, 0);
    const R = totalS / totalM;
    const mBar = totalM / n;
    const deltaSe = Math.sqrt(
      sums.reduce((a, s, i) => a + (s - R * (counts[i] as number)) ** 2, 0) / (n * n * mBar * mBar),
    );
    const [reps] = clusterBootstrap([sums], counts, { resamples: 10_000, seed: 2 }) as [Float64Array];
    expect(sd(reps) / deltaSe).toBeGreaterThan(0.96);
    expect(sd(reps) / deltaSe).toBeLessThan(1.04);
    const center = reps.reduce((a, b) => a + b, 0) / reps.length;
    expect(Math.abs(center - R)).toBeLessThan(deltaSe / 10);

    // Treating every observation as independent would understate the spread of correlated repeats.
    const naiveSe = Math.sqrt((R * (1 - R)) / totalM);
    expect(sd(reps)).toBeGreaterThan(1.2 * naiveSe);
  });

  it('pairs the series: both means come from the same draws', () => {
    const a = Float64Array.from([0, 1, 0, 1, 1, 0, 1, 1]);
    const [ra, rb] = clusterBootstrap([a, a.map((v) => 2 * v + 1)], null, { resamples: 500, seed: 4 }) as [
      Float64Array,
      Float64Array,
    ];
    for (let r = 0; r < 500; r++) expect(rb[r]).toBeCloseTo(2 * (ra[r] as number) + 1, 12);
  });

  it('is reproducible from its seed, and differs across seeds', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
    const run = (seed: number) => clusterBootstrap([x], null, { resamples: 200, seed })[0] as Float64Array;
    expect([...run(1)]).toEqual([...run(1)]);
    expect([...run(1)]).not.toEqual([...run(2)]);
  });

  it('runs 10,000 resamples of 1,000 clusters (two series) well under a second', () => {
    const rng = seededRng(1);
    const c = Float64Array.from({ length: 1000 }, () => rng.nextFloat());
    const b = Float64Array.from({ length: 1000 }, () => rng.nextFloat());
    clusterBootstrap([c, b], null, { resamples: 1000, seed: 1 }); // warm-up
    const start = performance.now();
    clusterBootstrap([c, b], null, { resamples: 10_000, seed: 1 });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('gives NaN replicates for no clusters and refuses series of different lengths', () => {
    const [reps] = clusterBootstrap([new Float64Array(0)], null, { resamples: 3, seed: 1 }) as [Float64Array];
    expect([...reps].every(Number.isNaN)).toBe(true);
    expect(() =>
      clusterBootstrap([new Float64Array(2), new Float64Array(3)], null, { resamples: 1, seed: 1 }),
    ).toThrow();
  });
});
