import { declareAssertion } from '../assertion-declaration.js';

/** `llm-rubric`: a judge model grades the output against the rubric (the value). */
export const llmRubricDeclaration = declareAssertion({ names: ['llm-rubric'], kind: 'judge' });
