import { percentileSorted } from '../../util/percentile.js';

/** A linear map from a data domain to pixels. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** Round tick values (1, 2, 5 × 10^k steps) from at or below min to at or above max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(+(i * step).toPrecision(12));
  return ticks;
}

/** The q-quantile of sorted values, linearly interpolated (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number | null {
  return sorted.length === 0 ? null : percentileSorted(sorted, q);
}

/** Pixel coordinates rounded to a tenth: shorter markup, no visible difference. */
export function px(x: number): number {
  return Math.round(x * 10) / 10;
}
