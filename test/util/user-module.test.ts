import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadUserModule,
  parseUserFileRef,
  refusedScript,
  UserCodeError,
  userFunction,
} from '../../src/util/user-module.js';
import { tempFiles } from '../helpers/temp-files.js';

const dir = tempFiles({
  'named.mjs': 'export function check(output) { return output === "ok"; }\nexport const notAFunction = 3;\n',
  'detected.js': 'export const check = (output) => output.length;\n',
  'common.cjs': 'module.exports = { check: (o) => o + "!" };\n',
  'whole.cjs': 'module.exports = (o) => "whole " + o;\n',
  'default.js':
    'export default function (o) { return o.toUpperCase(); }\nexport function named() { return 1; }\n',
  'typed.ts':
    'import { twice } from "./helper.ts";\nexport function check(o: string): string { return twice(o); }\n',
  'helper.ts': 'export const twice = (s: string): string => s + s;\n',
  'modern.mts': 'export default (o: string): number => o.length;\n',
  'throws.js': 'throw new Error("broken at load");\n',
  'syntax.js': 'export function (\n',
  'awaits.mjs': 'await Promise.resolve();\nexport const check = () => true;\n',
  'data.json': '{}',
});

const fn = (ref: string) => userFunction(`file://${ref}`, dir);
const failure = (ref: string): UserCodeError => {
  try {
    fn(ref);
  } catch (e) {
    if (e instanceof UserCodeError) return e;
    throw e;
  }
  throw new Error(`${ref} loaded`);
};

describe('userFunction: the function a file:// reference names, by promptfoo’s rule', () => {
  it('loads named exports of ES modules (.mjs, and .js by its syntax), CommonJS, and TypeScript with its imports', () => {
    expect(fn('named.mjs:check')('ok')).toBe(true);
    expect(fn('detected.js:check')('abc')).toBe(3);
    expect(fn('common.cjs:check')('hi')).toBe('hi!');
    expect(fn('typed.ts:check')('ab')).toBe('abab');
  });

  it('without a name: the module if it is a function, else its default export', () => {
    expect(fn('whole.cjs')('x')).toBe('whole x');
    expect(fn('default.js')('x')).toBe('X');
    expect(fn('modern.mts')('abcd')).toBe(4);
  });

  it('resolves relative paths against the base folder, and absolute ones as they are', () => {
    expect(parseUserFileRef('file://sub/checks.js:f', '/suite')).toEqual({
      file: '/suite/sub/checks.js',
      functionName: 'f',
    });
    expect(parseUserFileRef(`file://${join(dir, 'named.mjs')}`, '/elsewhere').file).toBe(
      join(dir, 'named.mjs'),
    );
    expect(userFunction(`file://${join(dir, 'whole.cjs')}`, '/elsewhere')('y')).toBe('whole y');
  });

  it('names the file and what it exports when the function is missing', () => {
    const e = failure('named.mjs:chek');
    expect(e.message).toBe('named.mjs does not export a function "chek" (it exports check)');
    expect(failure('named.mjs:notAFunction').message).toContain('does not export a function "notAFunction"');
    expect(failure('named.mjs').message).toContain(
      'must export a function or have a function as its default export',
    );
  });

  it('says that a default export hides the named ones (promptfoo reads the module as its default)', () => {
    const e = failure('default.js:named');
    expect(e.message).toContain('has a default export');
    expect(e.hint).toContain('remove the default export');
  });

  it('a missing file, a file that throws or does not parse, top-level await: one message naming the file', () => {
    expect(failure('gone.js:f').message).toBe(`file not found: ${join(dir, 'gone.js')}`);
    expect(failure('throws.js').message).toBe(`loading ${join(dir, 'throws.js')} failed: broken at load`);
    expect(failure('syntax.js').message).toContain(`loading ${join(dir, 'syntax.js')} failed`);
    expect(failure('awaits.mjs:check').message).toContain('uses top-level await');
    expect(() => loadUserModule(join(dir, 'data.json'))).toThrow(/not a JavaScript or TypeScript file/);
  });

  it('refuses Python and Ruby with why, and nothing else', () => {
    expect(refusedScript('checks.py:get_assert')?.message).toContain(
      'Python files are not supported (checks.py)',
    );
    expect(refusedScript('checks.rb')?.message).toContain('Ruby');
    expect(refusedScript('checks.js:f')).toBeNull();
  });
});
