const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for a `<script type="application/json">` block. `<` becomes \u003c so no output can write
 * `</script>` or `<!--` and break out of the block; `>` and `&` likewise, and the line separators
 * that older parsers choke on. JSON.parse reads the escapes back to the same strings.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c] as string);
}
