import { modelGradedClosedqaDeclaration } from '../../schema/assertions/model-graded-closedqa.js';
import { builtInJudge } from '../built-in-judge.js';

/** `model-graded-closedqa`: the judge answers whether the criterion is met (score 1 or 0). */
export const modelGradedClosedqaAssertion = builtInJudge(
  'model-graded-closedqa',
  modelGradedClosedqaDeclaration,
);
