/**
 * What one assertion check decides: `pass` and `score` (null when it could not be scored, which keeps
 * it out of every statistic), and why. The dispatcher adds type, metric and weight.
 */
export interface AssertionOutcome {
  pass: boolean | null;
  score: number | null;
  reason: string;
}

/** promptfoo's usual shape: score 1 on pass, 0 on fail, and "Assertion passed" when it passed. */
export function binaryOutcome(pass: boolean, failReason: string): AssertionOutcome {
  return { pass, score: pass ? 1 : 0, reason: pass ? 'Assertion passed' : failReason };
}

/** An assertion that could not be judged (bad value at run time, missing latency, timeout ...). */
export function unscoredOutcome(reason: string): AssertionOutcome {
  return { pass: null, score: null, reason };
}

/**
 * Thrown by a check where promptfoo throws (its `invariant`s: a value of the wrong type, a latency
 * assertion on a response without latency). The dispatcher turns it into an unscored outcome: the
 * case is recorded with the reason rather than failing the whole run.
 */
export class AssertionValueError extends Error {
  override name = 'AssertionValueError';
}
