import { factualityDeclaration } from '../../schema/assertions/factuality.js';
import { builtInJudge } from '../built-in-judge.js';

/** `factuality`: the judge answers promptfoo's categories A to E; only (D), a disagreement, fails. */
export const factualityAssertion = builtInJudge('factuality', factualityDeclaration);
