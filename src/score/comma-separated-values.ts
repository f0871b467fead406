import { AssertionValueError } from './assertion-outcome.js';

const SPACE = /\s/;

/**
 * Splits a `contains-any`/`contains-all` string value the way promptfoo does: on commas, trimming
 * each field, skipping empty ones; a field in double quotes keeps its commas (`\"`, `\\` and `""`
 * escape inside quotes). An unterminated quote is an error rather than a silent pass.
 */
export function parseCommaSeparatedValues(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && SPACE.test(text[i] as string)) i++;
  };
  while (i < text.length) {
    // Leading separators and blanks: empty fields are dropped.
    for (skipSpace(); text[i] === ','; skipSpace()) i++;
    if (i >= text.length) break;
    if (text[i] === '"') {
      let field = '';
      let closed = false;
      i++;
      while (i < text.length) {
        const c = text[i] as string;
        const next = text[i + 1];
        if (c === '\\' && (next === '"' || next === '\\')) {
          field += next;
          i += 2;
        } else if (c === '"' && next === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          field += c;
          i++;
        }
      }
      if (!closed) throw new AssertionValueError('unterminated quoted field in the comma-separated value');
      fields.push(field);
      skipSpace();
      if (i < text.length && text[i] !== ',') {
        throw new AssertionValueError('expected a comma after a quoted field in the comma-separated value');
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== ',') i++;
      fields.push(text.slice(start, i).trim());
    }
  }
  return fields;
}
