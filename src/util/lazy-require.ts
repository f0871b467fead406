import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is used, not when the CLI starts. Most runs never
 * need ajv, nunjucks, csv-parse, js-rouge, cli-progress or fastest-levenshtein, and importing them all
 * up front costs every run tens of milliseconds and megabytes that V8 then sizes its heap around.
 * `require` keeps the first use synchronous, so callers stay plain functions.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
