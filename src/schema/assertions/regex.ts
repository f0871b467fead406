import { declareAssertion, parsedText } from '../assertion-declaration.js';

function compileError(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** `regex`: a pattern that compiles (JavaScript RegExp source, no flags), unless it is a template. */
export const regexDeclaration = declareAssertion({
  names: ['regex'],
  kind: 'deterministic',
  valueProblem: ({ value }) =>
    parsedText(
      value,
      'a regular expression (JavaScript syntax, no /slashes/)',
      compileError,
      'the pattern does not compile',
      'fix the pattern: JavaScript RegExp source, without /slashes/ or flags (use [Aa] for case)',
    ),
});
