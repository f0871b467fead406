import type { AssertionOutcome } from './assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from './assertion-outcome.js';
import type { AssertionParams } from './assertion-params.js';

/** `starts-with`: the output begins with the value, exactly (no trimming, as promptfoo). */
export function startsWith({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string' || value === '') {
    throw new AssertionValueError('"starts-with" needs a non-empty string value');
  }
  const pass = outputString.startsWith(value) !== inverse;
  return binaryOutcome(pass, `Expected output to ${inverse ? 'not ' : ''}start with "${value}"`);
}
