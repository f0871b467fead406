/**
 * The score statistic for H0: E[y] = 0 from n observations, given as their distinct values `y[j]` and
 * the share `w[j]` of observations at each (shares sum to 1). A value may come with share 0: a value
 * the observations could take but did not (the far end of the score range), where the fit under H0
 * may put weight.
 *
 * The model is the multinomial on those values (a pass/fail pair of models gives four: the paired
 * 2×2 table). Its maximum-likelihood fit under H0 reweights the observed values to
 * p[j] = w[j] / (1 + λ·y[j]), with λ the root of Σ p[j]·y[j] = 0 (Owen's empirical likelihood
 * weights), and the statistic is
 *
 *     T = ȳ / √(σ̃²/n),   ȳ = Σ w[j]·y[j],   σ̃² = Σ p[j]·y[j]²
 *
 * the mean over its standard error as H0 would have it. T² is Pearson's X² of the observed shares
 * against that fit (Rao's score test): n·Σ (w[j] − p[j])²/p[j] = n·λ²·σ̃², and ȳ = λ·σ̃². When that
 * root would lie past the pole of a value with share 0 (the observations cannot bring the mean to 0
 * on their own), the fit puts the missing weight λ·g(λ) there, λ at the pole. With pass/fail pairs,
 * all four cells listed, and y = c − b − δ, T is Tango's statistic for a difference of paired
 * proportions (Statistics in Medicine 17, 1998); with y = c − φ·b, that of Nam and Blackwelder
 * (Statistics in Medicine 21, 2002) and Tang, Tang and Chan (Biometrical Journal 45, 2003) for their
 * ratio.
 *
 * Why not the observed standard error (a t statistic, or a bootstrap of the mean): in a skewed
 * sample, one that happens to hold few of the rare losses has both a higher mean and a smaller spread,
 * so a Wald-type statistic rewards it twice and rejects too often at small n. The spread under H0 is
 * that of a fit with the losses where H0 needs them: it does not shrink with them.
 *
 * When 0 is not strictly inside the range of the listed values (all y ≥ 0 or all ≤ 0), H0 can only
 * hold with all the weight on values equal to 0: T is ±∞ with the sign of ȳ, or 0 when ȳ is 0.
 */
export function scoreStatistic(y: Float64Array, w: Float64Array, n: number): number {
  let mean = 0;
  let yMin = 0;
  let yMax = 0;
  for (let j = 0; j < y.length; j++) {
    const v = y[j] as number;
    mean += (w[j] as number) * v;
    if (v < yMin) yMin = v;
    if (v > yMax) yMax = v;
  }
  if (!(yMin < 0 && yMax > 0)) return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
  if (mean === 0) return 0;
  // λ lies on ȳ's side of 0 and short of the pole −1/y of the farthest value on the other side.
  const pole = mean > 0 ? -1 / yMin : -1 / yMax;
  const atPole = tilt(y, w, pole);
  let lambda: number;
  let spare = 0;
  let spareAt = 0;
  if (Number.isFinite(atPole) && (mean > 0 ? atPole >= 0 : atPole <= 0)) {
    // Only a value with share 0 sits at the pole (an observed one would send g to ∓∞): the
    // observations cannot balance at 0 alone, and the fit gives that value the weight λ·g(λ).
    lambda = pole;
    spare = pole * atPole;
    spareAt = mean > 0 ? yMin : yMax;
  } else {
    lambda = tiltRoot(y, w, mean > 0 ? 0 : pole, mean > 0 ? pole : 0);
  }
  let variance = spare * spareAt * spareAt;
  for (let j = 0; j < y.length; j++) {
    const v = y[j] as number;
    const share = w[j] as number;
    if (share > 0) variance += (share / (1 + lambda * v)) * v * v;
  }
  return mean / Math.sqrt(variance / n);
}

/** g(λ) = Σ w·y/(1 + λ·y) over the observed values; ∓∞ when λ is at an observed value's pole. */
function tilt(y: Float64Array, w: Float64Array, lambda: number): number {
  let g = 0;
  for (let j = 0; j < y.length; j++) {
    const share = w[j] as number;
    if (!(share > 0)) continue;
    const v = y[j] as number;
    const denom = 1 + lambda * v;
    if (denom <= 0) return v > 0 ? Infinity : -Infinity;
    g += (share * v) / denom;
  }
  return g;
}

/**
 * The root of g in (a, b): g falls strictly from positive to negative there (g' = −Σ w·y²/(1 + λy)²).
 * Newton's method from 0 (where g = ȳ), falling back to bisection whenever a step would leave the
 * bracket, which it narrows on every step.
 */
function tiltRoot(y: Float64Array, w: Float64Array, a0: number, b0: number): number {
  let a = a0;
  let b = b0;
  let lambda = 0;
  for (let iter = 0; iter < 400; iter++) {
    let g = 0;
    let slope = 0;
    for (let j = 0; j < y.length; j++) {
      const share = w[j] as number;
      if (!(share > 0)) continue;
      const v = y[j] as number;
      const q = v / (1 + lambda * v);
      g += share * q;
      slope -= share * q * q;
    }
    if (g === 0) return lambda;
    if (g > 0) a = lambda;
    else b = lambda;
    const newton = lambda - g / slope;
    const next = newton > a && newton < b ? newton : a + (b - a) / 2;
    if (next === lambda || Math.abs(next - lambda) <= 1e-15 * Math.abs(lambda)) return next;
    lambda = next;
  }
  return lambda;
}
