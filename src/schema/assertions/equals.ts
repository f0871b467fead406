import { declareAssertion } from '../assertion-declaration.js';

/** `equals`: any value is fine (promptfoo compares a missing one with "undefined"; odd, but not an error). */
export const equalsDeclaration = declareAssertion({ names: ['equals'], kind: 'deterministic' });
