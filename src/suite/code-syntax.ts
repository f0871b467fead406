import { functionBodySyntaxError } from '../schema/value-syntax.js';

/**
 * Whether a `transform` (an assertion's, or a test's `options.transform`) parses: multi-line code is a
 * function body, one line an expression. The assertion values' own checks (JavaScript, JSON Schemas)
 * are in src/schema/value-syntax.ts, where the assertion declarations can reach them.
 */
export function transformSyntaxError(code: string): string | null {
  // promptfoo loads `file://` transforms from JavaScript or Python files; rightsize runs inline code only.
  if (code.startsWith('file://'))
    return `transform files are not supported (${code}); write the expression inline`;
  return functionBodySyntaxError(code.includes('\n') ? code : `return ${code}`);
}
