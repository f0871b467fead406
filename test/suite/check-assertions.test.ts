import { describe, expect, it } from 'vitest';
import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import { assertionProblem } from '../../src/suite/check-assertions.js';
import { tempFiles } from '../helpers/temp-files.js';

const dir = tempFiles({
  'schema.json': '{"type": "object"}',
  'check.js': 'module.exports = () => true',
  'checks.mjs': 'export function graded(output) { return output.length > 0; }',
  'checks.ts': 'export const typed = (output: string): boolean => output !== "";',
});
const problem = (a: AssertionConfig) => assertionProblem(a, dir);

describe('assertionProblem: what is knowable before any output', () => {
  const broken: [AssertionConfig, string, string][] = [
    [{ type: 'regex', value: '[a-' }, 'value', 'does not compile'],
    [{ type: 'not-regex' }, 'value', 'needs a regular expression'],
    [{ type: 'is-json', value: { type: 'object', colour: 'red' } }, 'value', 'strict mode: unknown keyword'],
    [{ type: 'contains-json', value: 'type: [' }, 'value', 'JSON Schema is invalid'],
    [{ type: 'javascript', value: 'output ===' }, 'value', 'does not parse'],
    // One line is an expression (promptfoo returns it): a bare statement cannot be returned.
    [{ type: 'javascript', value: 'while (true) {}' }, 'value', 'does not parse'],
    [{ type: 'javascript', value: 5 }, 'value', 'needs JavaScript code'],
    [{ type: 'equals', value: 'x', transform: 'output.trim(' }, 'transform', 'does not parse'],
    [{ type: 'equals', value: 'x', transform: 'file://t.js' }, 'transform', 'write the expression inline'],
    [{ type: 'contains', value: '' }, 'value', 'non-empty'],
    [{ type: 'icontains' }, 'value', 'non-empty'],
    [{ type: 'contains-any', value: 3 }, 'value', 'list'],
    [{ type: 'starts-with', value: 5 }, 'value', 'non-empty text'],
    [{ type: 'levenshtein' }, 'value', 'reference'],
    [{ type: 'bleu', value: ['a', 1] }, 'value', 'reference'],
    [{ type: 'finish-reason' }, 'value', 'finish reason'],
    [{ type: 'latency' }, 'threshold', 'milliseconds'],
    [{ type: 'not-cost' }, 'threshold', 'USD'],
    [{ type: 'is-valid-openai-tools-call' }, 'value', 'function definitions'],
    [{ type: 'equals', value: 'file://nope.txt' }, 'value', 'file not found'],
    [{ type: 'javascript', value: 'file://checks.py:get_assert' }, 'value', 'Python files are not supported'],
    [{ type: 'javascript', value: 'file://check.rb' }, 'value', 'Ruby files are not supported'],
    [{ type: 'javascript', value: 'file://gone.js' }, 'value', 'file not found'],
    [
      { type: 'javascript', value: 'file://checks.mjs:grade' },
      'value',
      'does not export a function "grade" (it exports graded)',
    ],
    [{ type: 'javascript', value: 'file://checks.mjs' }, 'value', 'must export a function'],
    [{ type: 'contains-any', value: ['file://check.js'] }, 'value', 'inside a list of values is not run'],
    [{ type: 'equals', value: 'file://data.csv' }, 'value', 'unsupported file type'],
    [{ type: 'is-xml', value: { elements: ['a'] } }, 'value', 'requiredElements'],
    [{ type: 'not-contains-xml', value: ['a', null] }, 'value', 'empty element path'],
  ];
  for (const [assertion, key, message] of broken) {
    it(`${JSON.stringify(assertion)}: ${message}`, () => {
      const p = problem(assertion);
      expect(p?.key).toBe(key);
      expect(`${p?.message} ${p?.hint}`).toContain(message);
    });
  }

  const fine: AssertionConfig[] = [
    { type: 'regex', value: '^\\d{3}-[A-Z]+$' },
    { type: 'regex', value: '^{{label}}($' }, // a template: checked per row, once rendered
    { type: 'is-json', value: { type: 'object', properties: { e: { type: 'string', format: 'email' } } } },
    { type: 'is-json', value: 'type: object\nrequired: [a]' },
    { type: 'is-json', value: 'file://schema.json' },
    // The user's functions, checked for their export at load (promptfoo's file:// contract).
    { type: 'javascript', value: 'file://check.js' },
    { type: 'not-javascript', value: 'file://checks.mjs:graded', threshold: 0.5 },
    { type: 'javascript', value: 'file://checks.ts:typed' },
    { type: 'contains', value: 'file://checks.mjs:graded' },
    { type: 'is-json' },
    { type: 'javascript', value: 'const s = JSON.parse(output).score; s > 0.5' },
    { type: 'javascript', value: 'while (true) {}\nreturn true;' },
    { type: 'javascript', value: "output === 'x'\n" },
    { type: 'equals', value: 'x', transform: 'const t = output.trim();\nreturn t;' },
    { type: 'contains', value: 0 },
    { type: 'contains-all', value: [] },
    { type: 'is-valid-openai-function-call', config: { functions: [] } },
    { type: 'latency', threshold: 500 },
    { type: 'llm-rubric' }, // judges are checked by the judge stage
    { type: 'equals' }, // promptfoo compares with "undefined"; odd, but not an error
    { type: 'is-xml' },
    { type: 'contains-xml', value: 'answer.city, answer.country' },
    { type: 'is-xml', value: { requiredElements: ['note.to'] } },
    { type: 'is-xml', value: 3 }, // promptfoo ignores a value that names no element
  ];
  for (const assertion of fine) {
    it(`${JSON.stringify(assertion)}: no problem`, () => {
      expect(problem(assertion)).toBeNull();
    });
  }
});
