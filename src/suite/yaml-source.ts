import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { UserError } from '../util/user-error.js';

export type FieldPath = readonly (string | number)[];

/** A parsed YAML (or JSON) file that can say on which line any value or key was written. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** 1-based line of the value at `path` (or of its key), falling back to the nearest ancestor. */
  lineOf(path: FieldPath, what?: 'value' | 'key'): number | undefined;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    let line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    const quote = /closing (["'])?(\w+)?\s*quote/.exec(first.message);
    if (first.code === 'MISSING_CHAR' && quote) {
      // The parser reports an unclosed quote where the file ends; the person needs where it opened.
      const char = first.message.includes('"') ? '"' : "'";
      const lines = text.split('\n');
      for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
        if (((lines[i] ?? '').split(char).length - 1) % 2 === 1) {
          line = i + 1;
          break;
        }
      }
    }
    const message =
      first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
    throw new UserError(`YAML syntax error: ${message}`, {
      file,
      line,
      hint: 'fix the indentation or quoting on that line (a value holding ": " or "#" needs quotes)',
    });
  }
  const lineOfOffset = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;

  return {
    file,
    data: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    lineOf(path, what = 'value') {
      let node: unknown = doc.contents;
      let line = lineOfOffset((doc.contents as Node | null)?.range?.[0]);
      for (const [i, segment] of path.entries()) {
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => {
            const k = p.key as { value?: unknown } | null;
            return (k && typeof k === 'object' && 'value' in k ? k.value : p.key) === segment;
          });
          if (!pair) return line;
          const keyLine = lineOfOffset((pair.key as Node | null)?.range?.[0]);
          if (last && what === 'key') return keyLine ?? line;
          node = pair.value;
          line = lineOfOffset((pair.value as Node | null)?.range?.[0]) ?? keyLine ?? line;
        } else if (isSeq(node) && typeof segment === 'number') {
          const item = node.items[segment] as Node | undefined;
          if (!item) return line;
          node = item;
          line = lineOfOffset(item.range?.[0]) ?? line;
        } else {
          return line;
        }
      }
      return line;
    },
  };
}
