import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { closest } from './did-you-mean.js';

const require = createRequire(import.meta.url);

/** promptfoo's JavaScript extensions (`isJavascriptFile`): these load; every other script is refused. */
export const USER_MODULE_FILE = /\.(js|cjs|mjs|ts|cts|mts)$/i;
const TYPESCRIPT_FILE = /\.(ts|cts|mts)$/i;

/**
 * A `file://` reference to the user's code that cannot be used: the file is missing, does not load,
 * or does not export what is asked. The message names the file; each stage says where it was written
 * (the suite stage as a UserError at the suite's line, the score stage as an unscored result, a
 * provider as a per-call error).
 */
export class UserCodeError extends Error {
  override name = 'UserCodeError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** `file://path.js:functionName` split as promptfoo reads it, the path resolved against `baseDir`. */
export interface UserFileRef {
  file: string;
  functionName: string | undefined;
}

/**
 * Splits a `file://` reference into its file and function name. promptfoo splits at the first colon;
 * the name is read here as what follows the script's extension, so a Windows drive letter survives.
 */
export function parseUserFileRef(ref: string, baseDir: string): UserFileRef {
  const body = ref.replace(/^file:\/\//, '');
  const m = /^(.*?\.(?:js|cjs|mjs|ts|cts|mts|py|rb))(?::([^/\\]*))?$/i.exec(body);
  const path = m ? (m[1] as string) : body;
  const functionName = m?.[2] ? m[2] : undefined;
  return { file: resolve(baseDir, path), functionName };
}

// tsx's CommonJS API compiles one file (and what it imports) without hooking every later `require`.
let tsxRequire: ((id: string, from: string) => unknown) | undefined;

function loadTypescript(file: string): unknown {
  if (!tsxRequire) {
    try {
      tsxRequire = (require('tsx/cjs/api') as { require: (id: string, from: string) => unknown }).require;
    } catch {
      throw new UserCodeError(
        `cannot load ${basename(file)}: TypeScript files load through the tsx package, which is not installed`,
        'install it next to rightsize (npm install tsx), or compile the file to .js',
      );
    }
  }
  return tsxRequire(file, import.meta.url);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The module a user's `.js`/`.ts` file exports, as promptfoo's `importModule` sees it: the default
 * export when there is one (twice unwrapped, for compiled ESM), else the module itself. Loaded with
 * `require`, which since Node 20.19 also loads ES modules; synchronous so that the suite loader can
 * check a file before any model is called. Node caches it: each file runs its top level once.
 */
export function loadUserModule(file: string): unknown {
  return moduleView(requireUserFile(file));
}

/** promptfoo's view of a loaded module: its default export (unwrapped twice) when it has one. */
function moduleView(loaded: unknown): unknown {
  const m = loaded as { default?: { default?: unknown } } | null | undefined;
  return m?.default?.default || m?.default || m;
}

function requireUserFile(file: string): unknown {
  if (!existsSync(file)) {
    throw new UserCodeError(`file not found: ${file}`, 'paths are relative to the suite file');
  }
  if (!USER_MODULE_FILE.test(file)) {
    throw new UserCodeError(
      `${basename(file)} is not a JavaScript or TypeScript file`,
      'point at a .js, .cjs, .mjs, .ts, .cts or .mts file',
    );
  }
  let loaded: unknown;
  try {
    loaded = TYPESCRIPT_FILE.test(file) ? loadTypescript(file) : require(file);
  } catch (err) {
    if (err instanceof UserCodeError) throw err;
    if ((err as { code?: string }).code === 'ERR_REQUIRE_ASYNC_MODULE') {
      throw new UserCodeError(
        `${file} uses top-level await, which rightsize cannot load`,
        'move the awaited work into the exported function (or a lazily built value it awaits)',
      );
    }
    throw new UserCodeError(`loading ${file} failed: ${messageOf(err)}`, 'fix the error in that file');
  }
  return loaded;
}

/** Names of the functions a module exports, for "did you mean" in messages. */
function exportedFunctions(mod: unknown): string[] {
  if (mod === null || (typeof mod !== 'object' && typeof mod !== 'function')) return [];
  return Object.keys(mod).filter((k) => typeof (mod as Record<string, unknown>)[k] === 'function');
}

/**
 * The function a `file://path.js[:name]` reference names, by promptfoo's rule
 * (`loadFromJavaScriptFile`): the named export; without a name, the module if it is a function,
 * else its default export. Throws UserCodeError naming the file and what it does export.
 */
export function userFunction(ref: string, baseDir: string): (...args: unknown[]) => unknown {
  const { file, functionName } = parseUserFileRef(ref, baseDir);
  const raw = requireUserFile(file);
  const mod = moduleView(raw);
  const exported = exportedFunctions(mod);
  const has = exported.length ? `it exports ${exported.join(', ')}` : 'it exports no function';
  if (functionName) {
    const fn = (mod as Record<string, unknown> | null)?.[functionName];
    if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
    // promptfoo reads a module with a default export as that export: its named exports are out of reach.
    const shadowed = mod !== raw && typeof (raw as Record<string, unknown>)[functionName] === 'function';
    throw new UserCodeError(
      shadowed
        ? `${basename(file)} has a default export, so (as in promptfoo) its named export "${functionName}" is not reachable`
        : `${basename(file)} does not export a function "${functionName}" (${has})`,
      shadowed
        ? `remove the default export, or put ${functionName} on the default-exported object`
        : closest(functionName, exported)
          ? `did you mean "${closest(functionName, exported)}"? Name it after the colon`
          : `export it (export function ${functionName}(output, context) { ... }), or name another after the colon`,
    );
  }
  if (typeof mod === 'function') return mod as (...args: unknown[]) => unknown;
  const fallback = (mod as { default?: unknown } | null)?.default;
  if (typeof fallback === 'function') return fallback as (...args: unknown[]) => unknown;
  throw new UserCodeError(
    `${basename(file)} must export a function or have a function as its default export (${has})`,
    `export one as default, or name it: file://${basename(file)}:<functionName>`,
  );
}

/**
 * Why a script that promptfoo runs in another interpreter (Python, Ruby) is refused, or null for any
 * other file. rightsize runs the user's code in its own Node process, where only JavaScript loads.
 */
export function refusedScript(file: string): UserCodeError | null {
  const language = /\.py(:|$)/i.test(file) ? 'Python' : /\.rb(:|$)/i.test(file) ? 'Ruby' : null;
  if (!language) return null;
  return new UserCodeError(
    `${language} files are not supported (${basename(file.replace(/:[^/\\]*$/, ''))}): rightsize runs custom code in its own Node.js process, which cannot load ${language}`,
    `write it in JavaScript or TypeScript (file://name.js:function), or have a JavaScript function call your ${language} code (child_process) or a service it runs`,
  );
}
