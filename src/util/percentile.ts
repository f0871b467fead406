/**
 * The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending, by linear interpolation between
 * order statistics: numpy's default (`method='linear'`), R's type 7, Excel's PERCENTILE.INC.
 * h = (n − 1)·q; result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for an empty input.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** The q-quantile of unsorted values (numpy's default definition), or null when there are none. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  return percentileSorted(Float64Array.from(values).sort(), q);
}
