import { declareAssertion, needsThreshold } from '../assertion-declaration.js';

/** `cost`: a threshold in USD per call. */
export const costDeclaration = declareAssertion({
  names: ['cost'],
  kind: 'deterministic',
  valueProblem: needsThreshold('USD per call'),
});
