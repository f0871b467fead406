import type { ModelSummary, Summary } from '../schema/summary.js';

export type QualityKind = 'mean score' | 'pass rate';

/**
 * The quality figure the report charts: the mean score where the run has one (the verdict is on
 * scores), else the pass rate. One kind for the whole report, so models compare on one axis.
 */
export function qualityKind(summary: Summary): QualityKind {
  return summary.models.some((m) => m.meanScore !== null) ? 'mean score' : 'pass rate';
}

export function qualityOf(
  m: ModelSummary,
  kind: QualityKind,
): { value: number | null; ci: [number, number] | null } {
  return kind === 'mean score'
    ? { value: m.meanScore, ci: m.meanScoreCi }
    : { value: m.passRate, ci: m.passRateCi };
}
