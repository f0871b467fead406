import { declareAssertion } from '../assertion-declaration.js';

/** `bleu`: a reference text or a non-empty list of them. */
export const bleuDeclaration = declareAssertion({
  names: ['bleu'],
  kind: 'deterministic',
  valueProblem: ({ value: v }) =>
    typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'))
      ? null
      : {
          key: 'value',
          message: 'needs a reference text or a list of them',
          hint: 'write `value: <reference>`',
        },
});
