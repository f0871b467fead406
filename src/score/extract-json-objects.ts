import { parseYamlLikePromptfoo } from './json-schema.js';

const MAX_JSON_LENGTH = 100_000;

/**
 * Rewrites `// comment` to `# comment` outside quoted strings (leaving `://` in URLs alone), so JSON
 * with JavaScript-style comments, which models often write, still reads as YAML.
 */
function slashCommentsToHash(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let quote: '"' | "'" | null = null;
      for (let i = 0; i < line.length; i++) {
        const c = line[i] as string;
        const prev = i > 0 ? (line[i - 1] as string) : '';
        const next = line[i + 1] ?? '';
        if (quote === null) {
          // An apostrophe inside a word (don't) does not open a quote.
          if (c === "'" && !/[a-zA-Z]/.test(prev)) quote = "'";
          else if (c === '"') quote = '"';
          else if (c === '/' && next === '/') {
            const tokenStart = line.slice(0, i).search(/\S+$/);
            const token = line.slice(tokenStart === -1 ? i : tokenStart, i + 2);
            if (token.includes('://')) {
              // A URL, not a comment.
              out += c;
              continue;
            }
            let slashes = 2;
            while (line[i + slashes] === '/') slashes++;
            return out + '#'.repeat(Math.floor(slashes / 2)) + line.slice(i + slashes);
          }
          out += c;
        } else {
          out += c;
          if (c === quote && !escaped(line, i) && (quote === '"' || !/[a-zA-Z]/.test(next))) quote = null;
        }
      }
      return out;
    })
    .join('\n');
}

function escaped(line: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * Every JSON object embedded in text (prose, code fences), as promptfoo's `extractJsonObjects`: from
 * each `{`, brace-count forward (naively: braces inside strings count too) and try each balanced or
 * truncated span as YAML; unclosed braces are closed for it. Only objects count, not arrays or scalars.
 */
export function extractJsonObjects(text: string): object[] {
  const found: object[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{') continue;
    let open = 1;
    let close = 0;
    let j = i + 1;
    const end = Math.min(i + MAX_JSON_LENGTH, text.length);
    while (j < end && open > close) {
      if (text[j] === '{') open++;
      if (text[j] === '}') close++;
      j++;
      if (open === close || j === text.length || j === i + MAX_JSON_LENGTH) {
        try {
          const candidate = text.slice(i, j) + '}'.repeat(Math.max(0, open - close));
          const parsed = parseYamlLikePromptfoo(slashCommentsToHash(candidate));
          if (typeof parsed === 'object' && parsed !== null) {
            found.push(parsed);
            i = j - 1;
            break;
          }
        } catch {
          if (open === close) break;
        }
      }
    }
  }
  return found;
}
