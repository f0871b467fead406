import type { CaseChange } from '../schema/run-diff.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { byCodeUnit, clustersOf } from './paired-clusters.js';

export interface CaseChanges {
  passToFail: CaseChange[];
  failToPass: CaseChange[];
}

/**
 * The cases (prompt × row) one model passed less often, and more often, in run B than in run A. A
 * case's pass share is its passing repeats over those answered with a pass/fail; without repeats that
 * is pass → fail and fail → pass exactly, and with repeats a case counts when its share moved (3 of 3
 * to 2 of 3 is listed as pass → fail), so no change hides behind a majority. A case either run did not
 * answer with a pass/fail is in neither list: there is nothing to compare. Sorted by case.
 */
export function caseChanges(a: readonly ScoreRecord[], b: readonly ScoreRecord[]): CaseChanges {
  const before = clustersOf(a);
  const after = clustersOf(b);
  const out: CaseChanges = { passToFail: [], failToPass: [] };
  for (const key of [...after.keys()].sort(byCodeUnit)) {
    const ca = before.get(key);
    const cb = after.get(key);
    if (!ca || !cb || ca.passByRepeat.size === 0 || cb.passByRepeat.size === 0) continue;
    const side = (c: typeof ca) => ({
      passed: [...c.passByRepeat.values()].filter(Boolean).length,
      answered: c.passByRepeat.size,
      score: c.count > 0 ? c.sum / c.count : null,
    });
    const sa = side(ca);
    const sb = side(cb);
    // Compared as fractions without dividing: passed_b / answered_b against passed_a / answered_a.
    const change = sb.passed * sa.answered - sa.passed * sb.answered;
    if (change === 0) continue;
    const [promptId = '', rowId = ''] = key.split('\u0000');
    (change < 0 ? out.passToFail : out.failToPass).push({ promptId, rowId, a: sa, b: sb });
  }
  return out;
}
