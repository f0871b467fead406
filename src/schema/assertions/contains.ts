import { declareAssertion } from '../assertion-declaration.js';

/** `contains`, `icontains`: a non-empty text, or a number (compared as its text). */
export const containsDeclaration = declareAssertion({
  names: ['contains', 'icontains'],
  kind: 'deterministic',
  valueProblem: ({ value: v }) =>
    (typeof v === 'string' && v !== '') || (typeof v === 'number' && !Number.isNaN(v))
      ? null
      : { key: 'value', message: 'needs a non-empty text or number value', hint: 'write `value: <text>`' },
});
