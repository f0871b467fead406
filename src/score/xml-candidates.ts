import { XML_NAME } from './xml-name.js';

/** A stretch of text, `start` to before `end`, that may be XML. */
export interface XmlSpan {
  start: number;
  end: number;
}

interface Element extends XmlSpan {
  /** Where the element it sits in starts, if it sits in one. */
  parent: number | undefined;
}

type Tag =
  | { kind: 'open'; name: string; end: number; selfClosing: boolean }
  | { kind: 'close'; name: string; end: number }
  | { kind: 'markup'; end: number };

const NAME = new RegExp(XML_NAME, 'uy');

function nameAt(text: string, at: number): string | null {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0] ?? null;
}

/** The `>` that closes the tag opened at `start` (quoted attribute values skipped); -1 if a `<` or the end comes first. */
function tagEnd(text: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '<') {
      return -1;
    } else if (ch === '>') {
      return i;
    }
  }
  return -1;
}

/** The last character of a comment, CDATA section, processing instruction or declaration (the text's end if unclosed). */
function markupEnd(text: string, start: number): number {
  const through = (delimiter: string, from: number) => {
    const at = text.indexOf(delimiter, from);
    return at === -1 ? text.length - 1 : at + delimiter.length - 1;
  };
  if (text[start + 1] === '?') return through('?>', start + 2);
  if (text.startsWith('<!--', start)) return through('-->', start + 4);
  if (text.startsWith('<![CDATA[', start)) return through(']]>', start + 9);
  // A DOCTYPE: its `>` is the first one outside quotes and its [internal subset].
  let quote: string | null = null;
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']' && depth > 0) depth--;
    else if (ch === '>' && depth === 0) return i;
  }
  return text.length - 1;
}

/** The tag that starts at the `<` at `start`, or null when that `<` opens none (`a < b`, `<3`). */
function tagAt(text: string, start: number): Tag | null {
  const next = text[start + 1];
  if (next === undefined) return null;
  if (next === '!' || next === '?') return { kind: 'markup', end: markupEnd(text, start) };
  const closing = next === '/';
  const name = nameAt(text, start + (closing ? 2 : 1));
  const end = name === null ? -1 : tagEnd(text, start);
  if (name === null || end === -1) return null;
  if (closing) return { kind: 'close', name, end };
  return { kind: 'open', name, end, selfClosing: text.slice(start, end).trimEnd().endsWith('/') };
}

/** Every element whose tags pair up, in the order they close; a closing tag that matches nothing breaks the nesting. */
function elements(text: string): Element[] {
  const open: { name: string; start: number }[] = [];
  const found: Element[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '<') continue;
    const tag = tagAt(text, i);
    if (!tag) continue;
    if (tag.kind === 'open' && tag.selfClosing) {
      found.push({ start: i, end: tag.end + 1, parent: open.at(-1)?.start });
    } else if (tag.kind === 'open') {
      open.push({ name: tag.name, start: i });
    } else if (tag.kind === 'close') {
      const top = open.at(-1);
      if (top?.name === tag.name) {
        open.pop();
        found.push({ start: top.start, end: tag.end + 1, parent: open.at(-1)?.start });
      } else {
        open.length = 0;
      }
    }
    i = tag.end;
  }
  return found;
}

/**
 * The stretches of `text` that contains-xml tries, in promptfoo's order: first, each run of two or more
 * sibling elements that no element encloses, taken together from the first to the last; then each
 * outermost element on its own, leftmost first, longer first.
 */
export function xmlCandidates(text: string): XmlSpan[] {
  const found = elements(text);
  const starts = new Set(found.map((e) => e.start));
  const outermost = (e: Element) => e.parent === undefined || !starts.has(e.parent);
  const spans: XmlSpan[] = [];
  const seen = new Set<string>();
  const add = ({ start, end }: XmlSpan) => {
    if (seen.has(`${start}:${end}`)) return;
    seen.add(`${start}:${end}`);
    spans.push({ start, end });
  };
  const byParent = new Map<number | undefined, Element[]>();
  for (const e of found) byParent.set(e.parent, [...(byParent.get(e.parent) ?? []), e]);
  for (const siblings of byParent.values()) {
    const [first] = siblings;
    if (siblings.length < 2 || !first || !outermost(first)) continue;
    const sorted = [...siblings].sort((a, b) => a.start - b.start || a.end - b.end);
    add({ start: sorted[0]?.start ?? 0, end: sorted.at(-1)?.end ?? 0 });
  }
  for (const e of found.filter(outermost).sort((a, b) => a.start - b.start || b.end - a.end)) add(e);
  return spans;
}
