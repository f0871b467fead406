import { type core, toJSONSchema, type ZodType } from 'zod';
import { UNSUPPORTED_PROMPTFOO_ASSERTIONS } from '../schema/assertion-types.js';
import { closest, didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
import { throwInFileOrder } from './user-errors.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

type Issue = core.$ZodIssue;
type JsonSchemaNode = {
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
};

/** `candidates[1].options.temperature` */
export function formatFieldPath(path: FieldPath): string {
  return (
    path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)'
  );
}

/**
 * Validates `source.data` with `schema`. Every problem becomes a UserError with file, line and fix,
 * reported together with `also` (problems the caller found first) in the order of the file.
 * `explained` paths are already covered by `also`: the schema's own complaint about them is dropped.
 */
export function parseWithSchema<T>(
  schema: ZodType<T>,
  source: YamlSource,
  opts: { also?: UserError[]; explained?: FieldPath[] } = {},
): T {
  const result = schema.safeParse(source.data, { reportInput: true });
  const also = opts.also ?? [];
  if (result.success && also.length === 0) return result.data;
  const issues = result.success ? [] : resolveIssues(result.error.issues);
  const explained = new Set((opts.explained ?? []).map(pathKey));
  // A misspelt key (`promtps:`) also leaves the key it meant missing: the typo is the cause, say only that.
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = knownAt(schema, issue.path as FieldPath).keys;
    for (const key of issue.keys) {
      const meant = closest(key, known);
      if (meant !== undefined) explained.add(pathKey([...(issue.path as FieldPath), meant]));
    }
  }
  const errors = issues
    .filter((i) => !(isMissing(i) && explained.has(pathKey(i.path as FieldPath))))
    .flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys
            .filter((k) => !explained.has(pathKey([...(i.path as FieldPath), k])))
            .map((k) => issueToUserError({ ...i, keys: [k] }, schema, source))
        : [issueToUserError(i, schema, source)],
    );
  throwInFileOrder([...also, ...errors]);
  if (!result.success) throw issueToUserError(issues[0] as Issue, schema, source);
  return result.data;
}

const pathKey = (path: FieldPath) => JSON.stringify(path);
const isMissing = (i: Issue) => i.code === 'invalid_type' && i.input === undefined;
const DEFAULT_UNION_MESSAGE = 'Invalid input';

/** Unions replaced by what their closest branch says is wrong, so each issue names one fix. */
function resolveIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap(resolveUnion);
}

/** In a union, the branch that got furthest into the value says best what is wrong. */
function resolveUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const branches = issue.errors.map((b) => resolveIssues(b));
  const atTop = branches.every(
    (b) => b.length === 1 && b[0]?.path.length === 0 && ['invalid_type', 'invalid_value'].includes(b[0].code),
  );
  if (atTop) {
    const input = issue.input;
    // The schema says what the union accepts in words ("`any`, `all`, a candidate's id, ..."): use them.
    if (issue.message !== DEFAULT_UNION_MESSAGE && input !== undefined) {
      return [{ code: 'custom', path: issue.path, message: issue.message, input } as Issue];
    }
    const expected = branches.flatMap(([b]) =>
      b?.code === 'invalid_value'
        ? b.values.map((v) => JSON.stringify(v))
        : [String((b as core.$ZodIssueInvalidType).expected)],
    );
    return [
      {
        ...(branches[0]?.[0] as Issue),
        code: 'invalid_type',
        path: issue.path,
        input,
        expected: [...new Set(expected)].join(' or '),
      } as Issue,
    ];
  }
  const score = (b: Issue[]) =>
    Math.max(...b.map((i) => i.path.length * 2 + (i.code === 'invalid_type' ? 0 : 1)));
  const best = branches.reduce((a, b) => (score(b) > score(a) ? b : a));
  return best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function issueToUserError(issue: Issue, schema: ZodType, source: YamlSource): UserError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const file = source.file;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] as string;
      const known = knownAt(schema, path).keys;
      const meant = closest(key, known);
      const given = issue.input !== null && typeof issue.input === 'object' && meant !== undefined;
      const alsoWritten = given && Object.hasOwn(issue.input as object, meant);
      return new UserError(`unknown key "${key}".${meant ? ` Did you mean "${meant}"?` : ''}`, {
        file,
        line: source.lineOf([...path, key], 'key'),
        field: path.length ? formatFieldPath(path) : undefined,
        hint: alsoWritten
          ? `remove it (\`${meant}:\` is written too)`
          : meant
            ? `rename \`${key}:\` to \`${meant}:\``
            : known.length
              ? `allowed keys here: ${known.join(', ')}`
              : 'remove it',
      });
    }
    case 'invalid_value': {
      const input = issue.input;
      const values = issue.values.map(String);
      const field = formatFieldPath(path);
      if (path.at(-1) === 'type' && typeof input === 'string') {
        const bare = input.replace(/^not-/, '');
        if ((UNSUPPORTED_PROMPTFOO_ASSERTIONS as readonly string[]).includes(bare)) {
          return new UserError(
            `assertion type "${input}" is a promptfoo type that rightsize does not implement`,
            {
              file,
              line: source.lineOf(path),
              field,
              hint: 'use a supported type (see the README) or score this case with promptfoo',
            },
          );
        }
        return new UserError(`unknown assertion type "${input}".${didYouMean(bare, values)}`, {
          file,
          line: source.lineOf(path),
          field,
          hint: 'see the README for the supported assertion types',
        });
      }
      return new UserError(
        `got ${describeValue(input)}, expected one of ${values.map((v) => `"${v}"`).join(', ')}.${typeof input === 'string' ? didYouMean(input, values) : ''}`,
        { file, line: source.lineOf(path), field },
      );
    }
    case 'invalid_type': {
      const missing = issue.input === undefined;
      const expected = String(issue.expected).replaceAll('record', 'mapping').replaceAll('array', 'list');
      return new UserError(
        missing ? `is required (${expected})` : `expected ${expected}, got ${describeValue(issue.input)}`,
        {
          file,
          line: source.lineOf(path),
          field: formatFieldPath(path),
          hint: missing ? `add \`${String(path.at(-1) ?? 'it')}:\`` : undefined,
        },
      );
    }
    default:
      return new UserError(
        `${issue.message}${issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : ''}`,
        {
          file,
          line: source.lineOf(path),
          field: formatFieldPath(path),
          hint: rangeHint(issue),
        },
      );
  }
}

/** A number out of range: the bound it must keep (e.g. a probability above 1). */
function rangeHint(issue: Issue): string | undefined {
  if ((issue.code !== 'too_big' && issue.code !== 'too_small') || issue.origin !== 'number') return undefined;
  const big = issue.code === 'too_big';
  const bound = big ? issue.maximum : issue.minimum;
  const sign = big ? (issue.inclusive ? '≤' : '<') : issue.inclusive ? '≥' : '>';
  return `use a number ${sign} ${String(bound)}`;
}

// Converting a schema takes a while; a file with several unknown keys asks for it once per key.
const jsonSchemas = new WeakMap<ZodType, JsonSchemaNode>();

/** Keys and enum values the schema allows at `path`, for "did you mean" (read from its JSON Schema). */
function knownAt(schema: ZodType, path: FieldPath): { keys: string[]; values: string[] } {
  let root = jsonSchemas.get(schema);
  if (!root) {
    root = toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchemaNode;
    jsonSchemas.set(schema, root);
  }
  let nodes = expand([root]);
  for (const segment of path) {
    const next: JsonSchemaNode[] = [];
    for (const n of nodes) {
      if (typeof segment === 'number') {
        if (n.items) next.push(n.items);
      } else if (n.properties?.[segment]) {
        next.push(n.properties[segment]);
      } else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
        next.push(n.additionalProperties);
      }
    }
    nodes = expand(next);
  }
  const keys = new Set<string>();
  const values = new Set<string>();
  for (const n of nodes) {
    for (const k of Object.keys(n.properties ?? {})) if (k !== '$schema') keys.add(k);
    for (const v of n.enum ?? []) values.add(String(v));
  }
  return { keys: [...keys], values: [...values] };
}

function expand(nodes: JsonSchemaNode[]): JsonSchemaNode[] {
  const out: JsonSchemaNode[] = [];
  for (const n of nodes) {
    const alternatives = [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])];
    if (alternatives.length) out.push(...expand(alternatives));
    out.push(n);
  }
  return out;
}
