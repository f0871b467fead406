import type { Ajv, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { lazyRequire } from '../util/lazy-require.js';

const ajvModule = lazyRequire<typeof import('ajv')>('ajv');
// ajv-formats is CommonJS: its function is the module itself (and its `default`).
const addFormats = lazyRequire<(ajv: Ajv) => Ajv>('ajv-formats');

/**
 * A JSON Schema validator configured as promptfoo's (strict schemas, with the standard formats), so
 * a schema that promptfoo rejects is rejected here too. One instance, as in promptfoo: compiled
 * schemas are cached by content.
 */
let shared: Ajv | undefined;
export function jsonSchemaValidator(): Ajv {
  shared ??= addFormats()(new (ajvModule().Ajv)({ strictSchema: true }));
  return shared;
}

/**
 * YAML with promptfoo's reading (js-yaml's core schema plus timestamps, binary, ordered maps and
 * pairs, `<<` merges; a repeated key keeps the last value). JSON is YAML, so JSON text reads the same.
 */
export function parseYamlLikePromptfoo(text: string): unknown {
  return parseYaml(text, {
    schema: 'core',
    customTags: ['timestamp', 'binary', 'omap', 'pairs'],
    merge: true,
    uniqueKeys: false,
  });
}

/** A schema written as YAML/JSON text or as an object, compiled; throws ajv's error when invalid. */
export function compileJsonSchema(schema: unknown): ValidateFunction {
  const parsed = typeof schema === 'string' ? parseYamlLikePromptfoo(schema) : schema;
  if (parsed === null || (typeof parsed !== 'object' && typeof parsed !== 'boolean')) {
    throw new Error('a JSON Schema is an object (or true/false)');
  }
  return jsonSchemaValidator().compile(parsed as object);
}

/** ajv's errors as one line, for a reason. */
export function schemaErrorsText(validate: ValidateFunction): string {
  return jsonSchemaValidator().errorsText(validate.errors);
}
