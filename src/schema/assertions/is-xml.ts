import { declareAssertion } from '../assertion-declaration.js';

/**
 * The element paths an XML assertion's value requires, read as promptfoo reads it: a comma-separated
 * text, a list, or `{ requiredElements: [...] }`; no value (or an empty list or mapping, a number, a
 * boolean) requires none. A path is dot-separated from the root element (`analysis.summary`), with a
 * number for one of several same-named elements (`list.item.1`) and `@_name` for an attribute. Used by
 * both halves: the declaration refuses an unusable value at load, the check when it only becomes one
 * once rendered.
 */
export function requiredXmlElements(value: unknown): { paths: string[] | undefined } | { error: string } {
  if (typeof value === 'string') return { paths: value.split(',').map((path) => path.trim()) };
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && Object.keys(value).length > 0
      ? (value as { requiredElements?: unknown }).requiredElements
      : [];
  if (!Array.isArray(list))
    return { error: 'needs element paths: a text, a list, or { requiredElements: [...] }' };
  if (list.some((path) => path === null || path === undefined)) return { error: 'has an empty element path' };
  return { paths: list.length > 0 ? list.map(String) : undefined };
}

/**
 * `is-xml`: the whole output is well-formed XML; `contains-xml`: some part of it is XML. With a value,
 * the XML must also hold the required elements.
 */
export const isXmlDeclaration = declareAssertion({
  names: ['is-xml', 'contains-xml'],
  kind: 'deterministic',
  valueProblem: ({ value }) => {
    const read = requiredXmlElements(value);
    return 'error' in read
      ? {
          key: 'value',
          message: `${read.error}, not ${JSON.stringify(value)}`,
          hint: 'write `value: root.child, root.other` or `value: [root.child]`',
        }
      : null;
  },
});
