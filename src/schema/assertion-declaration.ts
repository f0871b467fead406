/**
 * The load-time half of an assertion type: its `type:` names and what is wrong with its value as
 * written, which the suite loader checks before any model is called. Each built-in type declares it in
 * `src/schema/assertions/<type>.ts`; its run-time half, of the same file name in `src/score/assertions/`,
 * adds how it is scored (the contract is `AssertionModule` in `src/score/assertion-module.ts`).
 *
 * Why two halves: the import rule puts the loader (`src/suite`) below scoring (`src/score`), so the loader
 * can only see what lives in `src/schema`. This half stays small and pure for that reason; anything heavy
 * it needs (ajv for JSON Schemas) is loaded lazily.
 */

/** The fields of an assertion that a load-time check reads (a suite's `AssertionConfig` has them all). */
export interface WrittenAssertion {
  type: string;
  value?: unknown;
  threshold?: number | undefined;
  config?: Record<string, unknown> | undefined;
}

/** What is wrong with an assertion as written, under which of its keys, and how to fix it. */
export interface ValueProblem {
  key: 'value' | 'threshold';
  message: string;
  hint: string;
}

/** `deterministic`: scored from the output and the response alone; `judge`: scored by a judge model. */
export type AssertionKind = 'deterministic' | 'judge';

export interface AssertionDeclaration<
  Name extends string = string,
  Kind extends AssertionKind = AssertionKind,
> {
  /**
   * The `type:` names it answers to: one, or a family scored by one check (`contains` and `icontains`).
   * Every name is also accepted as `not-<name>`, which the run-time half receives as `inverse`.
   */
  readonly names: readonly Name[];
  readonly kind: Kind;
  /**
   * What is knowable before any output exists: a missing value or threshold, a value of the wrong type,
   * a pattern that does not compile. It sees values written in the suite; `file://` values are checked
   * by the loader (they must exist) and not passed here, and a value that is a template (`isTemplated`)
   * is only known per row, so checks of its content should let it through. Null when fine. Judge types
   * have none: their prompts are checked by the judge stage.
   */
  readonly valueProblem?: (assertion: WrittenAssertion) => ValueProblem | null;
}

/** Declares an assertion type, keeping its names as literal types (the registries derive their name types from them). */
export function declareAssertion<const Name extends string, const Kind extends AssertionKind>(
  declaration: AssertionDeclaration<Name, Kind>,
): AssertionDeclaration<Name, Kind> {
  return declaration;
}

/** Rendered per row, so its content is only checkable once a row's variables are known. */
export const isTemplated = (value: string): boolean => value.includes('{{') || value.includes('{%');

/** The usual rule: `value` must be a string (non-empty when `nonEmpty`). `what` names it in the message. */
export function needsText(value: unknown, nonEmpty: boolean, what: string): ValueProblem | null {
  if (typeof value === 'string' && (!nonEmpty || value !== '')) return null;
  return {
    key: 'value',
    message: `needs ${what}${value === undefined ? '' : `, not ${JSON.stringify(value)}`}`,
    hint: `write \`value:\` as ${what}`,
  };
}

/** A `value` problem when a parser gave an `error`, else null. */
export function valueError(error: string | null, failure: string, hint: string): ValueProblem | null {
  return error === null ? null : { key: 'value', message: `${failure}: ${error}`, hint };
}

/**
 * A non-empty text whose content must parse (a pattern, code): `parse` gives the parser's error or
 * null. A template passes, since its content is only known per row.
 */
export function parsedText(
  value: unknown,
  what: string,
  parse: (text: string) => string | null,
  failure: string,
  hint: string,
): ValueProblem | null {
  const missing = needsText(value, true, what);
  if (missing || isTemplated(value as string)) return missing;
  return valueError(parse(value as string), failure, hint);
}

/** The rule of types that compare a figure of the response with `threshold`, which is then required. */
export const needsThreshold =
  (unit: string) =>
  ({ threshold }: WrittenAssertion): ValueProblem | null =>
    threshold === undefined
      ? { key: 'threshold', message: 'needs a threshold', hint: `add \`threshold: <${unit}>\`` }
      : null;
