import { declareAssertion, needsText } from '../assertion-declaration.js';

/** `levenshtein`: the reference text (`threshold` is optional: 5 edits by default). */
export const levenshteinDeclaration = declareAssertion({
  names: ['levenshtein'],
  kind: 'deterministic',
  valueProblem: ({ value }) => needsText(value, false, 'a text (the reference)'),
});
