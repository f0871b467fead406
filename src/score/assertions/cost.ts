import { costDeclaration } from '../../schema/assertions/cost.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/** `cost`: the call cost at most `threshold` (USD). Unscored when the call's cost is unknown. */
function cost({ cost: spent, threshold, inverse }: AssertionParams): AssertionOutcome {
  if (threshold === undefined) throw new AssertionValueError('"cost" needs a threshold (USD per call)');
  if (spent === null) throw new AssertionValueError('"cost": the cost of this call is unknown');
  const pass = spent <= threshold !== inverse;
  return binaryOutcome(
    pass,
    `Cost ${spent.toPrecision(2)} is ${inverse ? 'less than or equal to' : 'greater than'} threshold ${threshold}`,
  );
}

export const costAssertion = checkAssertion(costDeclaration, cost);
