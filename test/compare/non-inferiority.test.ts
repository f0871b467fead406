import { describe, expect, it } from 'vitest';
import { type NonInferiorityOptions, nonInferiority } from '../../src/compare/non-inferiority.js';

const opts: NonInferiorityOptions = {
  margin: { type: 'relative', value: 0.05 },
  confidence: 0.95,
};
const f64 = (xs: number[]) => Float64Array.from(xs);
const repeat = (pattern: number[], times: number) => f64(Array.from({ length: times }, () => pattern).flat());

describe('nonInferiority', () => {
  it('computes d = c − (1 − m)·b (relative) and d = c − b + m (absolute), with diff and ratio', () => {
    const c = f64([1, 0.5, 0, 1]);
    const b = f64([1, 1, 0, 0.5]);
    const rel = nonInferiority(c, b, opts);
    // mean c = 0.625, mean b = 0.625.
    expect(rel.meanD).toBeCloseTo(0.625 - 0.95 * 0.625, 12);
    expect(rel.diff).toBeCloseTo(0, 12);
    expect(rel.ratio).toBeCloseTo(1, 12);
    const abs = nonInferiority(c, b, { ...opts, margin: { type: 'absolute', value: 0.02 } });
    expect(abs.meanD).toBeCloseTo(0.02, 12);
    expect(rel.pairs).toBe(4);
  });

  it('says `switch` when the interval of mean(d) is above 0', () => {
    // Candidate passes 90%, baseline 70%, 300 cases: far inside the margin.
    const c = repeat([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 30);
    const b = repeat([1, 0, 1, 0, 1, 1, 1, 1, 0, 1], 30);
    const v = nonInferiority(c, b, opts);
    expect(v.verdict).toBe('switch');
    expect(v.ci?.[0]).toBeGreaterThan(0);
    // The score interval of d = c − 0.95·b (mean 0.235), inverted anew in NumPy/SciPy (brentq on the
    // statistic and on λ): the floor does not bind.
    expect(v.ci?.[0]).toBeCloseTo(0.168360504539164, 9);
    expect(v.ci?.[1]).toBeCloseTo(0.3001637244052996, 9);
    expect(v.samplesNeeded).toBeNull();
    expect(v.diffCi?.[0]).toBeLessThan(v.diff as number);
    expect(v.ratioCi?.[1]).toBeGreaterThan(v.ratio as number);
  });

  it('says `keep` when the interval is below 0', () => {
    const c = repeat([1, 0, 0, 0, 1, 0, 0, 1, 0, 0], 30);
    const b = repeat([1, 1, 1, 1, 1, 0, 1, 1, 1, 1], 30);
    const v = nonInferiority(c, b, opts);
    expect(v.verdict).toBe('keep');
    expect(v.ci?.[1]).toBeLessThan(0);
    expect(v.samplesNeeded).toBeNull();
  });

  it('says `inconclusive` in between, with the cases needed for 80% power', () => {
    // 40 cases: candidate passes 36, baseline 36, 8 discordant (4 each way).
    const c = f64([...Array(32).fill(1), 1, 1, 1, 1, 0, 0, 0, 0].map(Number));
    const b = f64([...Array(32).fill(1), 0, 0, 0, 0, 1, 1, 1, 1].map(Number));
    const v = nonInferiority(c, b, opts);
    expect(v.verdict).toBe('inconclusive');
    // Score interval (NumPy/SciPy as above): [−0.10735, 0.19266], wider than the floor's
    // [−0.04266, 0.12913] (p = 1 − 0.025^(1/40)), so it stands.
    expect(v.ci?.[0]).toBeCloseTo(-0.1073513699119798, 9);
    expect(v.ci?.[1]).toBeCloseTo(0.19266317620332693, 9);
    // d: 32 × 0.05, 4 × 1, 4 × −0.95 → mean 0.045; sample SD (n − 1) 0.44295...
    const d = [...Array(32).fill(0.05), 1, 1, 1, 1, -0.95, -0.95, -0.95, -0.95];
    const mean = d.reduce((a, x) => a + x, 0) / 40;
    const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / 39);
    expect(v.meanD).toBeCloseTo(mean, 12);
    // n = ⌈((1.959964 + 0.841621)·sd / mean)²⌉ with the quantiles from scipy.stats.norm.ppf.
    expect(v.samplesNeeded).toBe(Math.ceil((((1.959963984540054 + 0.8416212335729143) * sd) / mean) ** 2));
    expect(v.samplesNeeded).toBeGreaterThan(40);
  });

  it('treats a mean(d) that is 0 up to rounding as 0', () => {
    // 21 cases, candidate passes 19, baseline 20: 19/21 − 0.95·20/21 is 0, but 1.1e-16 in floating
    // point; taken at face value it would ask for about 10^32 cases.
    const c = f64([...Array(19).fill(1), 0, 0]);
    const b = f64([...Array(20).fill(1), 0]);
    const v = nonInferiority(c, b, opts);
    expect(v.meanD).toBeGreaterThan(0);
    expect(v.meanD).toBeLessThan(1e-12);
    expect(v.verdict).toBe('inconclusive');
    expect(v.samplesNeeded).toBeNull();
  });

  it('gives no `samplesNeeded` when the candidate sits at or below the margin', () => {
    const c = f64([1, 0, 1, 0, 1, 1, 0, 1]);
    const b = f64([1, 1, 1, 0, 1, 1, 0, 1]);
    const v = nonInferiority(c, b, opts);
    expect(v.meanD).toBeLessThan(0);
    expect(v.verdict).toBe('inconclusive');
    expect(v.samplesNeeded).toBeNull();
  });

  it('does not grant `switch` on a few identical cases (a zero-width interval)', () => {
    // 30 cases both pass: every d is 0.05 and the score interval is that point. The bound on unseen differing cases,
    // p = 1 − 0.025^(1/30) = 0.1158, with the worst d (−0.95) gives 0.05·(1 − p) − 0.95·p < 0.
    const few = nonInferiority(f64(Array(30).fill(1)), f64(Array(30).fill(1)), opts);
    const p = 1 - 0.025 ** (1 / 30);
    expect(few.verdict).toBe('inconclusive');
    expect(few.ci?.[0]).toBeCloseTo(0.05 * (1 - p) - 0.95 * p, 12);
    expect(few.ci?.[1]).toBeCloseTo(0.05 * (1 - p) + 1 * p, 12);
    // Cleared when 0.025^(1/n) > 1 − 0.05: n > ln 0.025 / ln 0.95 = 71.9.
    expect(few.samplesNeeded).toBe(72);
    expect(nonInferiority(f64(Array(71).fill(1)), f64(Array(71).fill(1)), opts).verdict).toBe('inconclusive');
    expect(nonInferiority(f64(Array(72).fill(1)), f64(Array(72).fill(1)), opts).verdict).toBe('switch');
    // One case is never evidence.
    expect(nonInferiority(f64([1]), f64([0]), opts).verdict).toBe('inconclusive');
  });

  it('keeps that floor when the cases differ but never disagree', () => {
    // 20 cases: 18 both pass, 2 both fail. d is 0.05 or 0, so the score interval alone would give
    // Wilson's interval for 18 of 20, times 0.05: [0.0350, 0.0486], and `switch`; no case has shown
    // what a disagreement costs.
    const c = f64([...Array(18).fill(1), 0, 0]);
    const v = nonInferiority(c, c, opts);
    const p = 1 - 0.025 ** (1 / 20);
    expect(v.verdict).toBe('inconclusive');
    expect(v.ci?.[0]).toBeCloseTo(0.045 * (1 - p) - 0.95 * p, 12);
    // And the floor does not bind once disagreements are in the data (the 40-case example above).
  });

  it('has no ratio when the baseline scores 0, and nothing at all without pairs', () => {
    const v = nonInferiority(f64([1, 0, 1]), f64([0, 0, 0]), opts);
    expect(v.ratio).toBeNull();
    expect(v.ratioCi).toBeNull();
    const none = nonInferiority(f64([]), f64([]), opts);
    expect(none).toMatchObject({
      verdict: 'inconclusive',
      pairs: 0,
      ci: null,
      meanD: null,
      samplesNeeded: null,
    });
  });

  it("gives Tango's interval for the difference and Tang's for the ratio of pass rates", () => {
    // Cavo et al. (2012) as a candidate/baseline table: 59 both pass, 6 only the candidate, 16 only
    // the baseline, 80 neither (Fagerland, Lydersen and Laake, Statistics in Medicine 33, 2014).
    // References as in score-interval.test.ts (closed forms in NumPy, brentq).
    const c = f64([...Array(65).fill(1), ...Array(96).fill(0)]);
    const b = f64([...Array(59).fill(1), ...Array(6).fill(0), ...Array(16).fill(1), ...Array(80).fill(0)]);
    const v = nonInferiority(c, b, opts);
    expect(v.diffCi?.[0]).toBeCloseTo(-0.12402343246406815, 9);
    expect(v.diffCi?.[1]).toBeCloseTo(-0.005433395731677088, 9);
    expect(v.ratioCi?.[0]).toBeCloseTo(0.74757905902271, 9);
    expect(v.ratioCi?.[1]).toBeCloseTo(0.9876149285967335, 9);
    // The verdict tests φ = 0.95 of Tang's family: T(0.95) = −1.397 (not above 1.96), and 0.95 is inside
    // the ratio interval, so `ci` straddles 0 as well.
    expect(v.verdict).toBe('inconclusive');
    // With an absolute margin, d = c − b + m: `ci` is `diffCi` shifted by m (both kinds of
    // disagreement seen, and the floor, [−0.0634, −0.0181] here, inside it).
    const abs = nonInferiority(c, b, { ...opts, margin: { type: 'absolute', value: 0.02 } });
    expect(abs.ci?.[0]).toBeCloseTo((v.diffCi?.[0] as number) + 0.02, 12);
    expect(abs.ci?.[1]).toBeCloseTo((v.diffCi?.[1] as number) + 0.02, 12);
  });

  it('switches exactly when the ratio interval clears 1 − m, with both kinds of disagreement seen', () => {
    for (const [n11, n12, n21, n22] of [
      [80, 10, 5, 5],
      [150, 12, 14, 24],
      [70, 4, 6, 20],
      [300, 25, 20, 55],
    ] as const) {
      const c = f64([...Array(n11 + n12).fill(1), ...Array(n21 + n22).fill(0)]);
      const b = f64([
        ...Array(n11).fill(1),
        ...Array(n12).fill(0),
        ...Array(n21).fill(1),
        ...Array(n22).fill(0),
      ]);
      const v = nonInferiority(c, b, opts);
      expect(v.verdict === 'switch').toBe((v.ratioCi?.[0] as number) > 0.95);
    }
  });

  it('is deterministic: the interval does not resample', () => {
    const c = repeat([1, 0, 1, 1, 0.5], 20);
    const b = repeat([1, 1, 0, 1, 0.5], 20);
    expect(nonInferiority(c, b, opts)).toEqual(nonInferiority(c, b, opts));
  });
});
