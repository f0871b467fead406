import { declareAssertion, parsedText } from '../assertion-declaration.js';
import { javascriptSyntaxError } from '../value-syntax.js';

/** `javascript`: code that parses as the sandbox runs it, unless it is a template. */
export const javascriptDeclaration = declareAssertion({
  names: ['javascript'],
  kind: 'deterministic',
  valueProblem: ({ value }) =>
    parsedText(
      value,
      'JavaScript code over `output` and `context`',
      javascriptSyntaxError,
      'the JavaScript does not parse',
      'fix the code (an expression, or a body that returns)',
    ),
});
