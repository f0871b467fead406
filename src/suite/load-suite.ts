import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import {
  PROMPTFOO_ONLY_KEYS,
  PROMPTFOO_UNSUPPORTED_KEYS,
  promptfooConfigSchema,
} from '../schema/promptfoo-schema.js';
import { suiteSchema } from '../schema/suite-schema.js';
import { UserError } from '../util/user-error.js';
import { checkAssertions } from './check-assertions.js';
import type { Env } from './model-entries.js';
import { normalizePromptfoo } from './normalize-promptfoo.js';
import { normalizeRightsize } from './normalize-rightsize.js';
import { parseWithSchema } from './schema-error.js';
import type { Suite } from './suite.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * Reads, validates and normalises a suite file of either layout. Pure apart from reading files:
 * no model is called. Every problem is a UserError naming the file, line or field and the fix.
 */
export function loadSuite(path: string, env: Env = {}): Suite {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(`suite file not found: ${path}`, {
      hint: 'check the path (e.g. evals/support-routing.yaml)',
    });
  }
  const source = parseYamlSource(readFileSync(file, 'utf8'), file);
  const data = source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError('a suite is a mapping of keys (name, dataset, prompts, baseline, ...)', {
      file,
      line: 1,
      hint: 'see the README for a complete example',
    });
  }
  const keys = Object.keys(data);
  const isPromptfoo = PROMPTFOO_ONLY_KEYS.some((k) => keys.includes(k)) && !keys.includes('candidates');
  if (!isPromptfoo && !keys.includes('baseline')) {
    throw new UserError('the suite names no model', {
      file,
      hint: 'add `baseline:` (the model to replace) and `candidates:` (small models to try)',
    });
  }
  if (isPromptfoo) {
    for (const key of keys) {
      const reason = PROMPTFOO_UNSUPPORTED_KEYS[key];
      if (reason) throw new UserError(`\`${key}\`: ${reason}`, { file, line: source.lineOf([key], 'key') });
    }
    const config = parseWithSchema(promptfooConfigSchema, source);
    const name = config.name ?? defaultName(file);
    return checkAssertions(normalizePromptfoo(config, source, env, name), source);
  }
  const config = parseWithSchema(suiteSchema, source);
  return checkAssertions(normalizeRightsize(config, source, env), source);
}

/** promptfoo configs have no name: use the file's (promptfooconfig.yaml → its folder's). */
function defaultName(file: string): string {
  const stem = basename(file, extname(file));
  const base = stem === 'promptfooconfig' ? basename(resolve(file, '..')) : stem;
  return base.replace(/[^\w.-]+/g, '-') || 'suite';
}
