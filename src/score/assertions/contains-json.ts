import { containsJsonDeclaration } from '../../schema/assertions/contains-json.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { extractJsonObjects } from '../extract-json-objects.js';
import { compileJsonSchema, schemaErrorsText } from '../json-schema.js';

/**
 * `contains-json`: some JSON object appears in the output (prose and code fences around it are fine).
 * With a schema value, at least one of the objects found must satisfy it.
 */
function containsJson({ value, outputString, inverse }: AssertionParams): AssertionOutcome {
  const objects = extractJsonObjects(outputString);
  let pass = inverse ? objects.length === 0 : objects.length > 0;
  let failReason = 'Expected output to contain valid JSON';
  if (value && objects.length > 0) {
    if (typeof value !== 'string' && typeof value !== 'object') {
      throw new AssertionValueError(
        '"contains-json" value must be a JSON Schema (an object or YAML/JSON text)',
      );
    }
    const validate = compileJsonSchema(value);
    for (const object of objects) {
      const valid = validate(object) === true;
      pass = valid !== inverse;
      if (valid) {
        if (inverse) failReason = 'Output contains JSON conforming to the provided schema';
        break;
      }
      failReason = `JSON does not conform to the provided schema. Errors: ${schemaErrorsText(validate)}`;
    }
  }
  return { pass, score: pass ? 1 : 0, reason: pass ? 'Assertion passed' : failReason };
}

export const containsJsonAssertion = checkAssertion(containsJsonDeclaration, containsJson);
