import { declareAssertion, needsText } from '../assertion-declaration.js';

/** `starts-with`: a non-empty text. */
export const startsWithDeclaration = declareAssertion({
  names: ['starts-with'],
  kind: 'deterministic',
  valueProblem: ({ value }) => needsText(value, true, 'a non-empty text'),
});
