import { normalQuantile } from '../../src/compare/normal-quantile.js';
import type { Rng } from '../../src/compare/seeded-rng.js';

/**
 * Paired pass/fail outcomes drawn from a 2×2 table: p11 both pass, p10 only the baseline, p01 only
 * the candidate, the rest both fail. Returns per-case scores (1/0) as the verdict reads them.
 */
export function pairedPassFail(
  rng: Rng,
  n: number,
  cell: { p11: number; p10: number; p01: number },
): { c: Float64Array; b: Float64Array } {
  const c = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.nextFloat();
    if (u < cell.p11) {
      c[i] = 1;
      b[i] = 1;
    } else if (u < cell.p11 + cell.p10) b[i] = 1;
    else if (u < cell.p11 + cell.p10 + cell.p01) c[i] = 1;
  }
  return { c, b };
}

/** Share of simulated datasets for which `test` holds, and its binomial standard error. */
export function share(datasets: number, test: (k: number) => boolean): { share: number; se: number } {
  let hits = 0;
  for (let k = 0; k < datasets; k++) if (test(k)) hits++;
  const p = hits / datasets;
  return { share: p, se: Math.sqrt((Math.max(p, 0.01) * (1 - Math.min(p, 0.99))) / datasets) };
}

/**
 * The 2×2 table of a candidate exactly at a 5% relative margin: the baseline passes `pass`, the
 * candidate (1 − 5%)·`pass`, and `disagree` of the cases are discordant (p10 − p01 is the gap).
 */
export function atMargin(pass: number, disagree: number): { p11: number; p10: number; p01: number } {
  const p10 = (disagree + 0.05 * pass) / 2;
  return { p11: pass - p10, p10, p01: disagree - p10 };
}

/** Two equal models: both pass `pass`, `disagree` of the cases discordant, half each way. */
export function equalModels(pass: number, disagree: number): { p11: number; p10: number; p01: number } {
  return { p11: pass - disagree / 2, p10: disagree / 2, p01: disagree / 2 };
}

/** Φ(x), by bisection on the quantile function: no separate CDF to trust. */
export function normalCdf(x: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalQuantile(mid) < x) lo = mid;
    else hi = mid;
  }
  return lo;
}
