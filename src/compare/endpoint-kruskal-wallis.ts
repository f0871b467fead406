/**
 * The Kruskal–Wallis H test (Kruskal & Wallis, JASA 47 (1952) 583–621): do k independent samples come
 * from one distribution? A rank test, so a few very slow calls weigh no more than slow ones, and no
 * shape is assumed (latencies are skewed). H from the ranks of all values pooled, ties given their
 * average rank and H divided by the tie correction 1 − Σ(t³ − t)/(N³ − N); the p-value from the
 * chi-square distribution with k − 1 degrees of freedom, as scipy.stats.kruskal computes it.
 */

export interface KruskalWallis {
  h: number;
  df: number;
  p: number;
}

/** The test over the non-empty groups; null when fewer than two are left or every value is the same. */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallis | null {
  const samples = groups.filter((g) => g.length > 0);
  if (samples.length < 2) return null;
  const pooled = samples.flatMap((g, i) => g.map((v) => ({ v, i })));
  pooled.sort((a, b) => a.v - b.v);
  const n = pooled.length;
  const rankSums = new Array<number>(samples.length).fill(0);
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && (pooled[j + 1] as { v: number }).v === (pooled[i] as { v: number }).v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      const group = (pooled[k] as { i: number }).i;
      rankSums[group] = (rankSums[group] as number) + rank;
    }
    const t = j - i + 1;
    ties += t ** 3 - t;
    i = j + 1;
  }
  const correction = 1 - ties / (n ** 3 - n);
  if (correction <= 0) return null;
  const sum = samples.reduce((acc, g, i) => acc + (rankSums[i] as number) ** 2 / g.length, 0);
  const h = ((12 / (n * (n + 1))) * sum - 3 * (n + 1)) / correction;
  const df = samples.length - 1;
  return { h, df, p: chiSquareSurvival(Math.max(0, h), df) };
}

/** P(X > x) for X ~ chi-square with `df` degrees of freedom: the regularized upper gamma Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  return upperGammaRegularized(df / 2, x / 2);
}

const EPS = 1e-16;
const TINY = 1e-300;

/**
 * Q(a, x) = Γ(a, x)/Γ(a): the series for P(a, x) below x = a + 1, Lentz's continued fraction for Q
 * above (Numerical Recipes, 3rd ed., §6.2), each where it converges fast.
 */
function upperGammaRegularized(a: number, x: number): number {
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let ap = a + 1; Math.abs(term) > Math.abs(sum) * EPS; ap++) {
      term *= x / ap;
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return front * h;
}

// Lanczos's approximation, g = 7, nine terms (about 15 significant digits for a > 0).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}
