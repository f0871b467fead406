import { regexDeclaration } from '../../schema/assertions/regex.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/**
 * `regex`: the pattern matches somewhere in the output. Like promptfoo, the value is the pattern
 * source with no flags (`/x/i` is not flag syntax here). A pattern that does not compile is caught at
 * load time when it is written literally; one that only breaks after templating fails, as in promptfoo.
 */
function regex({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string' || value === '') {
    throw new AssertionValueError('"regex" needs a non-empty string value (the pattern)');
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(value);
  } catch (err) {
    // Not negated: a broken pattern fails both `regex` and `not-regex`.
    return { pass: false, score: 0, reason: `Invalid regex pattern: ${(err as Error).message}` };
  }
  const pass = pattern.test(outputString) !== inverse;
  return binaryOutcome(pass, `Expected output to ${inverse ? 'not ' : ''}match regex "${value}"`);
}

export const regexAssertion = checkAssertion(regexDeclaration, regex);
