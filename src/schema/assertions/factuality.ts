import { declareAssertion } from '../assertion-declaration.js';

/** `factuality`: a judge model compares the output's facts with the reference answer (the value). */
export const factualityDeclaration = declareAssertion({ names: ['factuality'], kind: 'judge' });
