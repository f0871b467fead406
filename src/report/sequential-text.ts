import type { CandidateSummary, Summary } from '../schema/summary.js';
import { formatCost, formatInt } from './format.js';

/**
 * Which procedure decided a sequential run, and what stopping early saved: one sentence for the run
 * (null for the fixed-sample default) and one per candidate, in the words every output uses.
 */
export function sequentialRunText(summary: Summary): string | null {
  const s = summary.sequential;
  if (summary.procedure !== 'sequential' || !s) return null;
  const saved =
    s.baselineCallsSaved > 0
      ? `; the baseline was called on ${formatInt(s.baselineCasesUsed)} of them, ${formatInt(s.baselineCallsSaved)} calls not made${savedCost(s.baselineCostSaved)}`
      : '';
  return `${formatInt(s.casesAvailable)} cases taken in a seeded order, a look every ${formatInt(s.batch)}, each candidate stopped once its confidence sequence settled${saved}. A confidence sequence stays valid at every look, so it is wider than a fixed-sample interval on the same cases.`;
}

/** Where a candidate's sequence stopped, what it saved, and, when unsettled, how many more cases would likely settle it. */
export function sequentialCandidateText(c: CandidateSummary): string | null {
  const s = c.sequential;
  if (!s) return null;
  const at = `${formatInt(s.casesUsed)} of ${formatInt(s.casesAvailable)} cases (${formatInt(s.looks)} ${s.looks === 1 ? 'look' : 'looks'})`;
  const saved =
    s.callsSaved > 0 ? `, ${formatInt(s.callsSaved)} calls not made${savedCost(s.costSaved)}` : '';
  switch (s.stoppedAt) {
    case 'decided':
      return `${c.verdict} settled after ${at}${saved}`;
    case 'records-end':
      return `the records stop at ${at} before the sequence settled`;
    default: {
      const why = s.stoppedAt === 'max-cases' ? 'decide.maxCases reached' : 'the data ran out';
      const more =
        c.verdict === 'inconclusive'
          ? s.moreCasesNeeded === null
            ? '; no number of further cases within reach would likely settle it'
            : `; about ${formatInt(s.moreCasesNeeded)} more cases would likely settle it (rightsize run --continue with a larger dataset)`
          : '';
      return `${c.verdict} read from the sequence at ${at}: ${why}${more}`;
    }
  }
}

/** " ($4.10 saved)"; nothing when the cost is unknown or the calls were free. */
function savedCost(cost: number | null): string {
  return cost === null || cost === 0 ? '' : ` (${formatCost(cost)} saved)`;
}
