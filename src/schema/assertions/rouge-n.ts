import { declareAssertion, needsText } from '../assertion-declaration.js';

/** `rouge-n`: the reference text (`threshold` is optional: 0.75 by default). */
export const rougeNDeclaration = declareAssertion({
  names: ['rouge-n'],
  kind: 'deterministic',
  valueProblem: ({ value }) => needsText(value, false, 'a text (the reference)'),
});
