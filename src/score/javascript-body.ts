/**
 * The function body promptfoo runs for a `javascript` value: multi-line code as written (it must
 * `return`); a single line as an expression (`return <line>`), except that a line opening with
 * declarations (`const s = ...; s > 0.5`) returns its last statement.
 */
export function javascriptAssertionBody(code: string): string {
  const trimmedEnd = code.trimEnd();
  if (trimmedEnd.includes('\n')) return trimmedEnd;
  const line = trimmedEnd.trim().replace(/;+\s*$/, '');
  if (/^(const|let|var)\s/.test(line)) {
    const lastSemicolon = lastStatementSemicolon(line);
    if (lastSemicolon !== -1) {
      const expression = line.slice(lastSemicolon + 1).trim();
      if (expression) return `${line.slice(0, lastSemicolon + 1)} return ${expression}`;
    }
    return line;
  }
  return `return ${line}`;
}

/**
 * The body promptfoo runs for a `transform`: multi-line code as written, a single line as an
 * expression. (Unlike `javascriptAssertionBody`, nothing is trimmed and declarations get no help.)
 */
export function transformBody(code: string): string {
  return code.includes('\n') ? code : `return ${code}`;
}

/** The last `;` outside string literals (semicolons in regex literals are not recognised, as in promptfoo). */
function lastStatementSemicolon(code: string): number {
  let quote: string | null = null;
  let last = -1;
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (!isEscaped(code, i) && (c === "'" || c === '"' || c === '`')) {
      if (quote === null) quote = c;
      else if (quote === c) quote = null;
    }
    if (c === ';' && quote === null) last = i;
  }
  return last;
}

function isEscaped(code: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && code[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
