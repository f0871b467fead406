import { rougeNDeclaration } from '../../schema/assertions/rouge-n.js';
import { lazyRequire } from '../../util/lazy-require.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

// Only suites with rouge-n assertions need it.
const jsRouge = lazyRequire<typeof import('js-rouge')>('js-rouge');

function counts(grams: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of grams) m.set(g, (m.get(g) ?? 0) + 1);
  return m;
}

/**
 * ROUGE-1 F-score with clipped counts (Lin 2004; promptfoo's choice over js-rouge's own `n`, which
 * dedups the overlap but not the totals, so a text scores below 1 against itself when a word repeats).
 * Tokens are js-rouge's Penn Treebank tokens.
 */
export function rougeNScore(candidate: string, reference: string, n = 1): number {
  const { fMeasure, nGram, treeBankTokenize } = jsRouge();
  const cand = treeBankTokenize(candidate);
  const ref = treeBankTokenize(reference);
  if (cand.length < n || ref.length < n) return 0;
  const candGrams = nGram(cand, n);
  const refGrams = nGram(ref, n);
  const refCounts = counts(refGrams);
  let overlap = 0;
  for (const [gram, count] of counts(candGrams)) overlap += Math.min(count, refCounts.get(gram) ?? 0);
  if (overlap === 0) return 0;
  return fMeasure(overlap / candGrams.length, overlap / refGrams.length, 1);
}

/**
 * `rouge-n`: ROUGE-1 between the lower-cased output and value is at least `threshold` (default 0.75).
 * The score is the ROUGE score itself (1 − it for `not-rouge-n`).
 */
function rougeN({ value, outputString, threshold, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string')
    throw new AssertionValueError('"rouge-n" needs a string value (the reference)');
  const score = rougeNScore(outputString.toLowerCase(), value.toLowerCase());
  const limit = threshold ?? 0.75;
  return {
    pass: score >= limit !== inverse,
    score: inverse ? 1 - score : score,
    reason: `ROUGE-N score ${score.toFixed(2)} is ${score >= limit ? 'greater than or equal to' : 'less than'} threshold ${limit}`,
  };
}

export const rougeNAssertion = checkAssertion(rougeNDeclaration, rougeN);
