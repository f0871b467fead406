import { isJsonDeclaration } from '../../schema/assertions/is-json.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { compileJsonSchema, schemaErrorsText } from '../json-schema.js';

/**
 * `is-json`: the whole output parses as JSON (`JSON.parse`: surrounding whitespace is fine, prose or
 * a code fence is not). With a value, the parsed JSON must also satisfy that JSON Schema (an object,
 * or YAML/JSON text).
 */
function isJson({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  let parsed: unknown;
  let parses = false;
  try {
    parsed = JSON.parse(outputString);
    parses = true;
  } catch {
    // not JSON
  }
  if (parses && value) {
    if (typeof value !== 'string' && typeof value !== 'object') {
      throw new AssertionValueError('"is-json" value must be a JSON Schema (an object or YAML/JSON text)');
    }
    const validate = compileJsonSchema(value);
    const valid = validate(parsed) === true;
    const pass = valid !== inverse;
    if (!pass) {
      return {
        pass,
        score: 0,
        reason: inverse
          ? 'Output is JSON that conforms to the provided schema'
          : `JSON does not conform to the provided schema. Errors: ${schemaErrorsText(validate)}`,
      };
    }
    return binaryOutcome(pass, '');
  }
  return binaryOutcome(parses !== inverse, 'Expected output to be valid JSON');
}

export const isJsonAssertion = checkAssertion(isJsonDeclaration, isJson);
