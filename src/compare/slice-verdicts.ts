import type { z } from 'zod';
import type { sliceVerdictSchema } from '../schema/summary.js';
import { type NonInferiorityOptions, nonInferiority } from './non-inferiority.js';
import { byCodeUnit, type PairedClusters } from './paired-clusters.js';

export type SliceVerdict = z.infer<typeof sliceVerdictSchema>;

/** The value a case without the column is filed under. */
export const MISSING_SLICE_VALUE = '';

/** The paired cases of one slice value. */
export function sliceSubset(pairs: PairedClusters, column: string, value: string): PairedClusters {
  const idx = pairs.slices.flatMap((s, i) => ((s[column] ?? MISSING_SLICE_VALUE) === value ? [i] : []));
  return {
    keys: idx.map((i) => pairs.keys[i] as string),
    slices: idx.map((i) => pairs.slices[i] as Record<string, string>),
    c: Float64Array.from(idx, (i) => pairs.c[i] as number),
    b: Float64Array.from(idx, (i) => pairs.b[i] as number),
    // McNemar is not reported per slice.
    discordant: { candidateOnly: 0, baselineOnly: 0 },
    caseDiscordance: new Int32Array(0),
  };
}

/** The values a slice column takes over the paired cases, in code-unit order. */
export function sliceValues(pairs: PairedClusters, column: string): string[] {
  return [...new Set(pairs.slices.map((s) => s[column] ?? MISSING_SLICE_VALUE))].sort(byCodeUnit);
}

/**
 * The verdict within each value of each slice column, computed exactly as the overall one on that
 * value's cases (same margin and confidence). No multiplicity correction: see
 * `slicesNote`.
 */
export function sliceVerdicts(
  pairs: PairedClusters,
  columns: readonly string[],
  opts: NonInferiorityOptions,
): SliceVerdict[] {
  return columns.flatMap((column) =>
    sliceValues(pairs, column).map((value) => {
      const subset = sliceSubset(pairs, column, value);
      const v = nonInferiority(subset.c, subset.b, opts);
      return {
        slice: column,
        value,
        cases: v.pairs,
        verdict: v.verdict,
        diff: v.diff,
        meanD: v.meanD,
        ci: v.ci,
        samplesNeeded: v.samplesNeeded,
      };
    }),
  );
}

/**
 * The caveat that goes with slice verdicts: each one is a separate test at the same confidence, so
 * with many slices some `switch` verdicts arise by chance. Null when no slice was tested.
 */
export function slicesNote(tested: number, confidence: number): string | null {
  if (tested === 0) return null;
  const oneSided = (1 - confidence) / 2;
  const expected = tested * oneSided;
  return (
    `Slice verdicts are ${tested} separate tests, each at ${+(confidence * 100).toFixed(2)}% confidence with no ` +
    `correction for multiple comparisons: a candidate exactly at the margin in every slice would still show ` +
    `\`switch\` in about ${+expected.toFixed(2)} of them by chance (${+(oneSided * 100).toFixed(2)}% each). ` +
    'Treat a slice verdict as a lead to confirm on fresh cases, not as a decision on its own.'
  );
}
