import { describe, expect, it } from 'vitest';
import type { CascadeCase } from '../../src/compare/cascade-cases.js';
import { cascadeCurve, gapRecovery, MAX_CURVE_POINTS } from '../../src/compare/cascade-curve.js';
import { clusterBootstrap, forEachClusterResample } from '../../src/compare/cluster-bootstrap.js';

const one = (b: number, score: number, confidence: number | null): CascadeCase => ({
  b,
  repeats: [{ score, checksFailed: null, confidence, latencyMs: null, baselineLatencyMs: null }],
});

// Four cases: (c, b, confidence) = (1, 1, 0.9), (0, 1, 0.2), (0, 1, 0.5), (1, 0, 0.7).
// All-candidate quality 0.5, all-baseline 0.75: a gap of 0.25.
const cases = [one(1, 1, 0.9), one(1, 0, 0.2), one(1, 0, 0.5), one(0, 1, 0.7)];
const c = Float64Array.from([1, 0, 0, 1]);
const b = Float64Array.from([1, 1, 1, 0]);
const rule = { when: 'any', checks: false, confidence: true } as const;

describe('gapRecovery (APGR, Ong et al. 2024)', () => {
  it('is 0.5 for random routing (the straight line) and 1 for a curve at the baseline from the start', () => {
    expect(gapRecovery([0.5], [0.6], 0.4, 0.8).apgr).toBeCloseTo(0.5, 12);
    expect(gapRecovery([0], [0.8], 0.4, 0.8).apgr).toBeCloseTo(1, 12);
    const line = gapRecovery([], [], 0.4, 0.8);
    expect(line.shareFor50).toBeCloseTo(0.5, 12);
    expect(line.shareFor80).toBeCloseTo(0.8, 12);
  });

  it('has no APGR without a gap, and needs no escalation to recover one', () => {
    const none = gapRecovery([0.5], [0.7], 0.7, 0.7);
    expect(none.apgr).toBeNaN();
    expect(none.shareFor50).toBe(0);
  });
});

describe('cascadeCurve', () => {
  const curve = cascadeCurve({
    candidate: 'slm',
    policy: 'unsure',
    cases,
    rule,
    c,
    b,
    candidateCostPer1k: 0.12,
    baselineCostPer1k: 1.2,
    confidence: 0.95,
    resamples: 1000,
    seed: 1,
  });

  it('sweeps the distinct confidences and 1, computed by hand', () => {
    // Below 0.2: nothing escalates (0.5). Below 0.5: case 2 (→ baseline 1): 0.75. Below 0.7: case 3
    // too: 1.0. Below 0.9: case 4 (→ baseline 0): 0.75. Below 1: case 1 (→ 1): 0.75.
    expect(curve.points.map((p) => [p.threshold, p.escalationShare, p.quality])).toEqual([
      [0.2, 0, 0.5],
      [0.5, 0.25, 0.75],
      [0.7, 0.5, 1],
      [0.9, 0.75, 0.75],
      [1, 1, 0.75],
    ]);
    // $0.12 + share × $1.20.
    curve.points.forEach((p) => {
      expect(p.costPer1k).toBeCloseTo(0.12 + p.escalationShare * 1.2, 12);
    });
  });

  it('gives APGR and the shares for 50% and 80% of the gap, by hand', () => {
    // Trapezoids over (0, .5) (0, .5) (.25, .75) (.5, 1) (.75, .75) (1, .75) (1, .75):
    // 0 + .15625 + .21875 + .21875 + .1875 + 0 = .78125; APGR = (.78125 − .5) / .25 = 1.125 (it beats
    // the baseline on the way). 50% of the gap is 0.625, reached a quarter of the way up the first
    // rise: share 0.125; 80% is 0.7, at 0.2.
    expect(curve.apgr).toBeCloseTo(1.125, 12);
    expect(curve.shareFor50).toBeCloseTo(0.125, 12);
    expect(curve.shareFor80).toBeCloseTo(0.2, 12);
  });

  it('has pointwise bands and intervals from the resamples (null where a resample has no gap)', () => {
    for (const p of curve.points) {
      const [lo, hi] = p.qualityCi as [number, number];
      expect(lo).toBeLessThanOrEqual(p.quality as number);
      expect(hi).toBeGreaterThanOrEqual(p.quality as number);
    }
    // Four cases: some resamples draw no case where the baseline is better, so APGR is undefined there.
    expect(curve.apgrCi).toBeNull();
    const [lo, hi] = curve.shareFor50Ci as [number, number];
    expect(lo).toBeLessThanOrEqual(0.125);
    expect(hi).toBeGreaterThanOrEqual(0.125);
  });

  it('shows at most MAX_CURVE_POINTS points, keeping the lowest and highest threshold', () => {
    const many = Array.from({ length: 500 }, (_, i) => one(1, i % 3 === 0 ? 1 : 0, i / 1000));
    const big = cascadeCurve({
      candidate: 'slm',
      policy: 'p',
      cases: many,
      rule,
      c: Float64Array.from(many, (x) => x.repeats[0]?.score as number),
      b: Float64Array.from(many, (x) => x.b),
      candidateCostPer1k: null,
      baselineCostPer1k: null,
      confidence: 0.95,
      resamples: 200,
      seed: 1,
    });
    expect(big.points).toHaveLength(MAX_CURVE_POINTS);
    expect(big.points[0]?.threshold).toBe(0);
    expect(big.points.at(-1)?.threshold).toBe(1);
    expect(big.points[0]?.costPer1k).toBeNull();
    expect(big.apgr).not.toBeNull();
    expect(big.apgrCi).not.toBeNull();
  });
});

describe('forEachClusterResample', () => {
  it("draws the verdict's own resamples: the same means as clusterBootstrap, resample by resample", () => {
    const x = Float64Array.from([0.1, 0.9, 0.4, 0.7, 0.3, 1]);
    const opts = { resamples: 300, seed: 42 };
    const [expected] = clusterBootstrap([x], null, opts) as [Float64Array];
    const got = new Float64Array(opts.resamples);
    forEachClusterResample(x.length, opts, (counts, r) => {
      let s = 0;
      counts.forEach((k, i) => {
        s += k * (x[i] as number);
      });
      got[r] = s / x.length;
    });
    got.forEach((v, r) => {
      expect(v).toBeCloseTo(expected[r] as number, 12);
    });
  });
});
