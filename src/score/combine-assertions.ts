import type { AssertionResult } from '../schema/score-record.js';

/** One output's verdict over all its assertions. */
export interface CombinedScore {
  /** Null when no assertion could be scored (or there were none). */
  pass: boolean | null;
  /** Weighted mean of the scored assertions; null when none was scored. */
  score: number | null;
  reason: string;
  /** Per `metric` name: the weighted mean score of that metric's scored assertions. */
  namedScores: Record<string, number>;
}

type Scored = AssertionResult & { pass: boolean; score: number };

/**
 * promptfoo's rule for a test: the score is the weighted mean of the assertion scores (weight
 * default 1; 0 when every weight is 0); the test passes when every assertion passes, or, when the
 * test has a `threshold`, when that score reaches it. Named metrics are weighted means per name.
 * rightsize's addition: an unscored assertion (score null: a judge that did not answer, a latency
 * that was not measured) stays out of the mean, of pass/fail and of the named scores; with none
 * scored, or no assertions at all, the output is unscored rather than promptfoo's "pass, score 1".
 */
export function combineAssertions(results: readonly AssertionResult[], threshold?: number): CombinedScore {
  if (results.length === 0) return { pass: null, score: null, reason: 'no assertions', namedScores: {} };
  const scored = results.filter((r): r is Scored => r.score !== null && r.pass !== null);
  const unscored = results.length - scored.length;
  if (scored.length === 0) {
    return {
      pass: null,
      score: null,
      reason: `no assertion could be scored (${results.map((r) => `${r.type}: ${r.reason}`).join('; ')})`,
      namedScores: {},
    };
  }

  const score = weightedMean(scored);
  const namedScores: Record<string, number> = {};
  for (const name of new Set(scored.flatMap((r) => (r.metric ? [r.metric] : [])))) {
    namedScores[name] = weightedMean(scored.filter((r) => r.metric === name));
  }

  const note = unscored > 0 ? ` (${unscored} of ${results.length} assertions unscored)` : '';
  if (threshold !== undefined && !Number.isNaN(threshold)) {
    const pass = score >= threshold;
    return {
      pass,
      score,
      reason: `Aggregate score ${score.toFixed(2)} ${pass ? '≥' : '<'} ${threshold} threshold${note}`,
      namedScores,
    };
  }
  const failed = scored.find((r) => !r.pass);
  return {
    pass: failed === undefined,
    score,
    reason: (failed ? `${failed.type}: ${failed.reason}` : 'All assertions passed') + note,
    namedScores,
  };
}

function weightedMean(results: readonly Scored[]): number {
  let total = 0;
  let weights = 0;
  for (const r of results) {
    total += r.score * r.weight;
    weights += r.weight;
  }
  return weights > 0 ? total / weights : 0;
}
