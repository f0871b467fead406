import { containsDeclaration } from '../../schema/assertions/contains.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';

/** promptfoo accepts a non-empty string or a number (compared as its text). */
function needle(type: string, value: unknown): string {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && !Number.isNaN(value))) {
    return String(value);
  }
  throw new AssertionValueError(`"${type}" needs a non-empty string or number value`);
}

function outcome(found: boolean, wanted: string, inverse: boolean): AssertionOutcome {
  const pass = found !== inverse;
  return binaryOutcome(pass, `Expected output to ${inverse ? 'not ' : ''}contain "${wanted}"`);
}

/**
 * `contains`: the output holds the value, case-sensitively. `icontains`: the same, ignoring case
 * (JavaScript's `toLowerCase`, as promptfoo).
 */
export const containsAssertion = checkAssertion(
  containsDeclaration,
  ({ type, value, outputString, inverse }) => {
    const wanted = needle(type, value);
    const found =
      type === 'icontains'
        ? outputString.toLowerCase().includes(wanted.toLowerCase())
        : outputString.includes(wanted);
    return outcome(found, wanted, inverse);
  },
);
