import { type core, toJSONSchema, type ZodType } from 'zod';
import { UNSUPPORTED_PROMPTFOO_ASSERTIONS } from '../schema/assertion-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
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

/** Validates `source.data` with `schema`; the first problem becomes one UserError with file, line and fix. */
export function parseWithSchema<T>(schema: ZodType<T>, source: YamlSource): T {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  const issue = pickIssue(result.error.issues);
  throw issueToUserError(issue, schema, source);
}

/** In a union, the branch that got furthest into the value says best what is wrong. */
function pickIssue(issues: readonly Issue[]): Issue {
  const first = issues[0] as Issue;
  if (first.code !== 'invalid_union' || first.errors.length === 0) return first;
  const branches = first.errors.map((b) => pickIssue(b));
  const allTypeErrorsHere = branches.every((b) => b.code === 'invalid_type' && b.path.length === 0);
  if (allTypeErrorsHere) {
    const expected = [...new Set(branches.map((b) => (b as core.$ZodIssueInvalidType).expected))];
    return { ...(branches[0] as Issue), path: first.path, expected: expected.join(' or ') } as Issue;
  }
  const score = (b: Issue) => b.path.length * 2 + (b.code === 'invalid_type' ? 0 : 1);
  const best = branches.reduce((a, b) => (score(b) > score(a) ? b : a));
  return { ...best, path: [...first.path, ...best.path] } as Issue;
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
      return new UserError(`unknown key "${key}".${didYouMean(key, known)}`, {
        file,
        line: source.lineOf([...path, key], 'key'),
        field: path.length ? formatFieldPath(path) : undefined,
        hint: known.length ? `allowed keys here: ${known.join(', ')}` : 'remove it',
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
      const expected = String(issue.expected).replace('record', 'mapping').replace('array', 'list');
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
        },
      );
  }
}

/** Keys and enum values the schema allows at `path`, for "did you mean" (read from its JSON Schema). */
function knownAt(schema: ZodType, path: FieldPath): { keys: string[]; values: string[] } {
  const root = toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchemaNode;
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
