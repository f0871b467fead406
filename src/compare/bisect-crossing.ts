/**
 * Where a falling statistic T crosses `level`, between `outer`, where T is beyond the level (the test
 * rejects), and `inner`, the estimate (T = 0): bisection to 1e-15 relative, returning the end of the
 * last bracket on the rejected side, so an interval built from it errs wide by at most that. `outer`
 * may lie on either side of `inner`: below it for a lower limit (T above a positive level), above for
 * an upper one (T below a negative level). T is never evaluated at `outer` itself.
 */
export function bisectCrossing(
  stat: (x: number) => number,
  outer: number,
  inner: number,
  level: number,
): number {
  let rejected = outer;
  let kept = inner;
  const tol = 1e-15 * Math.max(1, Math.abs(outer), Math.abs(inner));
  for (let iter = 0; iter < 200 && Math.abs(kept - rejected) > tol; iter++) {
    const mid = rejected + (kept - rejected) / 2;
    if (mid === rejected || mid === kept) break;
    const t = stat(mid);
    if (level > 0 ? t > level : t < level) rejected = mid;
    else kept = mid;
  }
  return rejected;
}
