import { describe, expect, it } from 'vitest';
import { type CascadeCase, cascadeSeries } from '../../src/compare/cascade-cases.js';
import {
  cascadeHalves,
  chooseThreshold,
  crossFit,
  crossFitThresholds,
  escalatesAt,
} from '../../src/compare/cross-fit-threshold.js';
import { thresholdSweep } from '../../src/compare/threshold-sweep.js';
import type { Margin } from '../../src/schema/margin.js';

const one = (
  b: number,
  score: number,
  confidence: number | null,
  checksFailed: boolean | null = null,
): CascadeCase => ({
  b,
  repeats: [{ score, checksFailed, confidence, latencyMs: null, baselineLatencyMs: null }],
});

const relative5: Margin = { type: 'relative', value: 0.05 };
const rule = { when: 'any', checks: false, confidence: true } as const;
// (c, b, confidence): (1, 1, 0.9), (0, 1, 0.2), (0, 1, 0.5), (1, 0, 0.7).
const cases = [one(1, 1, 0.9), one(1, 0, 0.2), one(1, 0, 0.5), one(0, 1, 0.7)];
const sweep = thresholdSweep(cases, rule);

describe('chooseThreshold', () => {
  it('takes the lowest threshold whose cascade is within the margin on the cases it is given', () => {
    // All four: baseline 0.75, limit 0.7125. Below 0.2 serves 0.5; below 0.5 serves 0.75: chosen.
    expect(chooseThreshold(cases, sweep, null, relative5)).toBe(0.5);
    // Cases 1 and 2: baseline 1, limit 0.95; thresholds 0.2, 0.9, 1. Below 0.2: 0.5; below 0.9: 1.
    expect(chooseThreshold(cases, sweep, [1, 1, 0, 0], relative5)).toBe(0.9);
    // Cases 3 and 4: baseline 0.5, limit 0.475; below 0.5 nothing escalates and serves 0.5: chosen.
    expect(chooseThreshold(cases, sweep, [0, 0, 1, 1], relative5)).toBe(0.5);
  });

  it('escalates everything (null) when no threshold is within the margin, or with no case to choose on', () => {
    // `all` with checks that never fail: no threshold escalates anything, and 0 is far below 0.95.
    const stuck = [one(1, 0, 0.3, false), one(1, 0, 0.6, false)];
    const all = { when: 'all', checks: true, confidence: true } as const;
    expect(chooseThreshold(stuck, thresholdSweep(stuck, all), null, relative5)).toBeNull();
    expect(chooseThreshold(cases, sweep, [0, 0, 0, 0], relative5)).toBeNull();
  });
});

describe('crossFit', () => {
  it('serves each half at the threshold chosen on the other, by hand', () => {
    const fit = crossFit(cases, rule, relative5, Uint8Array.from([0, 0, 1, 1]));
    expect(fit.halves).toEqual([0.9, 0.5]);
    expect(fit.all).toBe(0.5);
    expect(fit.thresholdOf).toEqual([0.5, 0.5, 0.9, 0.9]);
    // Cases 1, 2 at 0.5: case 2 (0.2) escalates → 1. Cases 3, 4 at 0.9: both escalate → 1, 0.
    const served = cascadeSeries(cases, (i, r) => escalatesAt(rule, r, fit.thresholdOf[i] ?? null));
    expect([...served.q]).toEqual([1, 1, 1, 0]);
    expect([...served.e]).toEqual([0, 1, 1, 1]);
  });

  it('splits into seeded halves of ⌊n/2⌋ and ⌈n/2⌉, the same for the same seed', () => {
    const h = cascadeHalves(11, 7);
    expect(h.reduce((a, x) => a + x, 0)).toBe(6);
    expect([...cascadeHalves(11, 7)]).toEqual([...h]);
    expect([...cascadeHalves(11, 8)]).not.toEqual([...h]);
    expect([...crossFitThresholds(cases, rule, relative5, 3).half]).toEqual([...cascadeHalves(4, 3)]);
  });
});
