import { describe, expect, it } from 'vitest';
import {
  bettingCapital,
  confidenceBounds,
  confidenceSequence,
  meanTest,
} from '../../src/compare/confidence-sequence.js';
import { marginStatistic, marginStatisticRange } from '../../src/compare/margin-statistic.js';
import { seededRng } from '../../src/compare/seeded-rng.js';
import { pairedPassFail, share } from './simulated-pairs.js';

// Reference values from the `confseq` Python package (gostevehoward/confseq, src/confseq/betting.py at
// commit 04e44648826615699fa38a66dda4c574c429b65d), an implementation of Waudby-Smith & Ramdas
// independent of this one. With no pip here, its `betting_mart`, `diversified_betting_mart` and `cs_from_martingale`
// were copied into a scratch script outside the repository and run under numpy 2.4.6 / scipy 1.17.1,
// with the lambda functions of its `dKelly_cs` (D = 10, λ⁺_k = k/(11·m), λ⁻_k = k/(11·(1 − m))) passed
// to `betting_cs`'s martingale as `lambdas_fns_positive` / `lambdas_fns_negative`, with
// `theta=0.5, convex_comb=False, trunc_scale=1, m_trunc=True` (the hedged max form: `dKelly_cs` itself
// uses `convex_comb=True`, the average of the two sides, whose CS need not be an interval):
//   - log K⁺ / log K⁻: log of `diversified_betting_mart`'s positive / negative capital at t;
//   - CS ends: `scipy.optimize.brentq` (xtol = rtol = 1e-15) on m ↦ mart(x[:t], m)[-1] − 1/α,
//     either side of the sample mean, α = 0.05; confseq's own grid (`cs_from_martingale`, breaks=1000)
//     gave [0.319, 0.687], [0.383, 0.648], [0.400, 0.624] at t = 20, 40, 60: the same ends to the grid.

/** Sixty distinct values in [0, 1], 0.02 to 1 (x_i = (37·i mod 101) / 100, i = 1..60). */
const xs = Array.from({ length: 60 }, (_, i) => (((i + 1) * 37) % 101) / 100);

/** log K⁺ and log K⁻ at t = 20, 40, 60 from confseq, per candidate mean m. */
const confseqCapital: [number, [number, number, number], [number, number, number]][] = [
  [
    0.3,
    [4.598061021790699, 10.870407750324734, 15.577846350693575],
    [-2.1096373281384557, -3.1461606621972464, -3.8576383317096683],
  ],
  [
    0.45,
    [-0.053815601552125926, 0.5176928098115708, 0.6423458668586277],
    [-1.2874743820373034, -2.069695918225905, -2.489157442564779],
  ],
  [
    0.5,
    [-0.7578281898381961, -0.8181902092755836, -1.0826217293116969],
    [-0.8128252250608162, -1.4254050913877205, -1.6680574360076694],
  ],
  [
    0.62,
    [-1.7237027926147817, -2.3738035075542956, -2.9665781679323633],
    [1.3585756300301595, 2.1303682495502327, 3.4023641548310875],
  ],
];

/**
 * A 60-case pass/fail stream: P both pass (d = 0.05), F both fail (0), B only the baseline (−0.95),
 * C only the candidate (1).
 */
const passFail = 'PPPPCPPPBPPPPPPPFPPPCPPPPPPBPPPPCPPPPPPPPPPCPPPFPPPPBPPPPPPC';
const margin5 = { type: 'relative', value: 0.05 } as const;

describe('betting confidence sequence against confseq', () => {
  it.each(confseqCapital)('capital at m = %f equals confseq at t = 20, 40, 60', (m, plus, minus) => {
    [20, 40, 60].forEach((t, j) => {
      const k = bettingCapital(xs.slice(0, t), m, { range: [0, 1] });
      expect(k.plus).toBeCloseTo(plus[j] as number, 12);
      expect(k.minus).toBeCloseTo(minus[j] as number, 12);
    });
  });

  it('gives confseq’s CS at each look', () => {
    const looks = confidenceSequence(xs, { range: [0, 1], confidence: 0.95, batch: 20 });
    expect(looks.map((l) => l.observations)).toEqual([20, 40, 60]);
    const ends = [
      [0.3196439081454117, 0.6863150619799727],
      [0.3839207244410599, 0.6470808585026465],
      [0.40026535041616645, 0.6236882675085256],
    ];
    looks.forEach((look, j) => {
      expect(look.low).toBeCloseTo(ends[j]?.[0] as number, 12);
      expect(look.high).toBeCloseTo(ends[j]?.[1] as number, 12);
    });
  });

  it('works in d’s own units: pass/fail cases at a 5% relative margin', () => {
    // confseq on y = (d + 0.95) / 1.95, ends mapped back by d = −0.95 + 1.95·y; capital at d = 0.
    const range = marginStatisticRange(margin5);
    expect(range).toEqual([-0.95, 1]);
    // d as the verdict computes it (0.05 comes out as 0.050000000000000044, 4e-17 from confseq's input).
    const d = [...passFail].map((ch) => marginStatistic(...pairOf(ch), margin5));
    const test = meanTest(0, { range, confidence: 0.95 });
    const plus = [0.00582377246045204, 0.4398484872285224, 0.8787066245499247];
    const minus = [-0.7205021569554445, -1.4944992260168029, -1.978407965282492];
    const ends = [
      [-0.24912381860527322, 0.3285750612243412],
      [-0.125469127427429, 0.26508441110681225],
      [-0.07736295001724702, 0.23528279515693673],
    ];
    const looks = confidenceSequence(d, { range, confidence: 0.95, batch: 20 });
    for (let j = 0; j < 3; j++) {
      test.addBatch(d.slice(20 * j, 20 * j + 20));
      expect(test.logCapital().plus).toBeCloseTo(plus[j] as number, 12);
      expect(test.logCapital().minus).toBeCloseTo(minus[j] as number, 12);
      expect(test.decideAtLook()).toBeNull();
      expect(looks[j]?.low).toBeCloseTo(ends[j]?.[0] as number, 11);
      expect(looks[j]?.high).toBeCloseTo(ends[j]?.[1] as number, 11);
    }
  });
});

describe('betting confidence sequence: properties', () => {
  it('is the whole range before any observation, and always holds the sample mean', () => {
    expect(confidenceBounds([], { range: [-0.95, 1], confidence: 0.95 })).toEqual([-0.95, 1]);
    const rng = seededRng(11);
    for (let r = 0; r < 50; r++) {
      const n = 1 + rng.nextInt(200);
      const x = Array.from({ length: n }, () => rng.nextFloat() ** (1 + rng.nextInt(4)));
      const mean = x.reduce((s, v) => s + v, 0) / n;
      const [low, high] = confidenceBounds(x, { range: [0, 1], confidence: 0.95 });
      expect(low).toBeLessThanOrEqual(mean);
      expect(high).toBeGreaterThanOrEqual(mean);
    }
    // All observations at an end: the CS still reaches that end.
    expect(confidenceBounds([0, 0, 0], { range: [0, 1], confidence: 0.95 })[0]).toBe(0);
    expect(confidenceBounds([1, 1, 1], { range: [0, 1], confidence: 0.95 })[1]).toBe(1);
  });

  it('has monotone capitals, so the cheap test at a mean agrees with the bisected interval', () => {
    const rng = seededRng(12);
    let decided = 0;
    for (let r = 0; r < 200; r++) {
      const n = 20 + rng.nextInt(300);
      const p = rng.nextFloat();
      const x = Array.from({ length: n }, () => (rng.nextFloat() < p ? 1 : rng.nextFloat() * 0.5));
      const m = 0.2 + 0.6 * rng.nextFloat();
      const grid = Array.from({ length: 21 }, (_, i) => i / 20);
      const caps = grid.map((g) => bettingCapital(x, 0.01 + 0.98 * g, { range: [0, 1] }));
      for (let i = 1; i < caps.length; i++) {
        expect(caps[i]?.plus).toBeLessThanOrEqual((caps[i - 1]?.plus as number) + 1e-12);
        expect(caps[i]?.minus).toBeGreaterThanOrEqual((caps[i - 1]?.minus as number) - 1e-12);
      }
      const test = meanTest(m, { range: [0, 1], confidence: 0.95 });
      test.addBatch(x);
      const [low, high] = confidenceBounds(x, { range: [0, 1], confidence: 0.95 });
      const side = low > m ? 'above' : high < m ? 'below' : null;
      expect(test.decideAtLook()).toBe(side);
      if (side) decided++;
    }
    expect(decided).toBeGreaterThan(50);
  });

  it('refuses an observation outside the range', () => {
    expect(() => confidenceBounds([0.5, 1.2], { range: [0, 1], confidence: 0.95 })).toThrow(RangeError);
    expect(() => meanTest(0, { range: [1, 1], confidence: 0.95 })).toThrow(RangeError);
    expect(() => confidenceBounds([0.5], { range: [0, 1], confidence: 1 })).toThrow(RangeError);
  });
});

describe('betting confidence sequence: anytime coverage, simulated', () => {
  // 1,000 seeded streams of 500 observations, looking after EVERY observation (batch 1, the most
  // looks there can be): the share of streams whose CS ever leaves out the true mean must stay within
  // α = 5% (each side within α/2) up to simulation error. Ville's inequality makes it at most α;
  // betting CSs are conservative in practice (observed below).
  const runs = 1000;
  const se = (p: number) => Math.sqrt((p * (1 - p)) / runs);

  function everMisses(draw: () => number, truth: number, range: [number, number]): (k: number) => string {
    return () => {
      const test = meanTest(truth, { range, confidence: 0.95 });
      for (let i = 0; i < 500; i++) {
        test.addBatch([draw()]);
        const side = test.decideAtLook();
        if (side) return side;
      }
      return '';
    };
  }

  it('pass/fail d exactly at the margin (baseline 80%, candidate 76%, 20% disagreeing)', () => {
    const rng = seededRng(21);
    const cell = { p11: 0.68, p10: 0.12, p01: 0.08 };
    const draw = () => {
      const { c, b } = pairedPassFail(rng, 1, cell);
      return marginStatistic(c[0] as number, b[0] as number, margin5);
    };
    const miss = everMisses(draw, 0, marginStatisticRange(margin5));
    const outcomes = Array.from({ length: runs }, (_, k) => miss(k));
    const above = share(runs, (k) => outcomes[k] === 'above').share;
    const below = share(runs, (k) => outcomes[k] === 'below').share;
    // Observed: 1.7% above, 1.6% below (3.3% in all).
    expect(above).toBeLessThanOrEqual(0.025 + 2 * se(0.025));
    expect(below).toBeLessThanOrEqual(0.025 + 2 * se(0.025));
    expect(above + below).toBeLessThanOrEqual(0.05 + 2 * se(0.05));
  });

  it('a skewed continuous variable (u², mean 1/3)', () => {
    const rng = seededRng(22);
    const miss = everMisses(() => rng.nextFloat() ** 2, 1 / 3, [0, 1]);
    const outcomes = Array.from({ length: runs }, (_, k) => miss(k));
    const missed = share(runs, (k) => outcomes[k] !== '').share;
    // Observed: 3.1% (1.4% above, 1.7% below).
    expect(missed).toBeLessThanOrEqual(0.05 + 2 * se(0.05));
  });
});

describe('betting confidence sequence: order within a batch', () => {
  it('gives the same bits whatever the order of each batch', () => {
    const rng = seededRng(31);
    const x = Array.from({ length: 230 }, () => rng.nextFloat() ** 3);
    const shuffled = shuffleWithinBatches(x, 50, rng);
    expect(shuffled).not.toEqual(x);
    const opts = { range: [0, 1] as [number, number], confidence: 0.95, batch: 50 };
    expect(confidenceSequence(shuffled, opts)).toEqual(confidenceSequence(x, opts));
    const a = meanTest(0.2, opts);
    const b = meanTest(0.2, opts);
    for (let i = 0; i < x.length; i += 50) {
      a.addBatch(x.slice(i, i + 50));
      b.addBatch(shuffled.slice(i, i + 50));
      expect(Object.is(a.logCapital().plus, b.logCapital().plus)).toBe(true);
      expect(Object.is(a.logCapital().minus, b.logCapital().minus)).toBe(true);
    }
  });
});

function pairOf(ch: string): [number, number] {
  return ch === 'P' ? [1, 1] : ch === 'F' ? [0, 0] : ch === 'B' ? [0, 1] : [1, 0];
}

function shuffleWithinBatches<T>(x: readonly T[], batch: number, rng: ReturnType<typeof seededRng>): T[] {
  const out = x.slice();
  for (let start = 0; start < out.length; start += batch) {
    const end = Math.min(out.length, start + batch);
    for (let i = end - 1; i > start; i--) {
      const j = start + rng.nextInt(i - start + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
  }
  return out;
}
