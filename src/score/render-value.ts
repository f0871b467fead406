import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { TemplateEngine } from '../suite/suite.js';
import { renderTemplate } from '../suite/template.js';
import { AssertionValueError } from './assertion-outcome.js';
import { parseYamlLikePromptfoo } from './json-schema.js';

const SCRIPT_FILE = /\.(js|cjs|mjs|ts|cts|mts|py|rb)(:[^/\\]*)?$/;

/**
 * A `file://` value, as promptfoo reads it: JSON or YAML files parsed, `.txt` files as trimmed text,
 * relative to the suite's folder. A script as the whole value is run by runAssertion before this
 * (src/score/script-value.ts); one here (inside a list) is refused, as promptfoo reads lists as data.
 */
export function readFileValue(ref: string, baseDir: string): unknown {
  const path = ref.slice('file://'.length);
  if (SCRIPT_FILE.test(path)) {
    throw new AssertionValueError(`a script file inside a list of values is not run: ${ref}`);
  }
  const file = resolve(baseDir, path);
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml' && ext !== '.txt') {
    throw new AssertionValueError(`unsupported file type for an assertion value: ${ref}`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AssertionValueError(`cannot read the assertion value file ${file}`);
  }
  return ext === '.txt' ? text.trim() : parseYamlLikePromptfoo(text);
}

/**
 * The assertion value as the check sees it: a string is rendered as a template over the row's
 * variables (`"{{label}}"`), with the suite's engine (Handlebars, or Nunjucks in promptfoo's layout);
 * so is each string of a list. `file://` strings are read instead. Objects and numbers pass through.
 */
export function renderValue(
  value: unknown,
  vars: Record<string, unknown>,
  engine: TemplateEngine,
  baseDir: string,
): unknown {
  const one = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    if (v.startsWith('file://')) return readFileValue(v, baseDir);
    return renderTemplate(engine, v, vars);
  };
  if (typeof value === 'string') return one(value);
  if (Array.isArray(value)) return value.map(one);
  return value;
}
