import vm from 'node:vm';
import type { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { lazyRequire } from '../util/lazy-require.js';

/*
 * Whether the code and JSON Schemas a suite writes as assertion values (and transforms) parse, read as
 * the scoring stage reads them, so a broken one fails at load (exit 2) rather than case by case. Each
 * returns the parser's message, or null. Here, below the suite loader, so that assertion declarations
 * (src/schema/assertions/) can use them.
 */

// Loaded only when a suite gives a JSON Schema to check.
const ajvModule = lazyRequire<typeof import('ajv')>('ajv');
const addFormats = lazyRequire<(ajv: Ajv) => Ajv>('ajv-formats');

/** Whether `body` compiles as the body of a function of `output` and `context`, as the sandbox runs code. */
export function functionBodySyntaxError(body: string): string | null {
  try {
    vm.compileFunction(body, ['output', 'context', 'process']);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Whether a `javascript` value parses as the scoring stage runs it (promptfoo's reading): multi-line
 * code is a function body; one line is an expression, or, opening with const/let/var, statements whose
 * last one is returned (checked here as plain statements, a close enough reading).
 */
export function javascriptSyntaxError(code: string): string | null {
  const text = code.trimEnd();
  if (text.includes('\n')) return functionBodySyntaxError(text);
  const line = text.trim().replace(/;+\s*$/, '');
  return /^(const|let|var)\s/.test(line)
    ? functionBodySyntaxError(line)
    : functionBodySyntaxError(`return ${line}`);
}

/** Compiles a JSON Schema as the scoring stage does (ajv, strict, standard formats); the error or null. */
export function jsonSchemaError(schema: unknown): string | null {
  try {
    const parsed =
      typeof schema === 'string'
        ? parseYaml(schema, {
            schema: 'core',
            customTags: ['timestamp', 'binary', 'omap', 'pairs'],
            merge: true,
          })
        : schema;
    if (parsed === null || (typeof parsed !== 'object' && typeof parsed !== 'boolean')) {
      return 'a JSON Schema is an object';
    }
    addFormats()(new (ajvModule().Ajv)({ strictSchema: true })).compile(parsed as object);
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'invalid';
  }
}
