import { declareAssertion } from '../assertion-declaration.js';
import { jsonSchemaValueProblem } from './is-json.js';

/** `contains-json`: as `is-json`, no value or a JSON Schema. */
export const containsJsonDeclaration = declareAssertion({
  names: ['contains-json'],
  kind: 'deterministic',
  valueProblem: ({ value }) => jsonSchemaValueProblem(value),
});
