import Handlebars from 'handlebars';
import { lazyRequire } from '../util/lazy-require.js';
import type { TemplateEngine } from './suite.js';

/** A variable a template reads; `optional` when it only guards a block (`{{#if x}}`). */
export interface TemplateVariable {
  name: string;
  optional: boolean;
}

const hbs = Handlebars.create();
// Prompts are not HTML: no escaping. `json` mirrors promptfoo's `dump` for objects in a prompt.
hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
const HBS_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'json']);
const HBS_CONTEXT_CHANGING = new Set(['each', 'with']);

// Only promptfoo-layout suites use Nunjucks; rightsize's own layout never loads it.
const nunjucksModule = lazyRequire<typeof import('nunjucks')>('nunjucks');
let nunjucksEnvironment: import('nunjucks').Environment | undefined;
function nunjucksEnv(): import('nunjucks').Environment {
  if (!nunjucksEnvironment) {
    nunjucksEnvironment = new (nunjucksModule().Environment)(null, {
      autoescape: false,
      throwOnUndefined: false,
    });
    // promptfoo's own filters: `load` parses JSON, `dump` writes it.
    nunjucksEnvironment.addFilter('load', (s: string) => JSON.parse(s));
    nunjucksEnvironment.addFilter('dump', (v: unknown) => JSON.stringify(v));
  }
  return nunjucksEnvironment;
}
const NUNJUCKS_GLOBALS = new Set([
  'range',
  'cycler',
  'joiner',
  'env',
  'loop',
  'caller',
  'true',
  'false',
  'none',
]);

// The parser is public (nunjucks.parser) but missing from @types/nunjucks.
const nunjucksParser = () =>
  (nunjucksModule() as unknown as { parser: { parse(src: string, ext: unknown[], opts: object): unknown } })
    .parser;

const compiled = new Map<string, (vars: Record<string, unknown>) => string>();

/** Renders a template with a row's variables (compiled once per template text). */
export function renderTemplate(engine: TemplateEngine, text: string, vars: Record<string, unknown>): string {
  const key = `${engine}\u0000${text}`;
  let fn = compiled.get(key);
  if (!fn) {
    if (engine === 'handlebars') {
      const template = hbs.compile(text, { noEscape: true });
      fn = (v) => template(v);
    } else {
      const template = nunjucksModule().compile(text, nunjucksEnv());
      fn = (v) => template.render(v);
    }
    compiled.set(key, fn);
  }
  return fn(vars);
}

/** Throws the engine's own syntax error (with its line) if the template does not compile. */
export function checkTemplateSyntax(engine: TemplateEngine, text: string): void {
  if (engine === 'handlebars') hbs.precompile(text);
  else nunjucksParser().parse(text, [], {});
}

/** The root variables a template reads from the row (not helpers, loop variables or locals). */
export function templateVariables(engine: TemplateEngine, text: string): TemplateVariable[] {
  const found = new Map<string, boolean>();
  const add = (name: string, optional: boolean) => {
    found.set(name, (found.get(name) ?? true) && optional);
  };
  if (engine === 'handlebars') walkHandlebars(hbs.parse(text), add, false);
  else {
    const locals = new Set<string>();
    const refs: string[] = [];
    walkNunjucks(nunjucksParser().parse(text, [], {}), refs, locals);
    for (const r of refs) if (!locals.has(r) && !NUNJUCKS_GLOBALS.has(r)) add(r, false);
  }
  return [...found].map(([name, optional]) => ({ name, optional }));
}

type HbsNode = hbs.AST.Node & Record<string, unknown>;

function walkHandlebars(
  node: unknown,
  add: (name: string, optional: boolean) => void,
  optional: boolean,
): void {
  if (!node || typeof node !== 'object') return;
  const n = node as HbsNode;
  switch (n.type) {
    case 'Program':
      for (const s of (n as unknown as hbs.AST.Program).body) walkHandlebars(s, add, optional);
      return;
    case 'MustacheStatement':
    case 'SubExpression': {
      const m = n as unknown as hbs.AST.MustacheStatement;
      const isHelperCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
      if (!isHelperCall) walkHandlebars(m.path, add, optional);
      for (const p of m.params) walkHandlebars(p, add, optional);
      for (const pair of m.hash?.pairs ?? []) walkHandlebars(pair.value, add, optional);
      return;
    }
    case 'BlockStatement': {
      const b = n as unknown as hbs.AST.BlockStatement;
      const helper = (b.path as hbs.AST.PathExpression).original;
      const guards = helper === 'if' || helper === 'unless';
      for (const p of b.params) walkHandlebars(p, add, optional || guards);
      if (!HBS_HELPERS.has(helper) && b.params.length === 0) walkHandlebars(b.path, add, optional);
      // Inside #each / #with the context is the item, not the row: its paths are not row columns.
      if (!HBS_CONTEXT_CHANGING.has(helper)) walkHandlebars(b.program, add, optional || guards);
      walkHandlebars(b.inverse, add, optional || guards);
      return;
    }
    case 'PathExpression': {
      const p = n as unknown as hbs.AST.PathExpression;
      if (p.data || p.depth > 0 || p.parts.length === 0) return;
      const root = p.parts[0] as string;
      if (root === 'this' || HBS_HELPERS.has(root)) return;
      add(root, optional);
      return;
    }
    default:
      return;
  }
}

interface NjNode {
  typename: string;
  fields?: string[];
  value?: unknown;
  [field: string]: unknown;
}

function walkNunjucks(node: unknown, refs: string[], locals: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const c of node) walkNunjucks(c, refs, locals);
    return;
  }
  const n = node as NjNode;
  if (n.typename === 'Symbol') {
    refs.push(String(n.value));
    return;
  }
  for (const field of n.fields ?? []) {
    const child = n[field];
    // Names that are defined here, or that name a filter, a macro or a function, are not row variables.
    if (
      (n.typename === 'For' || n.typename === 'AsyncEach' || n.typename === 'AsyncAll') &&
      field === 'name'
    ) {
      collectSymbols(child, locals);
    } else if (n.typename === 'Set' && field === 'targets') {
      collectSymbols(child, locals);
    } else if (n.typename === 'Macro' && (field === 'name' || field === 'args')) {
      collectSymbols(child, locals);
    } else if (
      (n.typename === 'Filter' || n.typename === 'FunCall' || n.typename === 'FilterAsync') &&
      field === 'name'
    ) {
      // skip
    } else if (n.typename === 'KeywordArgs' || n.typename === 'Pair') {
      walkNunjucks(field === 'key' ? undefined : child, refs, locals);
    } else {
      walkNunjucks(child, refs, locals);
    }
  }
}

function collectSymbols(node: unknown, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const c of node) collectSymbols(c, into);
    return;
  }
  const n = node as NjNode;
  if (n.typename === 'Symbol') into.add(String(n.value));
  for (const field of n.fields ?? []) collectSymbols(n[field], into);
}
