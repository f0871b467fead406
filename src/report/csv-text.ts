/** A value as one CSV field's text; see `csvText` for the rules. */
export function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Numbers unformatted: String() is the shortest text that parses back to the same double.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** RFC 4180 quoting: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A table as RFC 4180 CSV: a header line, then one line per row, each ended by CRLF (the RFC's line
 * break, which every spreadsheet and parser reads); a line break inside a value is kept as written,
 * inside its quotes. Null is an empty field; numbers and booleans are written as JSON writes them;
 * a list or object (chat messages, a structured dataset value) as its JSON text. With `bom`, the text
 * starts with U+FEFF: Excel reads a CSV without one in the machine's legacy code page, which garbles
 * every non-ASCII character. Values are not altered otherwise (no guarding of a leading `=`), so the
 * file parses back to the same values.
 */
export function csvText(
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
  opts: { bom?: boolean } = {},
): string {
  const line = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;
  let out = opts.bom ? '\uFEFF' : '';
  out += line(columns);
  for (const row of rows) out += line(columns.map((c) => csvValue(row[c])));
  return out;
}
