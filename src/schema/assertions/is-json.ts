import { declareAssertion, isTemplated, type ValueProblem, valueError } from '../assertion-declaration.js';
import { jsonSchemaError } from '../value-syntax.js';

/** An optional JSON Schema value (a mapping, or YAML/JSON text) must compile; shared with `contains-json`. */
export function jsonSchemaValueProblem(v: unknown): ValueProblem | null {
  if (!v || (typeof v === 'string' && isTemplated(v))) return null;
  if (typeof v !== 'string' && typeof v !== 'object') {
    return {
      key: 'value',
      message: 'the value must be a JSON Schema',
      hint: 'write the schema as a mapping',
    };
  }
  return valueError(
    jsonSchemaError(v),
    'the JSON Schema is invalid',
    'fix the schema (draft-07 keywords; unknown keywords are refused, as in promptfoo)',
  );
}

/** `is-json`: no value, or a JSON Schema the output must satisfy. */
export const isJsonDeclaration = declareAssertion({
  names: ['is-json'],
  kind: 'deterministic',
  valueProblem: ({ value }) => jsonSchemaValueProblem(value),
});
