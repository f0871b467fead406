import { seededRng } from './seeded-rng.js';

export interface BootstrapOptions {
  /** Number of resamples (10,000 by default in compare-run). */
  resamples: number;
  seed: number;
}

/**
 * Cluster bootstrap of ratio means: each resample draws the clusters (cases, whose repeats belong
 * together) with replacement, and for every series gives Σ sums[i] / Σ counts[i] over the drawn
 * clusters. Resampling whole clusters keeps the repeats of a case together, so correlated repeats
 * cannot pose as independent evidence. Several series share each draw: a paired bootstrap, such as a
 * deployment's served quality and escalated share, or a routing blend beside the all-baseline and
 * all-candidate series, all from the same resamples. (The verdict's interval does not resample: it
 * is a score interval, `scoreInterval`.)
 *
 * `sums[s][i]` is the sum of series s over cluster i; `counts[i]` is how many observations the
 * cluster holds (null: one each, i.e. the series already hold per-cluster means). Per-cluster sums are
 * precomputed by the caller and kept in typed arrays, so a resample is one pass of additions:
 * 10,000 resamples of 1,000 clusters take a few tens of milliseconds.
 */
export function clusterBootstrap(
  sums: readonly Float64Array[],
  counts: Float64Array | null,
  opts: BootstrapOptions,
): Float64Array[] {
  const n = sums[0]?.length ?? 0;
  for (const s of sums) if (s.length !== n) throw new RangeError('clusterBootstrap: series differ in length');
  if (counts && counts.length !== n) throw new RangeError('clusterBootstrap: counts differ in length');
  const out = sums.map(() => new Float64Array(opts.resamples));
  if (n === 0) return out.map((o) => o.fill(Number.NaN));
  const rng = seededRng(opts.seed);
  const drawn = new Uint32Array(n);
  // One or two series (a model's mean; a candidate and its baseline) are summed in one fused pass,
  // the hot path of every verdict; any further series get a pass each.
  const first = sums[0] as Float64Array;
  const second = sums[1];
  for (let r = 0; r < opts.resamples; r++) {
    rng.fillInts(drawn, n);
    let weight = n;
    if (counts) {
      weight = 0;
      for (let j = 0; j < n; j++) weight += counts[drawn[j] as number] as number;
    }
    let a0 = 0;
    let a1 = 0;
    if (second) {
      for (let j = 0; j < n; j++) {
        const i = drawn[j] as number;
        a0 += first[i] as number;
        a1 += second[i] as number;
      }
      (out[1] as Float64Array)[r] = a1 / weight;
    } else {
      for (let j = 0; j < n; j++) a0 += first[drawn[j] as number] as number;
    }
    (out[0] as Float64Array)[r] = a0 / weight;
    for (let s = 2; s < sums.length; s++) {
      const series = sums[s] as Float64Array;
      let acc = 0;
      for (let j = 0; j < n; j++) acc += series[drawn[j] as number] as number;
      (out[s] as Float64Array)[r] = acc / weight;
    }
  }
  return out;
}

/**
 * The very resamples `clusterBootstrap` draws for n clusters with these options (same seed, same
 * stream, same order), given as how many times each cluster was drawn: `visit(counts, r)` for each
 * resample r (the array is reused). For figures that are not a ratio of sums, such as the area under
 * a cascade's quality curve, computed on the draws the deployment's quality and share intervals come
 * from.
 */
export function forEachClusterResample(
  n: number,
  opts: BootstrapOptions,
  visit: (counts: Uint32Array, r: number) => void,
): void {
  if (n === 0) return;
  const rng = seededRng(opts.seed);
  const drawn = new Uint32Array(n);
  const counts = new Uint32Array(n);
  for (let r = 0; r < opts.resamples; r++) {
    rng.fillInts(drawn, n);
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      const i = drawn[j] as number;
      counts[i] = (counts[i] as number) + 1;
    }
    visit(counts, r);
  }
}
