import { toolsCallDeclaration } from '../../schema/assertions/tools-call.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { outputAsObject, requireFunctions, validateFunctionCall } from './function-call.js';

function looksLikeToolCall(c: unknown): boolean {
  const fn = (c as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
  const args = fn?.arguments;
  return (
    typeof fn?.name === 'string' && (typeof args === 'string' || (args !== null && typeof args === 'object'))
  );
}

/**
 * `is-valid-openai-tools-call`: the output is a non-empty list of OpenAI tool calls
 * (`[{ type: function, function: { name, arguments } }]`, or `{ tool_calls: [...] }`), each valid
 * against the given functions. `not-` negates it (promptfoo ignores `not-` here).
 */
function isValidToolsCall(p: AssertionParams): AssertionOutcome {
  const functions = requireFunctions('is-valid-openai-tools-call', p);
  let calls = outputAsObject(p.output);
  if (calls !== null && typeof calls === 'object' && !Array.isArray(calls) && 'tool_calls' in calls) {
    calls = calls.tool_calls;
  }
  if (!Array.isArray(calls) || calls.length === 0 || !calls.every(looksLikeToolCall)) {
    return binaryOutcome(
      p.inverse,
      `Output is not a valid-looking list of tool calls: ${JSON.stringify(calls)}`,
    );
  }
  try {
    for (const c of calls) validateFunctionCall((c as { function: unknown }).function, functions);
    return binaryOutcome(!p.inverse, 'Expected output not to be valid tool calls');
  } catch (err) {
    return binaryOutcome(p.inverse, (err as Error).message);
  }
}

export const toolsCallAssertion = checkAssertion(toolsCallDeclaration, isValidToolsCall);
