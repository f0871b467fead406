import { latencyDeclaration } from '../../schema/assertions/latency.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';

/** `latency`: the call took at most `threshold` milliseconds. Unscored when no latency was measured. */
function latency({ latencyMs, threshold, inverse }: AssertionParams): AssertionOutcome {
  if (threshold === undefined) throw new AssertionValueError('"latency" needs a threshold in milliseconds');
  if (latencyMs === null) throw new AssertionValueError('"latency": this response has no measured latency');
  const pass = latencyMs <= threshold !== inverse;
  return binaryOutcome(
    pass,
    `Latency ${latencyMs}ms is ${inverse ? 'less than or equal to' : 'greater than'} threshold ${threshold}ms`,
  );
}

export const latencyAssertion = checkAssertion(latencyDeclaration, latency);
