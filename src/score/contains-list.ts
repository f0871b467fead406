import type { AssertionOutcome } from './assertion-outcome.js';
import { AssertionValueError, binaryOutcome } from './assertion-outcome.js';
import type { AssertionParams } from './assertion-params.js';
import { parseCommaSeparatedValues } from './comma-separated-values.js';

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

/** `contains-any`: at least one item occurs in the output. */
export const containsAny = (p: AssertionParams) => anyOf('contains-any', p, same);
/** `icontains-any`: as `contains-any`, ignoring case. */
export const icontainsAny = (p: AssertionParams) => anyOf('icontains-any', p, lower);
/** `contains-all`: every item occurs in the output. */
export const containsAll = (p: AssertionParams) => allOf('contains-all', p, same);
/** `icontains-all`: as `contains-all`, ignoring case. */
export const icontainsAll = (p: AssertionParams) => allOf('icontains-all', p, lower);
