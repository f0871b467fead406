import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

// ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/**
 * A JSON Schema validator configured as promptfoo's (strict schemas, with the standard formats), so
 * a schema that promptfoo rejects is rejected here too. One instance, as in promptfoo: compiled
 * schemas are cached by content.
 */
let shared: Ajv | undefined;
export function jsonSchemaValidator(): Ajv {
  shared ??= addFormats(new Ajv({ strictSchema: true }));
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
