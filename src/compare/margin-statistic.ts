import type { Margin } from '../schema/margin.js';

/**
 * The non-inferiority statistic of one case (docs/verdict.md): d = c − (1 − m)·b for a
 * relative margin, d = c − b + m for an absolute one. mean(d) > 0 means the candidate is within the
 * margin of the baseline; both forms are linear, so mean(d) follows from the two means alone.
 */
export function marginStatistic(c: number, b: number, margin: Margin): number {
  return margin.type === 'relative' ? c - (1 - margin.value) * b : c - b + margin.value;
}

/** The lowest and highest d any case can have, with scores in [0, 1] (c = 0, b = 1 and the reverse). */
export function marginStatisticRange(margin: Margin): [number, number] {
  return [marginStatistic(0, 1, margin), marginStatistic(1, 0, margin)];
}
