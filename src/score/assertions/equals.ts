import { isDeepStrictEqual } from 'node:util';
import { equalsDeclaration } from '../../schema/assertions/equals.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/**
 * `equals`: exact text equality; an object or array value (and null) is compared structurally with
 * the output parsed as JSON, as promptfoo does. Other values compare as text (`5` equals "5").
 */
function equals({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  let pass: boolean;
  let shown: string;
  if (typeof value === 'object') {
    try {
      pass = isDeepStrictEqual(value, JSON.parse(outputString)) !== inverse;
    } catch {
      pass = inverse;
    }
    shown = JSON.stringify(value);
  } else {
    pass = (String(value) === outputString) !== inverse;
    shown = String(value);
  }
  return binaryOutcome(pass, `Expected output "${outputString}" to ${inverse ? 'not ' : ''}equal "${shown}"`);
}

export const equalsAssertion = checkAssertion(equalsDeclaration, equals);
