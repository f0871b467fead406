import { join } from 'node:path';
import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import { tempFiles } from '../helpers/temp-files.js';
import type { CorpusCase } from './assertion-corpus.js';

/**
 * The user's check functions, written once into a temp folder: absolute `file://` paths then mean the
 * same file to promptfoo (which resolves against its own base path) and to us.
 */
const DIR = tempFiles({
  'checks.js': `
export function says(output, context) { return output.includes(context.vars.city); }
export function lengthScore(output) { return Math.min(output.length / 10, 1); }
export function zero() { return 0; }
export function graded(output) {
  const pass = output.startsWith('Paris');
  return { pass, score: pass ? 0.9 : 0.2, reason: pass ? 'starts with Paris' : 'does not start with Paris' };
}
export async function later(output) { return output.length > 3; }
export function boom() { throw new Error('the check broke'); }
export function text() { return 'yes'; }
export function nothing() {}
export function nil() { return null; }
export function expectedCity(_output, context) { return context.vars.city; }
export function truth() { return true; }
export function seesContext(output, context) {
  return context.test.vars.city === context.vars.city && context.prompt === 'Where?' && output === context.providerResponse.output;
}
`,
  // A default export hides the named ones (promptfoo reads the module as its default export).
  'whole.js': `
export default function (output) { return output.length > 0; }
export function hidden() { return true; }
`,
  'common.cjs': 'module.exports = (output) => output.trim() === output;\n',
  'typed.ts': `
interface Grade { pass: boolean; score: number; reason: string }
export function graded(output: string, context: { vars: Record<string, unknown> }): Grade {
  const hit = output.toLowerCase().includes(String(context.vars.city).toLowerCase());
  return { pass: hit, score: hit ? 1 : 0, reason: hit ? 'mentions the city' : 'no city' };
}
`,
});

const ref = (file: string, fn?: string) => `file://${join(DIR, file)}${fn ? `:${fn}` : ''}`;

const k = (
  name: string,
  output: string,
  assertion: AssertionConfig,
  extra: Omit<CorpusCase, 'name' | 'output' | 'assertion'> = {},
): CorpusCase => ({ name, output, assertion, vars: { city: 'Paris' }, ...extra });

/**
 * `file://` functions as assertion values, against promptfoo's own loading and reading of them:
 * every return shape (boolean, number with and without a threshold, grading result, anything else),
 * the `not-` forms, a function that throws or is not exported, TypeScript and CommonJS files, and a
 * script's result as another type's value.
 */
export const scriptCases: CorpusCase[] = [
  k('file js: boolean true', 'Paris is the capital', { type: 'javascript', value: ref('checks.js', 'says') }),
  k('file js: boolean false', 'Lyon', { type: 'javascript', value: ref('checks.js', 'says') }),
  k('not-file js: boolean true', 'Paris', { type: 'not-javascript', value: ref('checks.js', 'says') }),
  k('not-file js: boolean false', 'Lyon', { type: 'not-javascript', value: ref('checks.js', 'says') }),
  k('file js: number, no threshold, > 0', 'abcdef', {
    type: 'javascript',
    value: ref('checks.js', 'lengthScore'),
  }),
  k('file js: number 0, no threshold', 'x', { type: 'javascript', value: ref('checks.js', 'zero') }),
  k('file js: number under its threshold', 'abcdef', {
    type: 'javascript',
    value: ref('checks.js', 'lengthScore'),
    threshold: 0.8,
  }),
  k('file js: number at its threshold', 'abcdefgh', {
    type: 'javascript',
    value: ref('checks.js', 'lengthScore'),
    threshold: 0.8,
  }),
  k('not-file js: number under its threshold', 'abcdef', {
    type: 'not-javascript',
    value: ref('checks.js', 'lengthScore'),
    threshold: 0.8,
  }),
  k('not-file js: number, no threshold', 'abcdef', {
    type: 'not-javascript',
    value: ref('checks.js', 'lengthScore'),
  }),
  k('file js: grading result, pass', 'Paris.', { type: 'javascript', value: ref('checks.js', 'graded') }),
  k('file js: grading result, fail', 'Lyon.', { type: 'javascript', value: ref('checks.js', 'graded') }),
  k('not-file js: grading result, pass', 'Paris.', {
    type: 'not-javascript',
    value: ref('checks.js', 'graded'),
  }),
  k('not-file js: grading result, fail', 'Lyon.', {
    type: 'not-javascript',
    value: ref('checks.js', 'graded'),
  }),
  k('file js: async function', 'long enough', { type: 'javascript', value: ref('checks.js', 'later') }),
  k('file js: the function throws', 'x', { type: 'javascript', value: ref('checks.js', 'boom') }),
  k('not-file js: the function throws', 'x', { type: 'not-javascript', value: ref('checks.js', 'boom') }),
  k('file js: no such export', 'x', { type: 'javascript', value: ref('checks.js', 'missing') }),
  k('file js: returns a string', 'x', { type: 'javascript', value: ref('checks.js', 'text') }),
  k('file js: returns undefined', 'x', { type: 'javascript', value: ref('checks.js', 'nothing') }),
  k('file js: returns null', 'x', { type: 'javascript', value: ref('checks.js', 'nil') }),
  k('file js: default export', 'x', { type: 'javascript', value: ref('whole.js') }),
  k('file js: default export, empty output', '', { type: 'javascript', value: ref('whole.js') }),
  k('file js: named export hidden by a default export', 'x', {
    type: 'javascript',
    value: ref('whole.js', 'hidden'),
  }),
  k('file js: no function named, none the default', 'x', { type: 'javascript', value: ref('checks.js') }),
  k(
    'file js: context holds vars, test and prompt',
    'Paris',
    {
      type: 'javascript',
      value: ref('checks.js', 'seesContext'),
    },
    { prompt: 'Where?' },
  ),
  k('file cjs: module.exports function', 'tidy', { type: 'javascript', value: ref('common.cjs') }),
  k('file cjs: module.exports function, fails', ' untidy ', {
    type: 'javascript',
    value: ref('common.cjs'),
  }),
  k('file ts: grading result, pass', 'I love paris', {
    type: 'javascript',
    value: ref('typed.ts', 'graded'),
  }),
  k('file ts: grading result, fail', 'I love Rome', { type: 'javascript', value: ref('typed.ts', 'graded') }),
  k('not-file ts: grading result', 'I love Rome', {
    type: 'not-javascript',
    value: ref('typed.ts', 'graded'),
  }),
  k('contains: value from a file function', 'Paris, France', {
    type: 'contains',
    value: ref('checks.js', 'expectedCity'),
  }),
  k('not-contains: value from a file function', 'Paris, France', {
    type: 'not-contains',
    value: ref('checks.js', 'expectedCity'),
  }),
  k('contains: a file function returning a boolean', 'Paris', {
    type: 'contains',
    value: ref('checks.js', 'truth'),
  }),
  k('equals: a file function returning a grading result', 'Paris.', {
    type: 'equals',
    value: ref('checks.js', 'graded'),
  }),
];
