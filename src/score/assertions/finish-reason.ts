import { finishReasonDeclaration } from '../../schema/assertions/finish-reason.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/**
 * `finish-reason`: the runtime's finish reason equals the value, ignoring case (`stop`, `length`,
 * `tool_calls`, ...). A response without one fails (and passes `not-finish-reason`), as in promptfoo.
 */
function finishReason({ value, finishReason: actual, inverse }: AssertionParams): AssertionOutcome {
  if (typeof value !== 'string') throw new AssertionValueError('"finish-reason" needs a string value');
  if (!actual) return binaryOutcome(inverse, 'Provider did not supply stop/finish reason');
  const pass = (value.toLowerCase() === actual.toLowerCase()) !== inverse;
  return binaryOutcome(pass, `Expected finish reason ${inverse ? 'not ' : ''}"${value}" but got "${actual}"`);
}

export const finishReasonAssertion = checkAssertion(finishReasonDeclaration, finishReason);
