import { declareAssertion, needsText } from '../assertion-declaration.js';

/** `finish-reason`: the expected finish reason. */
export const finishReasonDeclaration = declareAssertion({
  names: ['finish-reason'],
  kind: 'deterministic',
  valueProblem: ({ value }) => needsText(value, false, 'a finish reason such as "stop" or "length"'),
});
