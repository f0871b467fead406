import type { ScoreRecord } from '../schema/score-record.js';

/**
 * Share of pairwise judgements (asked in both orders) whose winner changed with the order: a judge
 * that flips often is reading position, not quality, and its verdicts deserve less trust. Null when
 * no pairwise judgement was made.
 */
export function pairwiseInconsistency(scores: readonly ScoreRecord[]): number | null {
  let judged = 0;
  let flipped = 0;
  for (const s of scores) {
    for (const a of s.assertions) {
      if (a.judge?.inconsistent === undefined) continue;
      judged++;
      if (a.judge.inconsistent) flipped++;
    }
  }
  return judged === 0 ? null : flipped / judged;
}
