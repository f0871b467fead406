import { describe, expect, it } from 'vitest';
import { ratioScoreInterval } from '../../src/compare/ratio-score-interval.js';
import { scoreInterval } from '../../src/compare/score-interval.js';
import { scoreStatistic } from '../../src/compare/score-statistic.js';
import { seededRng } from '../../src/compare/seeded-rng.js';
import { wilsonInterval } from '../../src/compare/wilson-interval.js';

/**
 * A paired 2×2 table as per-case scores: n11 both pass, n12 only the candidate (c), n21 only the
 * baseline (b), n22 neither. In Fagerland, Lydersen and Laake's layout (rows: c, columns: b), so
 * their difference p1+ − p+1 is mean(c) − mean(b) and their ratio p1+/p+1 is mean(c)/mean(b).
 */
function table(n11: number, n12: number, n21: number, n22: number): { c: Float64Array; b: Float64Array } {
  const c: number[] = [];
  const b: number[] = [];
  const add = (k: number, ci: number, bi: number) => {
    for (let i = 0; i < k; i++) {
      c.push(ci);
      b.push(bi);
    }
  };
  add(n11, 1, 1);
  add(n12, 1, 0);
  add(n21, 0, 1);
  add(n22, 0, 0);
  return { c: Float64Array.from(c), b: Float64Array.from(b) };
}

/** The score statistic of H0: E[x] = mu0 from raw observations (each its own value, share 1/n). */
function statAt(x: readonly number[], mu0: number): number {
  const n = x.length;
  return scoreStatistic(
    Float64Array.from(x, (v) => v - mu0),
    Float64Array.from(x, () => 1 / n),
    n,
  );
}

const minus = (c: Float64Array, b: Float64Array, phi = 1) =>
  Float64Array.from(c, (ci, i) => ci - phi * (b[i] as number));
const close = (got: number, want: number, tol = 1e-9) => expect(Math.abs(got - want)).toBeLessThan(tol);

// Bentur et al. (2009), airway hyper-responsiveness before and after stem cell transplantation, and
// Cavo et al. (2012), complete response before and after consolidation: the two examples of
// Fagerland, Lydersen and Laake, "Recommended tests and confidence intervals for paired binomial
// proportions", Statistics in Medicine 33 (2014), and their book *Statistical Analysis of Contingency
// Tables* (2017), ch. 8. References from NumPy/SciPy 1.17: Tango's closed-form restricted estimate
// (Statistics in Medicine 17, 1998) and Tang, Tang and Chan's (Biometrical Journal 45, 2003), as in the
// book's R code (`Tango_asymptotic_score_CI_paired_2x2`, `Tang_asymptotic_score_CI_paired_2x2`),
// with their statistics inverted by scipy.optimize.brentq to 1e-15.
const bentur = table(1, 1, 7, 12);
const cavo = table(59, 6, 16, 80);

describe('scoreStatistic', () => {
  it("is Tango's statistic for a paired difference and Tang's for a paired ratio", () => {
    // Tango: T(δ0) = (n12 − n21 − N·δ0) / √(N·(2·p̃21 + δ0·(1 − δ0))); here on y = c − b − δ0.
    const tango: [typeof bentur, number, number][] = [
      [bentur, -0.3, 0.11958655268580913],
      [bentur, -0.1, -1.4713332163625177],
      [bentur, 0.05, -2.422825987377067],
      [cavo, -0.3, 6.126040940566261],
      [cavo, -0.1, 1.248918232469203],
      [cavo, 0.05, -3.524858002589429],
    ];
    for (const [{ c, b }, delta, want] of tango) close(statAt([...minus(c, b)], delta), want, 1e-12);
    // Tang: T(φ0) = (n1+ − φ0·n+1) / √(N·(1 + φ0)·p̃21 + (n11 + n12 + n21)·(φ0 − 1)); here on y = c − φ0·b.
    const tang: [typeof bentur, number, number][] = [
      [bentur, 0.5, -1.0229040769485473],
      [bentur, 0.95, -2.03623184207357],
      [bentur, 1.2, -2.4324916137447787],
      [cavo, 0.5, 5.828256647365213],
      [cavo, 0.95, -1.3971651103793852],
      [cavo, 1.2, -4.213456035913528],
    ];
    for (const [{ c, b }, phi, want] of tang) close(statAt([...minus(c, b, phi)], 0), want, 1e-12);
  });

  it('is ±∞ when 0 is not inside the values, and 0 when every value is 0', () => {
    expect(statAt([0.05, 0.05, 0, 1], 0)).toBe(Infinity);
    expect(statAt([-0.95, 0, -0.95], 0)).toBe(-Infinity);
    expect(statAt([0, 0, 0], 0)).toBe(0);
  });

  it('falls as the null mean rises (which the bisection for the interval relies on)', () => {
    const rng = seededRng(7);
    for (let k = 0; k < 50; k++) {
      const n = 2 + (k % 40);
      const x = Array.from({ length: n }, () =>
        k % 2 === 0
          ? Math.round(rng.nextFloat() * 4) / 4 - (0.95 * Math.round(rng.nextFloat() * 3)) / 3
          : rng.nextFloat() - 0.95 * rng.nextFloat(),
      );
      const lo = Math.min(...x);
      const hi = Math.max(...x);
      if (lo === hi) continue;
      let last = Infinity;
      for (let g = 1; g < 200; g++) {
        const t = statAt(x, lo + ((hi - lo) * g) / 200);
        expect(t).toBeLessThanOrEqual(last + 1e-9);
        last = t;
      }
    }
  });
});

describe('scoreInterval', () => {
  it("is Tango's interval for the difference of paired proportions", () => {
    const be = scoreInterval(minus(bentur.c, bentur.b), 0.95, [-1, 1]) as [number, number];
    close(be[0], -0.5172322764213774);
    close(be[1], -0.026003032480868608);
    const ca = scoreInterval(minus(cavo.c, cavo.b), 0.95, [-1, 1]) as [number, number];
    close(ca[0], -0.12402343246406815);
    close(ca[1], -0.005433395731677088);
    // All four cells observed: the fit never needs the range's ends, and without them it is the same.
    expect(scoreInterval(minus(cavo.c, cavo.b), 0.95)).toEqual(ca);
  });

  it("is Tango's interval with empty cells too, when given the range the values could take", () => {
    // [n11, n12, n21, n22] → Tango's limits (closed form as above, brentq). Tango's fit may put weight
    // on an empty cell; so does this one, on the range's ends. (0, 0, 3, 0) reaches −1 itself.
    const cases: [[number, number, number, number], number, number][] = [
      [[10, 0, 5, 5], -0.468700877618744, -0.048593552433975784],
      [[10, 5, 0, 5], 0.04859355243397578, 0.468700877618744],
      [[0, 3, 4, 10], -0.36169486277983703, 0.25566631345760177],
      [[8, 2, 3, 0], -0.4116564288737581, 0.27685177232292113],
      [[30, 0, 0, 0], -0.11351339317396875, 0.11351339317396873],
      [[0, 0, 3, 0], -1, 0.12299406351009091],
    ];
    for (const [cells, low, high] of cases) {
      const { c, b } = table(...cells);
      const ci = scoreInterval(minus(c, b), 0.95, [-1, 1]) as [number, number];
      close(ci[0], low);
      close(ci[1], high);
    }
    // Without the range, the interval stays within the values seen: 30 ties give a point.
    const ties = table(30, 0, 0, 0);
    expect(scoreInterval(minus(ties.c, ties.b), 0.95)).toEqual([0, 0]);
  });

  it("is Wilson's interval for a 0/1 variable (two values: the fit under H0 is fixed by the mean)", () => {
    for (const [x, n] of [
      [18, 20],
      [3, 40],
      [150, 236],
    ] as const) {
      const values = Float64Array.from({ length: n }, (_, i) => (i < x ? 1 : 0));
      const got = scoreInterval(values, 0.95) as [number, number];
      const want = wilsonInterval(x, n, 0.95) as [number, number];
      close(got[0], want[0], 1e-12);
      close(got[1], want[1], 1e-12);
    }
  });

  it('inverts the same test for general scores in [0, 1]', () => {
    // Per-case means of graded scores. Reference: the statistic written anew in NumPy (λ by
    // scipy.optimize.brentq on Σ w·y/(1 + λy) = 0; with the range's ends, the spare weight at the pole),
    // each end by brentq; the fit itself checked by maximizing Σ w·log p under the two constraints
    // with scipy.optimize.minimize (SLSQP), which gives the same T to 1e-10.
    const c = Float64Array.from([1, 0.5, 0.75, 1, 0, 1, 0.25, 1, 1, 0.5]);
    const b = Float64Array.from([1, 1, 0.5, 1, 0.25, 0.75, 0.5, 1, 1, 1]);
    const d = minus(c, b, 0.95);
    close(statAt([...d], 0), -0.7765512211723707, 1e-12);
    const ci = scoreInterval(d, 0.95) as [number, number];
    close(ci[0], -0.21769429024956546);
    close(ci[1], 0.08091017376176547);
    const diff = scoreInterval(minus(c, b), 0.95, [-1, 1]) as [number, number];
    close(diff[0], -0.3497795198766001);
    close(diff[1], 0.2052860798491782);
    const ratio = ratioScoreInterval(c, b, 0.95) as [number, number];
    close(ratio[0], 0.5911433807266048);
    close(ratio[1], 1.3551823525867657);
  });

  it('is a point when every value is the same, and null without values', () => {
    expect(scoreInterval(Float64Array.from([0.05, 0.05, 0.05]), 0.95)).toEqual([0.05, 0.05]);
    expect(scoreInterval(new Float64Array(0), 0.95)).toBeNull();
  });

  it('has its low end above μ0 exactly when the one-sided test at α/2 rejects E[x] ≤ μ0', () => {
    const d = minus(cavo.c, cavo.b, 0.95);
    const [low] = scoreInterval(d, 0.95) as [number, number];
    const z = 1.959963984540054;
    expect(statAt([...d], low - 1e-9)).toBeGreaterThan(z);
    expect(statAt([...d], low + 1e-9)).toBeLessThan(z);
  });
});

describe('ratioScoreInterval', () => {
  it("is Tang, Tang and Chan's interval for the ratio of paired proportions", () => {
    const be = ratioScoreInterval(bentur.c, bentur.b, 0.95) as [number, number];
    close(be[0], 0.06527922396859537);
    close(be[1], 0.9068805565791812);
    const ca = ratioScoreInterval(cavo.c, cavo.b, 0.95) as [number, number];
    close(ca[0], 0.74757905902271);
    close(ca[1], 0.9876149285967335);
  });

  it("is Tang's interval with empty cells too", () => {
    const cases: [[number, number, number, number], number, number][] = [
      [[10, 0, 5, 5], 0.41713547738519813, 0.9227639213796086],
      [[10, 5, 0, 5], 1.0837008002056663, 2.3973026851335497],
      [[0, 3, 4, 10], 0.18795864482968488, 2.9926795892239952],
      [[8, 2, 3, 0], 0.5490914384927725, 1.4736591848202893],
      [[30, 0, 0, 0], 0.8864866068260312, 1.1280486273564707],
      // The candidate never passes: from 0, but not a point at 0.
      [[0, 0, 3, 0], 0, 1.2804862735647087],
    ];
    for (const [cells, low, high] of cases) {
      const { c, b } = table(...cells);
      const ci = ratioScoreInterval(c, b, 0.95) as [number, number];
      close(ci[0], low);
      close(ci[1], high);
    }
  });

  it('is null when the baseline never scores or there are no pairs', () => {
    expect(ratioScoreInterval(Float64Array.from([1, 0]), Float64Array.from([0, 0]), 0.95)).toBeNull();
    expect(ratioScoreInterval(new Float64Array(0), new Float64Array(0), 0.95)).toBeNull();
  });
});
