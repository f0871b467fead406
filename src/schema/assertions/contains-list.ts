import { declareAssertion } from '../assertion-declaration.js';

/** `contains-any`, `contains-all` and their `i` forms: a list, or a comma-separated text. */
export const containsListDeclaration = declareAssertion({
  names: ['contains-any', 'contains-all', 'icontains-any', 'icontains-all'],
  kind: 'deterministic',
  valueProblem: ({ value: v }) =>
    (typeof v === 'string' && v !== '') || Array.isArray(v)
      ? null
      : {
          key: 'value',
          message: 'needs a list or a comma-separated text value',
          hint: 'write `value: [a, b]` or `value: "a, b"`',
        },
});
