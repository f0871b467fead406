import { pairwiseDeclaration } from '../../schema/assertions/pairwise.js';
import type { JudgeAssertion } from '../assertion-module.js';
import { planBuiltInJudge } from '../built-in-judge.js';

/**
 * `pairwise`: a candidate's output against the baseline's, asked in both orders (position bias is the
 * best-documented flaw of LLM judges); a verdict counts only when both orders agree.
 */
export const pairwiseAssertion: JudgeAssertion<'pairwise'> = {
  declaration: pairwiseDeclaration,
  plan: (input) =>
    input.target.role === 'baseline'
      ? // The baseline against itself is a tie by definition, so an equal candidate scores the same.
        {
          calls: [],
          outcome: () => ({
            pass: true,
            score: 0.5,
            reason: 'the baseline is the reference of pairwise judging',
          }),
        }
      : planBuiltInJudge('pairwise', input),
};
