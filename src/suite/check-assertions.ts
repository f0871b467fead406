import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ValueProblem } from '../schema/assertion-declaration.js';
import { assertionDeclaration } from '../schema/assertion-types.js';
import type { AssertionConfig } from '../schema/suite-schema.js';
import { stableStringify } from '../util/hash.js';
import { UserError } from '../util/user-error.js';
import { refusedScript, UserCodeError, userFunction } from '../util/user-module.js';
import { transformSyntaxError } from './code-syntax.js';
import { formatFieldPath } from './schema-error.js';
import type { Row, Suite } from './suite.js';
import type { ErrorCollector } from './user-errors.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

/** What is wrong with one assertion, which of its keys, and how to fix it. */
type Problem = ValueProblem | { key: 'transform'; message: string; hint: string };

const SCRIPT_FILE = /\.(js|cjs|mjs|ts|cts|mts|py|rb)(:[^/\\]*)?$/i;
const DATA_FILE = /\.(json|ya?ml|txt)$/i;

/**
 * A `file://` script as a whole value is the user's function (promptfoo's contract): it must load and
 * export the function it names, which is known now, before any model is called. Python and Ruby are
 * refused. Inside a list promptfoo reads files as data only, so a script there is refused too.
 */
function scriptProblem(ref: string, dir: string, inList: boolean): Problem | null {
  const refused = refusedScript(ref);
  const problem = (e: UserCodeError): Problem => ({ key: 'value', message: e.message, hint: e.hint });
  if (refused) return problem(refused);
  if (inList) {
    return {
      key: 'value',
      message: `a script file inside a list of values is not run: ${ref}`,
      hint: 'give the script as the whole value (value: file://checks.js:name)',
    };
  }
  try {
    userFunction(ref, dir);
    return null;
  } catch (e) {
    if (e instanceof UserCodeError) return problem(e);
    throw e;
  }
}

function fileProblem(value: unknown, dir: string): Problem | null {
  const refs = (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && v.startsWith('file://'),
  );
  for (const ref of refs) {
    const path = ref.slice('file://'.length);
    if (SCRIPT_FILE.test(path)) {
      const p = scriptProblem(ref, dir, Array.isArray(value));
      if (p) return p;
      continue;
    }
    if (!DATA_FILE.test(path)) {
      return {
        key: 'value',
        message: `unsupported file type for an assertion value: ${ref}`,
        hint: 'use a .json, .yaml or .txt file',
      };
    }
    if (!existsSync(resolve(dir, path))) {
      return {
        key: 'value',
        message: `file not found: ${resolve(dir, path)}`,
        hint: 'paths are relative to the suite file',
      };
    }
  }
  return null;
}

/** The first problem an assertion has that is knowable before any output exists, or null. */
export function assertionProblem(a: AssertionConfig, dir: string): Problem | null {
  const declaration = assertionDeclaration(a.type);
  // Judges are checked by the judge stage (their prompts), and take no transform.
  if (declaration?.kind === 'judge') return null;
  if (a.transform !== undefined) {
    const error = transformSyntaxError(a.transform);
    if (error)
      return {
        key: 'transform',
        message: `the transform does not parse: ${error}`,
        hint: 'fix the JavaScript expression',
      };
  }
  return fileProblem(a.value, dir) ?? (hasFile(a.value) ? null : (declaration?.valueProblem?.(a) ?? null));
}

const hasFile = (v: unknown) =>
  (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.startsWith('file://'));

/**
 * Load-time checks of every assertion and transform (regex patterns that do not compile, invalid
 * JSON Schemas, JavaScript that does not parse, missing values and thresholds), so a broken suite
 * fails with exit 2 before any model is called, naming the file, line and field. Values that are
 * templates are checked per row at scoring time instead. Every problem is added to `errors`.
 */
export function checkAssertions(suite: Suite, source: YamlSource, errors: ErrorCollector): void {
  const seen = new Set<AssertionConfig>();
  // `inSuite`: the assertion is written in the suite file at `path`; otherwise it comes from a row of
  // a dataset file, and the row's own line is the best place to point at.
  const check = (a: AssertionConfig, path: FieldPath, inSuite: boolean, row?: Row) => {
    if (seen.has(a)) return;
    seen.add(a);
    const p = assertionProblem(a, suite.dir);
    if (!p) return;
    const where = inSuite || !row ? { file: source.file, line: source.lineOf([...path, p.key]) } : row.source;
    errors.add(
      new UserError(`assertion "${a.type}": ${p.message}`, {
        ...where,
        field: formatFieldPath([...path, p.key]),
        hint: p.hint,
      }),
    );
  };

  suite.assert.forEach((a, i) => {
    check(a, ['assert', i], true);
  });
  // promptfoo's defaultTest assertions are shared by every row: check (and point at) them once.
  const defaults = defaultTestAsserts(source);
  defaults.forEach((raw, k) => {
    const match = suite.rows[0]?.assert.find((a) => stableStringify(a) === stableStringify(raw));
    if (match) check(match, ['defaultTest', 'assert', k], true);
  });
  checkTransform(suite.defaultOptions, { file: source.file }, ['defaultTest', 'options'], errors);
  const own = suite.layout === 'promptfoo' ? defaults.length : 0;
  for (const row of suite.rows) {
    row.assert.forEach((a, j) => {
      const path = rowPath(source, row, j - own);
      check(a, path ?? ['assert', j], path !== null, row);
    });
    checkTransform(row.options, row.source, ['options'], errors);
  }
}

function checkTransform(
  options: Record<string, unknown> | undefined,
  at: Row['source'],
  path: FieldPath,
  errors: ErrorCollector,
): void {
  for (const key of ['transform', 'postprocess']) {
    const code = options?.[key];
    if (typeof code !== 'string') continue;
    const error = transformSyntaxError(code);
    if (error) {
      errors.add(
        new UserError(`the test's transform does not parse: ${error}`, {
          ...at,
          field: formatFieldPath([...path, key]),
          hint: 'fix the JavaScript expression over `output`',
        }),
      );
    }
  }
}

function defaultTestAsserts(source: YamlSource): unknown[] {
  const data = source.data as { defaultTest?: { assert?: unknown } } | null;
  const list = data?.defaultTest?.assert;
  return Array.isArray(list) ? list : [];
}

/** `tests[i].assert[j]` for a row written inline in the suite file (found by its line), else null. */
function rowPath(source: YamlSource, row: Row, j: number): FieldPath | null {
  const data = source.data as { tests?: unknown } | null;
  if (row.source.file !== source.file || !Array.isArray(data?.tests) || j < 0) return null;
  const i = data.tests.findIndex((_t, k) => source.lineOf(['tests', k]) === row.source.line);
  return i === -1 ? null : ['tests', i, 'assert', j];
}
