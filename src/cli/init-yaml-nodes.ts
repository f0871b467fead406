import { Alias, Document, isNode, Pair, Scalar, type ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import { stringTag } from 'yaml/util';

// init writes its suites as YAML nodes, never as text, so a column name or value holding quotes,
// colons, `#`, newlines or a leading `-` is quoted by the YAML library, and the suite parses as meant.

/** Comments and folded prose are wrapped near this column, as an editor shows them without scrolling. */
const WIDTH = 100;

/** Comment lines: kept before the next key (or ending the map when no key follows). */
export class Comment {
  constructor(
    readonly text: string,
    /** An empty line before it, setting a section apart. */
    readonly blank = false,
  ) {}
}

/** An empty line, setting the next key apart where no comment introduces it. */
export const BLANK = new Comment('', true);

/** Comment lines as written. */
export function comment(text: string, opts: { blank?: boolean } = {}): Comment {
  return new Comment(text, opts.blank);
}

/** A paragraph as comment lines at indent `n`, wrapped near 100 columns. */
export function wrapped(text: string, n: number, opts: { blank?: boolean } = {}): Comment {
  return new Comment(wrap(text, WIDTH - n - 2).join('\n'), opts.blank);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Comments as the yaml library takes them: it writes each line as `#` + line, so a space makes it
 * `# line`, and an empty line stays empty. The first comment's blank line is the node's `spaceBefore`.
 */
function commentText(comments: Comment[], firstBlank = false): string {
  return comments
    .flatMap((c, i) => [
      ...(c.blank && (i > 0 || firstBlank) ? [''] : []),
      ...(c.text === '' ? [] : c.text.split('\n').map((l) => ` ${l}`)),
    ])
    .join('\n');
}

function scalar(value: string, type: Scalar.Type): Scalar<string> {
  const s = new Scalar(value);
  s.type = type;
  return s;
}

/** "A double-quoted string", as user-derived values (columns, paths, providers) were always written. */
export const dq = (s: string) => scalar(s, Scalar.QUOTE_DOUBLE);
/** 'A single-quoted string': backslashes stay as written, which JavaScript in YAML wants. */
export const sq = (s: string) => scalar(s, Scalar.QUOTE_SINGLE);
/** A `>-` block: prose, wrapped near 100 columns. */
export const folded = (s: string) => scalar(s, Scalar.BLOCK_FOLDED);
/** A `|` block, lines kept: code and multi-line templates. */
export const literal = (s: string) => scalar(s, Scalar.BLOCK_LITERAL);
export const alias = (anchor: string) => new Alias(anchor);

/** A key, its value (a node, or a plain value turned into one), and a comment for the end of its line. */
export type Entry = readonly [key: string | Scalar, value: unknown, after?: string];

type Node = Scalar | YAMLMap | YAMLSeq | Alias;

/** Plain values become nodes (objects as maps, arrays as sequences); nodes are kept. */
function toNode(value: unknown): Node {
  if (isNode(value)) return value as Node;
  if (Array.isArray(value)) return seq(...value);
  if (value !== null && typeof value === 'object') {
    return map(...Object.entries(value).map(([k, v]) => [k, v] as const));
  }
  return new Scalar(value);
}

/** A block map; comments between entries go above the next key. */
export function map(...entries: Array<Entry | Comment | false | undefined>): YAMLMap {
  const m = new YAMLMap();
  let pending: Comment[] = [];
  for (const e of entries) {
    if (!e) continue;
    if (e instanceof Comment) {
      pending.push(e);
      continue;
    }
    const [k, v, after] = e;
    const key = typeof k === 'string' ? new Scalar(k) : k;
    const value = toNode(v);
    if (pending.length) {
      key.spaceBefore = pending[0]?.blank === true;
      key.commentBefore = commentText(pending);
      pending = [];
    }
    if (after) value.comment = ` ${after}`;
    m.items.push(new Pair(key, value));
  }
  if (pending.length) m.comment = commentText(pending, true);
  return m;
}

/** A block sequence; a comment goes above the next item. */
export function seq(...items: unknown[]): YAMLSeq {
  const s = new YAMLSeq();
  let pending: Comment[] = [];
  for (const item of items) {
    if (item instanceof Comment) {
      pending.push(item);
      continue;
    }
    const node = toNode(item);
    if (pending.length) {
      node.spaceBefore = pending[0]?.blank === true;
      node.commentBefore = commentText(pending);
      pending = [];
    }
    s.items.push(node);
  }
  return s;
}

/** The same collection written on one line: `{ a: 1 }`, `[ a, b ]`. */
export function flow<T extends YAMLMap | YAMLSeq>(node: T): T {
  node.flow = true;
  return node;
}

/** `&name` on a node, for `alias(name)` to repeat it. */
export function anchored<T extends YAMLMap | YAMLSeq>(name: string, node: T): T {
  node.anchor = name;
  return node;
}

/** Only `>-` prose is wrapped: a quoted value (JavaScript, a template) stays on one line, as written. */
const oneLineStrings: ScalarTag = {
  ...stringTag,
  stringify: (item, ctx, onComment, onChompKeep) =>
    (stringTag.stringify as NonNullable<ScalarTag['stringify']>)(
      item,
      (item as Scalar).type === Scalar.BLOCK_FOLDED
        ? ctx
        : { ...ctx, options: { ...ctx.options, lineWidth: 0 } },
      onComment,
      onChompKeep,
    ),
};

/** The suite file's text: `header` as its opening comment lines, then `root`. */
export function suiteText(header: Comment, root: YAMLMap): string {
  root.commentBefore = commentText([header]);
  const doc = new Document(root, {
    customTags: (tags) => tags.map((t) => (t === stringTag ? oneLineStrings : t)),
  });
  // A newline in a quoted value stays `\n`, as in JSON, rather than a folded line break.
  return doc.toString({ lineWidth: WIDTH, doubleQuotedMinMultiLineLength: Number.POSITIVE_INFINITY });
}
