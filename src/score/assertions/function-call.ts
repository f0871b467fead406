import { functionCallDeclaration } from '../../schema/assertions/function-call.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { type FunctionDefinition, functionDefinitions } from '../function-definitions.js';
import { jsonSchemaValidator } from '../json-schema.js';

/**
 * The output as the object promptfoo's OpenAI provider would hand over: a model's text is read as
 * JSON (`{"name": ..., "arguments": ...}`, or a list of tool calls); output a transform already turned
 * into an object is used as it is. Text that is not JSON stays text, and fails.
 */
export function outputAsObject(output: unknown): unknown {
  if (typeof output !== 'string') return output;
  try {
    return JSON.parse(output);
  } catch {
    return output;
  }
}

/**
 * Throws unless `call` names one of `functions` and its arguments satisfy that function's
 * `parameters` schema. Arguments are a JSON string (OpenAI's wire form) or, unlike promptfoo, an
 * object, which is what a small model asked to write the call as JSON usually produces.
 */
export function validateFunctionCall(call: unknown, functions: FunctionDefinition[]): void {
  const c = call as { name?: unknown; arguments?: unknown } | null;
  const args = c?.arguments;
  if (
    c === null ||
    typeof c !== 'object' ||
    typeof c.name !== 'string' ||
    (typeof args !== 'string' && (args === null || typeof args !== 'object'))
  ) {
    throw new Error(`Output is not a valid-looking function call: ${JSON.stringify(call)}`);
  }
  const parsedArgs: unknown = typeof args === 'string' ? JSON.parse(args) : args;
  const schema = functions.find((f) => f.name === c.name)?.parameters;
  if (!schema) throw new Error(`Called "${c.name}", but there is no function with that name`);
  const validate = jsonSchemaValidator().compile(schema as object);
  if (!validate(parsedArgs)) {
    throw new Error(`Call to "${c.name}" does not match schema: ${JSON.stringify(validate.errors)}`);
  }
}

export function requireFunctions(type: string, p: AssertionParams): FunctionDefinition[] {
  const functions = functionDefinitions(p.value, p.config);
  if (!functions) {
    throw new AssertionValueError(
      `"${type}" needs the function definitions: a list as its value, or config.functions / config.tools`,
    );
  }
  return functions;
}

/**
 * `is-valid-function-call` and `is-valid-openai-function-call`: the output is one function call
 * (`{ name, arguments }`, or `{ function_call: {...} }`) valid against the given functions. `not-`
 * negates it (promptfoo ignores `not-` on these types).
 */
function isValidFunctionCall(p: AssertionParams): AssertionOutcome {
  const functions = requireFunctions('is-valid-function-call', p);
  let call = outputAsObject(p.output);
  if (call !== null && typeof call === 'object' && 'function_call' in call) call = call.function_call;
  try {
    validateFunctionCall(call, functions);
    return binaryOutcome(!p.inverse, 'Expected output not to be a valid function call');
  } catch (err) {
    return binaryOutcome(p.inverse, (err as Error).message);
  }
}

export const functionCallAssertion = checkAssertion(functionCallDeclaration, isValidFunctionCall);
