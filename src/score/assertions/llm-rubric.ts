import { llmRubricDeclaration } from '../../schema/assertions/llm-rubric.js';
import { builtInJudge } from '../built-in-judge.js';

/** `llm-rubric`: the judge answers pass and a score in 0..1; a `threshold` also requires the score. */
export const llmRubricAssertion = builtInJudge('llm-rubric', llmRubricDeclaration);
