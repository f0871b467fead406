import { declareAssertion, needsThreshold } from '../assertion-declaration.js';

/** `latency`: a threshold in milliseconds. */
export const latencyDeclaration = declareAssertion({
  names: ['latency'],
  kind: 'deterministic',
  valueProblem: needsThreshold('milliseconds'),
});
