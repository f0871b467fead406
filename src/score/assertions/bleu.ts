import { bleuDeclaration } from '../../schema/assertions/bleu.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

const WEIGHTS = [0.25, 0.25, 0.25, 0.25];
// A zero precision is smoothed to this, so one missing 4-gram does not zero the score (promptfoo's).
const SMOOTHING = 1e-7;

function words(text: string): string[] {
  return text.toLowerCase().trim().split(/\s+/);
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * Sentence BLEU (Papineni et al. 2002) as promptfoo computes it: lower-cased whitespace tokens,
 * clipped n-gram precisions for n = 1..4 against the best reference, orders the candidate is too short
 * for left out (their weights renormalised), zero precisions smoothed, brevity penalty against the
 * reference closest in length (the shorter on a tie). An empty candidate scores 0.
 */
export function bleuScore(candidate: string, references: string[]): number {
  if (references.length === 0) throw new AssertionValueError('"bleu" needs at least one reference');
  if (candidate.trim() === '') return 0;
  const cand = words(candidate);
  const refs = references.map(words);
  let closest = refs[0]?.length ?? 0;
  for (const r of refs) {
    const d = Math.abs(r.length - cand.length);
    const best = Math.abs(closest - cand.length);
    if (d < best || (d === best && r.length < closest)) closest = r.length;
  }
  const orders: { precision: number; weight: number }[] = [];
  for (let n = 1; n <= 4; n++) {
    const total = cand.length - n + 1;
    if (total <= 0) continue;
    const candCounts = ngramCounts(cand, n);
    let clipped = 0;
    for (const ref of refs) {
      const refCounts = ngramCounts(ref, n);
      let c = 0;
      for (const [g, count] of candCounts) c += Math.min(count, refCounts.get(g) ?? 0);
      clipped = Math.max(clipped, c);
    }
    orders.push({ precision: clipped / total, weight: WEIGHTS[n - 1] as number });
  }
  const weightSum = orders.reduce((acc, o) => acc + o.weight, 0);
  if (weightSum === 0) return 0;
  const logMean = orders.reduce(
    (acc, o) => acc + (o.weight / weightSum) * Math.log(o.precision === 0 ? SMOOTHING : o.precision),
    0,
  );
  const brevity = cand.length > closest ? 1 : Math.exp(1 - closest / cand.length);
  return brevity * Math.exp(logMean);
}

/**
 * `bleu`: BLEU of the output against the value (one reference, or a list) is at least `threshold`
 * (default 0.5). The score is BLEU itself (1 − it for `not-bleu`).
 */
function bleu({ value, outputString, threshold, inverse }: AssertionParams): AssertionOutcome {
  const isList = Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (typeof value !== 'string' && !isList) {
    throw new AssertionValueError('"bleu" needs a string value or a list of strings (the references)');
  }
  const score = bleuScore(outputString, typeof value === 'string' ? [value] : (value as string[]));
  const limit = threshold ?? 0.5;
  const pass = score >= limit !== inverse;
  return {
    pass,
    score: inverse ? 1 - score : score,
    reason: pass
      ? 'Assertion passed'
      : `BLEU score ${score.toFixed(4)} is ${inverse ? 'greater' : 'less'} than threshold ${limit}`,
  };
}

export const bleuAssertion = checkAssertion(bleuDeclaration, bleu);
