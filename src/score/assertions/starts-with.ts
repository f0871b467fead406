import { startsWithDeclaration } from '../../schema/assertions/starts-with.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/** `starts-with`: the output begins with the value, exactly (no trimming, as promptfoo). */
function startsWith({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string' || value === '') {
    throw new AssertionValueError('"starts-with" needs a non-empty string value');
  }
  const pass = outputString.startsWith(value) !== inverse;
  return binaryOutcome(pass, `Expected output to ${inverse ? 'not ' : ''}start with "${value}"`);
}

export const startsWithAssertion = checkAssertion(startsWithDeclaration, startsWith);
