import { declareAssertion } from '../assertion-declaration.js';

/** `model-graded-closedqa`: a judge model says whether the output meets the criterion (the value). */
export const modelGradedClosedqaDeclaration = declareAssertion({
  names: ['model-graded-closedqa'],
  kind: 'judge',
});
