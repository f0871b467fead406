import { levenshteinDeclaration } from '../../schema/assertions/levenshtein.js';
import { lazyRequire } from '../../util/lazy-require.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

// Needed only for a typo or a levenshtein assertion.
const fastestLevenshtein = lazyRequire<typeof import('fastest-levenshtein')>('fastest-levenshtein');

/**
 * `levenshtein`: the edit distance between output and value is at most `threshold` (default 5).
 * The score is 1 or 0 (promptfoo does not grade the distance). Distances count UTF-16 code units,
 * as promptfoo's library does, so an emoji counts 2 and a combining accent counts 1.
 */
function levenshtein({ value, outputString, threshold, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string') throw new AssertionValueError('"levenshtein" needs a string value');
  const d = fastestLevenshtein().distance(outputString, value);
  const limit = threshold ?? 5;
  const pass = d <= limit !== inverse;
  return binaryOutcome(
    pass,
    `Levenshtein distance ${d} is ${inverse ? 'less than or equal to' : 'greater than'} threshold ${limit}`,
  );
}

export const levenshteinAssertion = checkAssertion(levenshteinDeclaration, levenshtein);
