import { declareAssertion } from '../assertion-declaration.js';
import { functionDefinitionsProblem } from './function-call.js';

/** `is-valid-openai-tools-call`: as the function-call types, the functions to check the calls against. */
export const toolsCallDeclaration = declareAssertion({
  names: ['is-valid-openai-tools-call'],
  kind: 'deterministic',
  valueProblem: functionDefinitionsProblem,
});
