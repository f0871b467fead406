import { declareAssertion } from '../assertion-declaration.js';

/** `pairwise` (rightsize's): a judge model compares a candidate's output with the baseline's, in both orders. */
export const pairwiseDeclaration = declareAssertion({ names: ['pairwise'], kind: 'judge' });
