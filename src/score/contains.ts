import type { AssertionOutcome } from './assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from './assertion-outcome.js';
import type { AssertionParams } from './assertion-params.js';

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

/** `contains`: the output holds the value, case-sensitively. */
export function contains({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  const wanted = needle('contains', value);
  return outcome(outputString.includes(wanted), wanted, inverse);
}

/** `icontains`: as `contains`, ignoring case (JavaScript's `toLowerCase`, as promptfoo). */
export function icontains({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  const wanted = needle('icontains', value);
  return outcome(outputString.toLowerCase().includes(wanted.toLowerCase()), wanted, inverse);
}
