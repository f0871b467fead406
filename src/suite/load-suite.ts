import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import {
  PROMPTFOO_ONLY_KEYS,
  PROMPTFOO_UNSUPPORTED_KEYS,
  promptfooConfigSchema,
} from '../schema/promptfoo-schema.js';
import { suiteSchema } from '../schema/suite-schema.js';
import { closest } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
import { checkAssertions } from './check-assertions.js';
import { baselineEscalateError } from './escalation-policies.js';
import type { Env } from './model-entries.js';
import { normalizePromptfoo } from './normalize-promptfoo.js';
import { normalizeRightsize } from './normalize-rightsize.js';
import { parseWithSchema } from './schema-error.js';
import type { Suite } from './suite.js';
import { ErrorCollector } from './user-errors.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/**
 * Reads, validates and normalises a suite file of either layout. Pure apart from reading files:
 * no model is called. Every problem is a UserError naming the file, line or field and the fix;
 * several found in one pass are thrown together (UserErrors), the first in the file first.
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
  const written = Object.keys(data);
  const meant = written.map((k) => meantKey(k));
  // A misspelt `providres:` still says promptfoo's layout, unless a key only rightsize has says otherwise.
  const isPromptfoo =
    !written.includes('candidates') &&
    (PROMPTFOO_ONLY_KEYS.some((k) => written.includes(k)) ||
      (!written.some((k) => RIGHTSIZE_ONLY_KEYS.includes(k)) &&
        PROMPTFOO_ONLY_KEYS.some((k) => meant.includes(k))));
  // The baseline's schema has no `escalate:`; say why rather than "unknown key".
  const baselineEscalates = hasKey((data as { baseline?: unknown }).baseline, 'escalate');
  const baselineEscalate = (layout: 'rightsize' | 'promptfoo') =>
    baselineEscalates ? [baselineEscalateError(source, ['baseline', 'escalate'], layout)] : [];
  const baselineExplained = baselineEscalates ? [['baseline', 'escalate']] : [];
  if (isPromptfoo) {
    const unsupported = written.filter((key) => PROMPTFOO_UNSUPPORTED_KEYS[key]);
    const config = parseWithSchema(promptfooConfigSchema, source, {
      also: [
        ...unsupported.map(
          (key) =>
            new UserError(`\`${key}\`: ${PROMPTFOO_UNSUPPORTED_KEYS[key]}`, {
              file,
              line: source.lineOf([key], 'key'),
            }),
        ),
        ...baselineEscalate('promptfoo'),
      ],
      explained: [...unsupported.map((key) => [key]), ...baselineExplained],
    });
    const name = config.name ?? defaultName(file);
    return checked(normalizePromptfoo(config, source, env, name), source, new ErrorCollector());
  }
  // A misspelt `baseline:` is reported by the schema as an unknown key, with "did you mean".
  const noModel = !meant.includes('baseline');
  const config = parseWithSchema(suiteSchema, source, {
    also: [
      ...(noModel
        ? [
            new UserError('the suite names no model', {
              file,
              hint: 'add `baseline:` (the model to replace) and `candidates:` (small models to try)',
            }),
          ]
        : []),
      ...baselineEscalate('rightsize'),
    ],
    explained: [...(noModel ? [['baseline']] : []), ...baselineExplained],
  });
  const errors = new ErrorCollector();
  return checked(normalizeRightsize(config, source, env, errors), source, errors);
}

/** The suite once its assertions are checked too, or every problem found, first in the file first. */
function checked(suite: Suite, source: YamlSource, errors: ErrorCollector): Suite {
  checkAssertions(suite, source, errors);
  errors.throwAll();
  return suite;
}

function hasKey(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key);
}

const PROMPTFOO_KEYS = Object.keys(promptfooConfigSchema.shape);
const RIGHTSIZE_ONLY_KEYS = Object.keys(suiteSchema.shape).filter((k) => !PROMPTFOO_KEYS.includes(k));
const TOP_LEVEL_KEYS = [...new Set([...Object.keys(suiteSchema.shape), ...PROMPTFOO_KEYS])];

/** The top-level key a person meant: itself, or the known key it misspells. */
function meantKey(key: string): string {
  return TOP_LEVEL_KEYS.includes(key) ? key : (closest(key, TOP_LEVEL_KEYS) ?? key);
}

/** promptfoo configs have no name: use the file's (promptfooconfig.yaml → its folder's). */
function defaultName(file: string): string {
  const stem = basename(file, extname(file));
  const base = stem === 'promptfooconfig' ? basename(resolve(file, '..')) : stem;
  return base.replace(/[^\w.-]+/g, '-') || 'suite';
}
