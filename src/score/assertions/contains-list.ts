import { containsListDeclaration } from '../../schema/assertions/contains-list.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { parseCommaSeparatedValues } from '../comma-separated-values.js';

/** A list value, or a comma-separated string; items compare as their text (numbers included). */
function items(type: string, value: unknown): string[] {
  // promptfoo rejects any falsy value ("", 0, null) but accepts an empty list.
  if (!value) throw new AssertionValueError(`"${type}" needs a value`);
  const list = typeof value === 'string' ? parseCommaSeparatedValues(value) : value;
  if (!Array.isArray(list))
    throw new AssertionValueError(`"${type}" needs a list or a comma-separated string`);
  return list.map((v) => String(v));
}

function anyOf(type: string, p: AssertionParams, fold: (s: string) => string): AssertionOutcome {
  const wanted = items(type, p.value);
  const haystack = fold(p.outputString);
  const pass = wanted.some((w) => haystack.includes(fold(w))) !== p.inverse;
  return binaryOutcome(
    pass,
    `Expected output to ${p.inverse ? 'not ' : ''}contain one of "${wanted.join(', ')}"`,
  );
}

function allOf(type: string, p: AssertionParams, fold: (s: string) => string): AssertionOutcome {
  const wanted = items(type, p.value);
  const haystack = fold(p.outputString);
  const missing = wanted.filter((w) => !haystack.includes(fold(w)));
  const pass = (missing.length === 0) !== p.inverse;
  return binaryOutcome(
    pass,
    `Expected output to ${p.inverse ? 'not ' : ''}contain all of [${wanted.join(', ')}]. Missing: [${missing.join(', ')}]`,
  );
}

const same = (s: string) => s;
const lower = (s: string) => s.toLowerCase();

/**
 * `contains-any`: at least one item occurs in the output; `contains-all`: every item does. The `i`
 * forms ignore case.
 */
export const containsListAssertion = checkAssertion(containsListDeclaration, (p) => {
  const fold = p.type.startsWith('i') ? lower : same;
  return p.type.endsWith('-any') ? anyOf(p.type, p, fold) : allOf(p.type, p, fold);
});
