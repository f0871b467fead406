import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import { scriptCases } from './script-corpus.js';
import { xmlCases } from './xml-corpus.js';

/** One (output, assertion, row) case run through promptfoo's runAssertion and ours. */
export interface CorpusCase {
  name: string;
  output: string;
  assertion: AssertionConfig;
  vars?: Record<string, unknown>;
  prompt?: string;
  latencyMs?: number;
  cost?: number;
  finishReason?: string;
  /** A test-level `options.transform`, applied before the assertion's own. */
  testTransform?: string;
  /**
   * A deliberate difference from promptfoo: what we return instead, and why. The test checks that we
   * return exactly this and that promptfoo really answers otherwise (so a stale entry fails).
   */
  differs?: { reason: string; ours: { pass: boolean | null; score: number | null } };
}

const c = (
  name: string,
  output: string,
  assertion: AssertionConfig,
  extra: Omit<CorpusCase, 'name' | 'output' | 'assertion'> = {},
): CorpusCase => ({ name, output, assertion, ...extra });

const WEATHER = {
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
    required: ['city'],
  },
};
const TIME = { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } };
const NO_PARAMS = { name: 'ping' };
const FUNCTIONS = [WEATHER, TIME, NO_PARAMS];
const TOOLS = FUNCTIONS.map((f) => ({ type: 'function', function: f }));

const ARGS_AS_OBJECT =
  'a small model writing its call as JSON usually writes `arguments` as an object; promptfoo only meets OpenAI wire responses (a JSON string) and rejects it';
const NOT_ON_FUNCTION_CALLS =
  'promptfoo ignores the not- prefix on function-call checks; every type negates here';

const equalsCases: CorpusCase[] = [
  c('equals: exact', 'Paris', { type: 'equals', value: 'Paris' }),
  c('equals: trailing newline is not equal', 'Paris\n', { type: 'equals', value: 'Paris' }),
  c('equals: case matters', 'paris', { type: 'equals', value: 'Paris' }),
  c('not-equals: different', 'Lyon', { type: 'not-equals', value: 'Paris' }),
  c('not-equals: same', 'Paris', { type: 'not-equals', value: 'Paris' }),
  c('equals: number value', '42', { type: 'equals', value: 42 }),
  c('equals: number value 4.0 is "4"', '4', { type: 'equals', value: 4.0 }),
  c('equals: number value vs "4.0"', '4.0', { type: 'equals', value: 4 }),
  c('equals: boolean value', 'true', { type: 'equals', value: true }),
  c('equals: object value, same JSON', '{"a": 1}', { type: 'equals', value: { a: 1 } }),
  c('equals: object value, key order ignored', '{"b":2,"a":1}', { type: 'equals', value: { a: 1, b: 2 } }),
  c('equals: object value, extra key', '{"a": 1, "b": 2}', { type: 'equals', value: { a: 1 } }),
  c('equals: object value, number vs string', '{"a": "1"}', { type: 'equals', value: { a: 1 } }),
  c('equals: array value', '[1, 2, 3]', { type: 'equals', value: [1, 2, 3] }),
  c('equals: object value vs prose', 'The answer is {"a": 1}', { type: 'equals', value: { a: 1 } }),
  c('not-equals: object value vs prose', 'not json', { type: 'not-equals', value: { a: 1 } }),
  c('equals: null value vs "null"', 'null', { type: 'equals', value: null }),
  c('equals: precomposed vs decomposed é', 'cafe\u0301', { type: 'equals', value: 'caf\u00e9' }),
  c(
    'equals: template value',
    'Paris',
    { type: 'equals', value: '{{answer}}' },
    { vars: { answer: 'Paris' } },
  ),
  c(
    'equals: template filter',
    'PARIS',
    { type: 'equals', value: '{{ answer | upper }}' },
    { vars: { answer: 'Paris' } },
  ),
  c('equals: missing variable renders blank', '', { type: 'equals', value: '{{nope}}' }, { vars: {} }),
  c('equals: empty output, empty value', '', { type: 'equals', value: '' }),
  c('equals: no value compares with "undefined"', 'undefined', { type: 'equals' }),
  c('equals: emoji', '👍', { type: 'equals', value: '👍' }),
  c('equals: CRLF vs LF', 'a\r\nb', { type: 'equals', value: 'a\nb' }),
];

const containsCases: CorpusCase[] = [
  c('contains: present', 'The capital is Paris.', { type: 'contains', value: 'Paris' }),
  c('contains: absent', 'The capital is Lyon.', { type: 'contains', value: 'Paris' }),
  c('contains: case-sensitive', 'the capital is paris', { type: 'contains', value: 'Paris' }),
  c('not-contains: absent', 'no refund here', { type: 'not-contains', value: 'sorry' }),
  c('not-contains: present', 'sorry, no refund', { type: 'not-contains', value: 'sorry' }),
  c('contains: number value', '2+2=4', { type: 'contains', value: 4 }),
  c('contains: number value 0', 'x=10', { type: 'contains', value: 0 }),
  c('contains: decimal number value', 'pi is 3.14159', { type: 'contains', value: 3.14 }),
  c('contains: emoji', 'great job 👍!', { type: 'contains', value: '👍' }),
  c('contains: precomposed in decomposed', 'cafe\u0301', { type: 'contains', value: '\u00e9' }),
  c('contains: regex characters are literal', 'a.b and a*b', { type: 'contains', value: 'a*b' }),
  c('contains: newline in value', 'line one\nline two', { type: 'contains', value: 'one\nline' }),
  c('contains: whitespace value', 'a b', { type: 'contains', value: ' ' }),
  c('contains: empty value is an error', 'anything', { type: 'contains', value: '' }),
  c('contains: no value is an error', 'anything', { type: 'contains' }),
  c('contains: list value is an error', 'a', { type: 'contains', value: ['a'] }),
  c(
    'contains: template value',
    'route: billing',
    { type: 'contains', value: '{{route}}' },
    { vars: { route: 'billing' } },
  ),
  c('contains: empty output', '', { type: 'contains', value: 'x' }),
  c('contains: weight 0 failing still passes', 'abc', { type: 'contains', value: 'z', weight: 0 }),
  c('contains: threshold is ignored', 'abc', { type: 'contains', value: 'z', threshold: 0 }),
  c('icontains: different case', 'PARIS is big', { type: 'icontains', value: 'paris' }),
  c('icontains: absent', 'Lyon', { type: 'icontains', value: 'paris' }),
  c('not-icontains: present in other case', 'SORRY', { type: 'not-icontains', value: 'sorry' }),
  c('icontains: number value', 'Order 66', { type: 'icontains', value: 66 }),
  c('icontains: Turkish dotted capital I', 'İstanbul', { type: 'icontains', value: 'istanbul' }),
  c('icontains: German sharp s does not fold to ss', 'STRASSE', { type: 'icontains', value: 'straße' }),
  c('icontains: Greek final sigma', 'ΟΔΟΣ', { type: 'icontains', value: 'οδος' }),
  c('icontains: empty value is an error', 'x', { type: 'icontains', value: '' }),
];

const listCases: CorpusCase[] = [
  c('contains-any: list, one present', 'I want a refund', {
    type: 'contains-any',
    value: ['refund', 'return'],
  }),
  c('contains-any: list, none present', 'hello', { type: 'contains-any', value: ['refund', 'return'] }),
  c('contains-any: comma string', 'pick blue', { type: 'contains-any', value: 'red, green, blue' }),
  c('contains-any: quoted field keeps its comma', 'hello, world', {
    type: 'contains-any',
    value: '"hello, world", nope',
  }),
  c('contains-any: quoted comma is not split', 'hello', {
    type: 'contains-any',
    value: '"hello, world", nope',
  }),
  c('contains-any: escaped quote', 'say "hi"', { type: 'contains-any', value: '"say \\"hi\\""' }),
  c('contains-any: doubled quote', 'say "hi"', { type: 'contains-any', value: '"say ""hi"""' }),
  c('contains-any: unterminated quote is an error', 'x', { type: 'contains-any', value: '"abc, d' }),
  c('contains-any: text after a quoted field is an error', 'x', { type: 'contains-any', value: '"a" b, c' }),
  c('contains-any: only commas means no items', 'x', { type: 'contains-any', value: ' , ,' }),
  c('contains-any: empty string is an error', 'x', { type: 'contains-any', value: '' }),
  c('contains-any: empty list fails', 'x', { type: 'contains-any', value: [] }),
  c('contains-any: numbers in list', 'room 101', { type: 'contains-any', value: [202, 101] }),
  c(
    'contains-any: templates in list',
    'billing',
    { type: 'contains-any', value: ['{{a}}', 'zzz'] },
    { vars: { a: 'billing' } },
  ),
  c('contains-any: case-sensitive', 'REFUND', { type: 'contains-any', value: ['refund'] }),
  c('not-contains-any: none present', 'fine', { type: 'not-contains-any', value: ['error', 'fail'] }),
  c('not-contains-any: one present', 'an error', { type: 'not-contains-any', value: ['error', 'fail'] }),
  c('contains-any: number value is an error', '5', { type: 'contains-any', value: 5 }),
  c('contains-all: all present', 'name: Ann, age: 3', { type: 'contains-all', value: ['name', 'age'] }),
  c('contains-all: one missing', 'name: Ann', { type: 'contains-all', value: ['name', 'age'] }),
  c('contains-all: comma string with spaces', 'a b c', { type: 'contains-all', value: ' a ,b,  c ' }),
  c('contains-all: only commas passes (no items)', 'x', { type: 'contains-all', value: ',' }),
  c('contains-all: empty list passes', 'x', { type: 'contains-all', value: [] }),
  c('contains-all: unicode items', 'naïve café', { type: 'contains-all', value: ['naïve', 'café'] }),
  c('not-contains-all: one missing', 'name', { type: 'not-contains-all', value: ['name', 'age'] }),
  c('not-contains-all: all present', 'name age', { type: 'not-contains-all', value: ['name', 'age'] }),
  c('contains-all: empty output', '', { type: 'contains-all', value: ['a'] }),
  c('icontains-any: other case', 'REFUND please', { type: 'icontains-any', value: ['refund', 'return'] }),
  c('icontains-any: comma string', 'Blue', { type: 'icontains-any', value: 'RED,BLUE' }),
  c('icontains-any: none', 'x', { type: 'icontains-any', value: ['a', 'b'] }),
  c('not-icontains-any: present', 'ERROR', { type: 'not-icontains-any', value: ['error'] }),
  c('icontains-all: all in other cases', 'Name AGE', { type: 'icontains-all', value: ['name', 'age'] }),
  c('icontains-all: one missing', 'Name', { type: 'icontains-all', value: 'name, age' }),
  c('not-icontains-all: all present', 'NAME AGE', { type: 'not-icontains-all', value: ['name', 'age'] }),
  c('icontains-all: empty string is an error', 'x', { type: 'icontains-all', value: '' }),
];

const startsWithCases: CorpusCase[] = [
  c('starts-with: yes', 'Yes, it is.', { type: 'starts-with', value: 'Yes' }),
  c('starts-with: leading space fails', ' Yes', { type: 'starts-with', value: 'Yes' }),
  c('starts-with: case matters', 'yes', { type: 'starts-with', value: 'Yes' }),
  c('not-starts-with: does not', 'No', { type: 'not-starts-with', value: 'Yes' }),
  c('not-starts-with: does', 'Yes', { type: 'not-starts-with', value: 'Yes' }),
  c('starts-with: byte order mark in front fails', '\uFEFFHello', { type: 'starts-with', value: 'Hello' }),
  c(
    'starts-with: template',
    'billing: ok',
    { type: 'starts-with', value: '{{route}}:' },
    { vars: { route: 'billing' } },
  ),
  c('starts-with: number value is an error', '5 apples', { type: 'starts-with', value: 5 }),
  c('starts-with: empty value is an error', 'x', { type: 'starts-with', value: '' }),
  c('starts-with: empty output', '', { type: 'starts-with', value: 'a' }),
  c('starts-with: threshold ignored', 'b', { type: 'starts-with', value: 'a', threshold: 0.1 }),
];

const regexCases: CorpusCase[] = [
  c('regex: digits', 'Order 12345 shipped', { type: 'regex', value: '\\d{5}' }),
  c('regex: no digits', 'Order shipped', { type: 'regex', value: '\\d+' }),
  c('regex: anchored, exact', 'yes', { type: 'regex', value: '^yes$' }),
  c('regex: $ does not match before a trailing newline', 'yes\n', { type: 'regex', value: '^yes$' }),
  c('regex: ^ is start of text, not of a line (no m flag)', 'a\nyes', { type: 'regex', value: '^yes' }),
  c('regex: dot does not match newline', 'a\nb', { type: 'regex', value: 'a.b' }),
  c('regex: [\\s\\S] matches newline', 'a\nb', { type: 'regex', value: 'a[\\s\\S]b' }),
  c('regex: case-sensitive without flags', 'YES', { type: 'regex', value: 'yes' }),
  c('regex: /x/i is not flag syntax', 'YES', { type: 'regex', value: '/yes/i' }),
  c('regex: inline (?i) group is invalid here', 'YES', { type: 'regex', value: '(?i:yes)' }),
  c('regex: character class for case', 'YES', { type: 'regex', value: '[Yy][Ee][Ss]' }),
  c('regex: escaped specials (price)', 'Total: $19.99', { type: 'regex', value: '\\$\\d+\\.\\d{2}' }),
  c('regex: lookahead', 'abc1', { type: 'regex', value: '^(?=.*\\d)[a-z0-9]+$' }),
  c('regex: \\p{L} without u flag is literal', 'é', { type: 'regex', value: '^\\p{L}$' }),
  c('regex: unicode literal', 'naïve', { type: 'regex', value: 'na.ve' }),
  c('regex: emoji is two code units for dot', '👍', { type: 'regex', value: '^.$' }),
  c('regex: invalid pattern fails', 'x', { type: 'regex', value: '(unclosed' }),
  c('not-regex: invalid pattern also fails', 'x', { type: 'not-regex', value: '(unclosed' }),
  c('not-regex: no match', 'hello', { type: 'not-regex', value: '\\d' }),
  c('not-regex: match', 'h3llo', { type: 'not-regex', value: '\\d' }),
  c('regex: empty value is an error', 'x', { type: 'regex', value: '' }),
  c('regex: number value is an error', '5', { type: 'regex', value: 5 }),
  c(
    'regex: template',
    'route=billing',
    { type: 'regex', value: '^route={{route}}$' },
    { vars: { route: 'billing' } },
  ),
  c('regex: empty output', '', { type: 'regex', value: '^$' }),
  c('regex: alternation of labels', 'Label: negative', {
    type: 'regex',
    value: '\\b(positive|negative|neutral)\\b',
  }),
];

const SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
  required: ['name'],
};
const YAML_SCHEMA = 'type: object\nrequired: [label]\nproperties:\n  label:\n    enum: [pos, neg]\n';

const jsonCases: CorpusCase[] = [
  c('is-json: object', '{"a": 1}', { type: 'is-json' }),
  c('is-json: array', '[1, 2]', { type: 'is-json' }),
  c('is-json: bare number', '42', { type: 'is-json' }),
  c('is-json: bare string', '"x"', { type: 'is-json' }),
  c('is-json: null', 'null', { type: 'is-json' }),
  c('is-json: surrounding whitespace', '\n  {"a": 1}\n', { type: 'is-json' }),
  c('is-json: fenced JSON is not JSON', '```json\n{"a": 1}\n```', { type: 'is-json' }),
  c('is-json: JSON inside prose', 'Here you go: {"a": 1}', { type: 'is-json' }),
  c('is-json: empty output', '', { type: 'is-json' }),
  c('is-json: trailing comma', '{"a": 1,}', { type: 'is-json' }),
  c('is-json: single quotes', "{'a': 1}", { type: 'is-json' }),
  c('is-json: byte order mark', '\uFEFF{"a": 1}', { type: 'is-json' }),
  c('is-json: unicode escapes', '{"s": "caf\\u00e9 \\ud83d\\udc4d"}', { type: 'is-json' }),
  c('not-is-json: prose', 'hello', { type: 'not-is-json' }),
  c('not-is-json: JSON', '{}', { type: 'not-is-json' }),
  c('is-json: schema satisfied', '{"name": "Ann", "age": 3}', { type: 'is-json', value: SCHEMA }),
  c('is-json: schema violated (type)', '{"name": "Ann", "age": "3"}', { type: 'is-json', value: SCHEMA }),
  c('is-json: schema violated (required)', '{"age": 3}', { type: 'is-json', value: SCHEMA }),
  c('is-json: schema, output not JSON', 'name: Ann', { type: 'is-json', value: SCHEMA }),
  c('is-json: YAML schema satisfied', '{"label": "pos"}', { type: 'is-json', value: YAML_SCHEMA }),
  c('is-json: YAML schema violated', '{"label": "meh"}', { type: 'is-json', value: YAML_SCHEMA }),
  c('is-json: JSON-text schema', '{"n": 1}', {
    type: 'is-json',
    value: '{"type": "object", "required": ["n"]}',
  }),
  c('is-json: format email ok', '{"e": "a@b.co"}', {
    type: 'is-json',
    value: { type: 'object', properties: { e: { type: 'string', format: 'email' } } },
  }),
  c('is-json: format email bad', '{"e": "not-an-email"}', {
    type: 'is-json',
    value: { type: 'object', properties: { e: { type: 'string', format: 'email' } } },
  }),
  c('is-json: format date-time', '{"t": "2024-05-01T10:00:00Z"}', {
    type: 'is-json',
    value: { type: 'object', properties: { t: { type: 'string', format: 'date-time' } } },
  }),
  c('is-json: strict mode rejects unknown keyword', '{}', {
    type: 'is-json',
    value: { type: 'object', colour: 'red' },
  }),
  c('not-is-json: schema satisfied', '{"name": "Ann"}', { type: 'not-is-json', value: SCHEMA }),
  c('not-is-json: schema violated', '{"age": 3}', { type: 'not-is-json', value: SCHEMA }),
  c('not-is-json: schema, not JSON', 'nope', { type: 'not-is-json', value: SCHEMA }),
  c('is-json: number value is an error', '{}', { type: 'is-json', value: 5 }),
  c('is-json: empty string value means no schema', '{}', { type: 'is-json', value: '' }),
  c('is-json: array schema', '[1,2,3]', {
    type: 'is-json',
    value: { type: 'array', items: { type: 'integer' }, maxItems: 2 },
  }),
  c('contains-json: in prose', 'Sure! {"a": 1} Hope that helps.', { type: 'contains-json' }),
  c('contains-json: fenced', 'Result:\n```json\n{\n  "label": "pos"\n}\n```', { type: 'contains-json' }),
  c('contains-json: none', 'no json here', { type: 'contains-json' }),
  c('contains-json: empty output', '', { type: 'contains-json' }),
  c('contains-json: array only is not an object', '[1, 2, 3]', { type: 'contains-json' }),
  c('contains-json: braces in prose read as YAML', 'use {curly} braces', { type: 'contains-json' }),
  c('contains-json: unquoted keys (YAML)', 'x {a: 1, b: two} y', {
    type: 'contains-json',
    value: { type: 'object', required: ['a', 'b'] },
  }),
  c('contains-json: single-quoted strings', "{'a': 'x'}", {
    type: 'contains-json',
    value: { type: 'object', properties: { a: { const: 'x' } } },
  }),
  c('contains-json: // comments', '{\n  "a": 1, // the count\n  "b": 2\n}', {
    type: 'contains-json',
    value: { type: 'object', required: ['b'] },
  }),
  c('contains-json: apostrophe in a word before a // comment', "{note: it's ok, // a comment\n b: 2}", {
    type: 'contains-json',
    value: { type: 'object', required: ['note', 'b'] },
  }),
  c('contains-json: URL is not a comment', '{"u": "http://x.io/a"}', {
    type: 'contains-json',
    value: { type: 'object', properties: { u: { const: 'http://x.io/a' } } },
  }),
  c('contains-json: unquoted URL then comment', '{u: http://x.io, // c\n v: 1}', {
    type: 'contains-json',
    value: { type: 'object', required: ['v'] },
  }),
  c('contains-json: truncated object is closed', 'Answer: {"a": {"b": 1}', {
    type: 'contains-json',
    value: { type: 'object', required: ['a'] },
  }),
  c('contains-json: brace inside a string', '{"a": "}"}', { type: 'contains-json' }),
  c('contains-json: second object satisfies the schema', '{"x": 1} and {"name": "Ann"}', {
    type: 'contains-json',
    value: SCHEMA,
  }),
  c('contains-json: no object satisfies the schema', '{"x": 1} and {"y": 2}', {
    type: 'contains-json',
    value: SCHEMA,
  }),
  c('contains-json: nested object', 'data: {"a": {"b": [1, {"c": 2}]}}', {
    type: 'contains-json',
    value: { type: 'object', required: ['a'] },
  }),
  c('contains-json: unicode', 'Voilà {"ville": "Zürich", "emoji": "👍"}', {
    type: 'contains-json',
    value: { type: 'object', required: ['ville'] },
  }),
  c('contains-json: YAML schema text', 'ok {"label": "neg"}', { type: 'contains-json', value: YAML_SCHEMA }),
  c('contains-json: date reads as a timestamp', '{"d": 2024-01-01}', {
    type: 'contains-json',
    value: { type: 'object', properties: { d: { type: 'string' } } },
  }),
  c('not-contains-json: none', 'plain text', { type: 'not-contains-json' }),
  c('not-contains-json: present', 'x {"a":1}', { type: 'not-contains-json' }),
  c('not-contains-json: present but not matching the schema', 'x {"a":1}', {
    type: 'not-contains-json',
    value: SCHEMA,
  }),
  c('not-contains-json: matching the schema', 'x {"name":"A"}', { type: 'not-contains-json', value: SCHEMA }),
  c('contains-json: empty object', '{}', { type: 'contains-json' }),
  c('contains-json: invalid schema is an error', '{"a": 1}', {
    type: 'contains-json',
    value: { type: 'objekt' },
  }),
];

const javascriptCases: CorpusCase[] = [
  c('javascript: true expression', 'hello', { type: 'javascript', value: "output === 'hello'" }),
  c('javascript: false expression', 'hello', { type: 'javascript', value: "output === 'bye'" }),
  c('not-javascript: false expression', 'hello', { type: 'not-javascript', value: "output === 'bye'" }),
  c('javascript: number is the score, passes above 0', 'abc', {
    type: 'javascript',
    value: 'output.length / 10',
  }),
  c('javascript: score 0 fails', '', { type: 'javascript', value: 'output.length / 10' }),
  c('javascript: number below threshold', 'abc', {
    type: 'javascript',
    value: 'output.length / 10',
    threshold: 0.5,
  }),
  c('javascript: number at threshold', 'abcde', {
    type: 'javascript',
    value: 'output.length / 10',
    threshold: 0.5,
  }),
  c('not-javascript: number keeps its score', 'abc', { type: 'not-javascript', value: '0.3' }),
  c('not-javascript: number with threshold', 'abc', { type: 'not-javascript', value: '0.3', threshold: 0.5 }),
  c('javascript: number above 1 is kept', 'x', { type: 'javascript', value: '5' }),
  c('javascript: negative number fails', 'x', { type: 'javascript', value: '-1' }),
  c('javascript: grading result', 'x', {
    type: 'javascript',
    value: "({ pass: true, score: 0.8, reason: 'fine' })",
  }),
  c('not-javascript: grading result flips pass, keeps score', 'x', {
    type: 'not-javascript',
    value: "({ pass: true, score: 0.8, reason: 'fine' })",
  }),
  c('javascript: throws fails with score 0', 'not json', {
    type: 'javascript',
    value: 'JSON.parse(output).a === 1',
  }),
  c('not-javascript: throws still fails', 'not json', {
    type: 'not-javascript',
    value: 'JSON.parse(output).a === 1',
  }),
  c('javascript: JSON field', '{"label": "pos"}', {
    type: 'javascript',
    value: "JSON.parse(output).label === 'pos'",
  }),
  c('javascript: returns a string fails', 'x', { type: 'javascript', value: "'yes'" }),
  c('javascript: returns undefined fails', 'x', { type: 'javascript', value: 'undefined' }),
  c('javascript: incomplete grading result fails', 'x', { type: 'javascript', value: '({ pass: true })' }),
  c('javascript: multiline body with return', 'The answer is 42', {
    type: 'javascript',
    value: 'const m = output.match(/\\d+/);\nif (!m) return false;\nreturn Number(m[0]) === 42;\n',
  }),
  c('javascript: multiline body without return fails', 'x', {
    type: 'javascript',
    value: "output === 'x'\nconst y = 1",
  }),
  c('javascript: YAML block scalar trailing newline', 'x', { type: 'javascript', value: "output === 'x'\n" }),
  c('javascript: declarations then expression', '{"score": 0.9}', {
    type: 'javascript',
    value: 'const s = JSON.parse(output).score; s > 0.5',
  }),
  c('javascript: semicolon inside a string', 'a;b', {
    type: 'javascript',
    value: "const s = output; s === 'a;b'",
  }),
  c('javascript: trailing semicolons', 'x', { type: 'javascript', value: "output === 'x';;" }),
  c(
    'javascript: context.vars',
    'billing',
    { type: 'javascript', value: 'output === context.vars.route' },
    { vars: { route: 'billing' } },
  ),
  c(
    'javascript: context.prompt',
    'x',
    { type: 'javascript', value: "context.prompt.includes('Classify')" },
    { prompt: 'Classify: x' },
  ),
  c('javascript: context.config', 'abcd', {
    type: 'javascript',
    value: 'output.length <= context.config.max',
    config: { max: 3 },
  }),
  c(
    'javascript: template in code',
    'billing',
    { type: 'javascript', value: "output === '{{route}}'" },
    { vars: { route: 'billing' } },
  ),
  c('javascript: unicode length counts code units', '👍', {
    type: 'javascript',
    value: 'output.length === 2',
  }),
  c('javascript: async function', 'x', { type: 'javascript', value: '(async () => output.length > 0)()' }),
  c('javascript: rejected promise fails', 'x', {
    type: 'javascript',
    value: "Promise.reject(new Error('no'))",
  }),
  c('javascript: syntax error fails', 'x', { type: 'javascript', value: 'output ===' }),
  c('javascript: regex literal', 'ID-123', { type: 'javascript', value: '/^ID-\\d+$/.test(output)' }),
  c('javascript: arrays are arrays', '[1,2]', {
    type: 'javascript',
    value: 'Array.isArray(JSON.parse(output))',
  }),
  c('javascript: number value fails', 'x', { type: 'javascript', value: 5 }),
  c('javascript: threshold with grading result is ignored', 'x', {
    type: 'javascript',
    value: "({ pass: false, score: 0.9, reason: 'no' })",
    threshold: 0.5,
  }),
];

const similarityCases: CorpusCase[] = [
  c('levenshtein: equal', 'kitten', { type: 'levenshtein', value: 'kitten' }),
  c('levenshtein: distance 3 within default 5', 'kitten', { type: 'levenshtein', value: 'sitting' }),
  c('levenshtein: distance 6 beyond default 5', 'abcdef', { type: 'levenshtein', value: 'uvwxyz' }),
  c('levenshtein: threshold 0', 'kitten', { type: 'levenshtein', value: 'kitten!', threshold: 0 }),
  c('levenshtein: threshold 2, distance 3', 'kitten', {
    type: 'levenshtein',
    value: 'sitting',
    threshold: 2,
  }),
  c('not-levenshtein: close', 'kitten', { type: 'not-levenshtein', value: 'sitting' }),
  c('not-levenshtein: far', 'a', { type: 'not-levenshtein', value: 'abcdefghij' }),
  c('levenshtein: emoji counts two code units', '👍👍👍', { type: 'levenshtein', value: '', threshold: 5 }),
  c('levenshtein: combining accent counts one', 'cafe\u0301', {
    type: 'levenshtein',
    value: 'caf\u00e9',
    threshold: 1,
  }),
  c('levenshtein: empty output', '', { type: 'levenshtein', value: 'hello' }),
  c(
    'levenshtein: template',
    'Pari',
    { type: 'levenshtein', value: '{{city}}', threshold: 1 },
    { vars: { city: 'Paris' } },
  ),
  c('levenshtein: number value is an error', '12', { type: 'levenshtein', value: 12 }),
  c('rouge-n: identical', 'the cat sat on the mat', { type: 'rouge-n', value: 'the cat sat on the mat' }),
  c('rouge-n: case-insensitive', 'The Cat Sat', { type: 'rouge-n', value: 'the cat sat' }),
  c('rouge-n: partial overlap below default', 'the dog ran away', {
    type: 'rouge-n',
    value: 'the cat sat on the mat',
  }),
  c('rouge-n: partial overlap, low threshold', 'the dog ran away', {
    type: 'rouge-n',
    value: 'the cat sat on the mat',
    threshold: 0.2,
  }),
  c('rouge-n: repeated words clip', 'the the the the', { type: 'rouge-n', value: 'the cat' }),
  c('rouge-n: punctuation tokens', "Don't stop, believing!", {
    type: 'rouge-n',
    value: "don't stop believing",
  }),
  c('not-rouge-n: inverts the score', 'the cat sat', {
    type: 'not-rouge-n',
    value: 'the cat sat on the mat',
  }),
  c('rouge-n: empty output', '', { type: 'rouge-n', value: 'anything here' }),
  c('rouge-n: no overlap', 'alpha beta', { type: 'rouge-n', value: 'gamma delta' }),
  c('rouge-n: unicode words', 'über größe', { type: 'rouge-n', value: 'Über Größe', threshold: 0.9 }),
  c('rouge-n: number value is an error', '1', { type: 'rouge-n', value: 1 }),
  c('bleu: identical long sentence', 'the quick brown fox jumps over the lazy dog', {
    type: 'bleu',
    value: 'the quick brown fox jumps over the lazy dog',
  }),
  c('bleu: paraphrase', 'the fast brown fox jumped over the lazy dog', {
    type: 'bleu',
    value: 'the quick brown fox jumps over the lazy dog',
  }),
  c('bleu: short candidate (fewer than 4 words)', 'brown fox', {
    type: 'bleu',
    value: 'the quick brown fox',
  }),
  c('bleu: best of several references', 'the cat is on the mat', {
    type: 'bleu',
    value: ['there is a cat on the mat', 'the cat is on the mat'],
  }),
  c('bleu: brevity penalty', 'the cat', {
    type: 'bleu',
    value: 'the cat is sitting on the mat today',
    threshold: 0,
  }),
  c('bleu: empty output', '', { type: 'bleu', value: 'a b c d' }),
  c('not-bleu: inverts the score', 'the cat is on the mat', {
    type: 'not-bleu',
    value: 'the cat is on the mat',
  }),
  c('bleu: low threshold', 'a cat sat there', { type: 'bleu', value: 'the cat sat here', threshold: 0.1 }),
  c('bleu: case and extra spaces', '  The   CAT is on the mat ', {
    type: 'bleu',
    value: 'the cat is on the mat',
  }),
  c('bleu: no overlap', 'alpha beta gamma delta', { type: 'bleu', value: 'one two three four' }),
  c('bleu: mixed list is an error', 'x', { type: 'bleu', value: ['a', 1] }),
];

const responseCases: CorpusCase[] = [
  c('latency: under', 'x', { type: 'latency', threshold: 1000 }, { latencyMs: 250 }),
  c('latency: over', 'x', { type: 'latency', threshold: 1000 }, { latencyMs: 1500 }),
  c('latency: equal passes', 'x', { type: 'latency', threshold: 1000 }, { latencyMs: 1000 }),
  c('not-latency: over passes', 'x', { type: 'not-latency', threshold: 1000 }, { latencyMs: 1500 }),
  c('latency: unknown latency is unscored', 'x', { type: 'latency', threshold: 1000 }),
  c('latency: no threshold is an error', 'x', { type: 'latency' }, { latencyMs: 5 }),
  c('cost: under', 'x', { type: 'cost', threshold: 0.01 }, { cost: 0.002 }),
  c('cost: over', 'x', { type: 'cost', threshold: 0.01 }, { cost: 0.02 }),
  c('cost: zero cost passes', 'x', { type: 'cost', threshold: 0.01 }, { cost: 0 }),
  c('not-cost: under fails', 'x', { type: 'not-cost', threshold: 0.01 }, { cost: 0.002 }),
  c('cost: unknown cost is unscored', 'x', { type: 'cost', threshold: 0.01 }),
  c('cost: no threshold is an error', 'x', { type: 'cost' }, { cost: 0.1 }),
  c('finish-reason: stop', 'x', { type: 'finish-reason', value: 'stop' }, { finishReason: 'stop' }),
  c(
    'finish-reason: case-insensitive',
    'x',
    { type: 'finish-reason', value: 'STOP' },
    { finishReason: 'stop' },
  ),
  c('finish-reason: length', 'x', { type: 'finish-reason', value: 'stop' }, { finishReason: 'length' }),
  c(
    'not-finish-reason: length',
    'x',
    { type: 'not-finish-reason', value: 'length' },
    { finishReason: 'stop' },
  ),
  c('finish-reason: none reported fails', 'x', { type: 'finish-reason', value: 'stop' }),
  c('not-finish-reason: none reported passes', 'x', { type: 'not-finish-reason', value: 'stop' }),
  c(
    'finish-reason: number value is an error',
    'x',
    { type: 'finish-reason', value: 1 },
    { finishReason: 'stop' },
  ),
  c(
    'finish-reason: template',
    'x',
    { type: 'finish-reason', value: '{{r}}' },
    { finishReason: 'tool_calls', vars: { r: 'tool_calls' } },
  ),
];

const call = (name: string, args: unknown) => JSON.stringify({ name, arguments: JSON.stringify(args) });
const toolCalls = (...calls: [string, unknown][]) =>
  JSON.stringify(
    calls.map(([name, args], i) => ({
      id: `c${i}`,
      type: 'function',
      function: { name, arguments: JSON.stringify(args) },
    })),
  );

const functionCases: CorpusCase[] = [
  c('is-valid-openai-function-call: valid', call('get_weather', { city: 'Oslo' }), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c('is-valid-openai-function-call: enum violated', call('get_weather', { city: 'Oslo', unit: 'k' }), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c('is-valid-openai-function-call: required missing', call('get_weather', {}), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c('is-valid-openai-function-call: unknown function', call('get_stock', {}), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c('is-valid-openai-function-call: function without parameters counts as unknown', call('ping', {}), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c(
    'is-valid-openai-function-call: arguments not JSON',
    JSON.stringify({ name: 'get_weather', arguments: '{city:' }),
    {
      type: 'is-valid-openai-function-call',
      value: FUNCTIONS,
    },
  ),
  c('is-valid-openai-function-call: prose output', 'I would call get_weather for Oslo.', {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c(
    'is-valid-openai-function-call: function_call wrapper',
    JSON.stringify({ function_call: JSON.parse(call('get_time', { tz: 'UTC' })) }),
    {
      type: 'is-valid-openai-function-call',
      value: FUNCTIONS,
    },
  ),
  c('is-valid-function-call: valid (generic name)', call('get_time', {}), {
    type: 'is-valid-function-call',
    value: FUNCTIONS,
  }),
  c('is-valid-function-call: functions from config', call('get_time', { tz: 'CET' }), {
    type: 'is-valid-function-call',
    config: { functions: FUNCTIONS },
  }),
  c('is-valid-openai-function-call: tools-shaped definitions', call('get_weather', { city: 'Rome' }), {
    type: 'is-valid-openai-function-call',
    config: { tools: TOOLS },
  }),
  c('is-valid-openai-function-call: name not a string', JSON.stringify({ name: 1, arguments: '{}' }), {
    type: 'is-valid-openai-function-call',
    value: FUNCTIONS,
  }),
  c(
    'is-valid-openai-function-call: arguments as an object',
    JSON.stringify({ name: 'get_weather', arguments: { city: 'Oslo' } }),
    {
      type: 'is-valid-openai-function-call',
      value: FUNCTIONS,
    },
    { differs: { reason: ARGS_AS_OBJECT, ours: { pass: true, score: 1 } } },
  ),
  c(
    'not-is-valid-openai-function-call: valid call',
    call('get_weather', { city: 'Oslo' }),
    {
      type: 'not-is-valid-openai-function-call',
      value: FUNCTIONS,
    },
    { differs: { reason: NOT_ON_FUNCTION_CALLS, ours: { pass: false, score: 0 } } },
  ),
  c(
    'not-is-valid-function-call: prose',
    'no call',
    { type: 'not-is-valid-function-call', value: FUNCTIONS },
    {
      differs: { reason: NOT_ON_FUNCTION_CALLS, ours: { pass: true, score: 1 } },
    },
  ),
  c('is-valid-openai-tools-call: one valid call', toolCalls(['get_weather', { city: 'Oslo' }]), {
    type: 'is-valid-openai-tools-call',
    value: TOOLS,
  }),
  c(
    'is-valid-openai-tools-call: two valid calls',
    toolCalls(['get_weather', { city: 'Oslo' }], ['get_time', { tz: 'UTC' }]),
    {
      type: 'is-valid-openai-tools-call',
      value: TOOLS,
    },
  ),
  c(
    'is-valid-openai-tools-call: one of two invalid',
    toolCalls(['get_weather', { city: 'Oslo' }], ['get_weather', { unit: 'c' }]),
    {
      type: 'is-valid-openai-tools-call',
      value: TOOLS,
    },
  ),
  c('is-valid-openai-tools-call: unknown tool', toolCalls(['delete_all', {}]), {
    type: 'is-valid-openai-tools-call',
    value: TOOLS,
  }),
  c('is-valid-openai-tools-call: empty list', '[]', { type: 'is-valid-openai-tools-call', value: TOOLS }),
  c(
    'is-valid-openai-tools-call: tool_calls wrapper',
    JSON.stringify({ tool_calls: JSON.parse(toolCalls(['get_time', {}])) }),
    {
      type: 'is-valid-openai-tools-call',
      value: TOOLS,
    },
  ),
  c('is-valid-openai-tools-call: a single call, not a list', call('get_time', {}), {
    type: 'is-valid-openai-tools-call',
    value: TOOLS,
  }),
  c('is-valid-openai-tools-call: prose', 'calling get_time', {
    type: 'is-valid-openai-tools-call',
    value: TOOLS,
  }),
  c(
    'is-valid-openai-tools-call: tools from config',
    toolCalls(['get_weather', { city: 'Lima', unit: 'f' }]),
    {
      type: 'is-valid-openai-tools-call',
      config: { tools: TOOLS },
    },
  ),
  c(
    'is-valid-openai-tools-call: arguments as an object',
    JSON.stringify([{ type: 'function', function: { name: 'get_time', arguments: {} } }]),
    {
      type: 'is-valid-openai-tools-call',
      value: TOOLS,
    },
    { differs: { reason: ARGS_AS_OBJECT, ours: { pass: true, score: 1 } } },
  ),
  c(
    'not-is-valid-openai-tools-call: invalid call',
    toolCalls(['delete_all', {}]),
    { type: 'not-is-valid-openai-tools-call', value: TOOLS },
    {
      differs: { reason: NOT_ON_FUNCTION_CALLS, ours: { pass: true, score: 1 } },
    },
  ),
  c(
    'is-valid-openai-tools-call: JSON null output',
    'null',
    { type: 'is-valid-openai-tools-call', value: TOOLS },
    {
      differs: {
        reason:
          "promptfoo's check throws a TypeError on a null output (`'tool_calls' in null`); it is simply not a tool call",
        ours: { pass: false, score: 0 },
      },
    },
  ),
];

const transformCases: CorpusCase[] = [
  c('transform: trim then equals', '  Paris \n', {
    type: 'equals',
    value: 'Paris',
    transform: 'output.trim()',
  }),
  c('transform: lower-case then equals', 'BILLING', {
    type: 'equals',
    value: 'billing',
    transform: 'output.toLowerCase()',
  }),
  c('transform: JSON field then equals', '{"label": "pos"}', {
    type: 'equals',
    value: 'pos',
    transform: 'JSON.parse(output).label',
  }),
  c('transform: object output, is-json', 'x', { type: 'is-json', transform: '({ a: output })' }),
  c('transform: object output, equals an object', '{"a":1,"b":2}', {
    type: 'equals',
    value: { a: 1 },
    transform: '({ a: JSON.parse(output).a })',
  }),
  c('transform: number output, equals its text', 'abc', {
    type: 'equals',
    value: '3',
    transform: 'output.length',
  }),
  c('transform: object output, contains its JSON', 'x', {
    type: 'contains',
    value: '"k":"x"',
    transform: '({ k: output })',
  }),
  c('transform: extract fenced JSON', '```json\n{"a": 1}\n```', {
    type: 'is-json',
    transform: "output.replace(/^```(?:json)?\\s*|\\s*```$/g, '')",
  }),
  c(
    'transform: uses context.vars',
    'Paris',
    { type: 'equals', value: 'Paris!', transform: 'output + context.vars.suffix' },
    { vars: { suffix: '!' } },
  ),
  c('transform: multiline body', ' A ', {
    type: 'equals',
    value: 'a',
    transform: 'const t = output.trim();\nreturn t.toLowerCase();',
  }),
  c('transform: throws is an error', 'not json', {
    type: 'equals',
    value: 'x',
    transform: 'JSON.parse(output).label',
  }),
  c('transform: returns undefined is an error', 'x', { type: 'equals', value: 'x', transform: 'undefined' }),
  c('transform: then javascript sees the new output', '{"n": 4}', {
    type: 'javascript',
    value: 'output.n === 4',
    transform: 'JSON.parse(output)',
  }),
  c('transform: then javascript number', 'abcd', {
    type: 'javascript',
    value: 'output / 10',
    transform: 'output.length',
  }),
  c('test transform: trim', '  yes  ', { type: 'equals', value: 'yes' }, { testTransform: 'output.trim()' }),
  c(
    'test transform then assertion transform',
    '  YES  ',
    { type: 'equals', value: 'yes', transform: 'output.toLowerCase()' },
    { testTransform: 'output.trim()' },
  ),
  c(
    'test transform to object, then is-json with schema',
    '{"a": {"b": 1}}',
    {
      type: 'is-json',
      value: { type: 'object', required: ['b'] },
    },
    { testTransform: 'JSON.parse(output).a' },
  ),
  c(
    'test transform throws is an error',
    'x',
    { type: 'contains', value: 'x' },
    { testTransform: 'output.nope.deeper' },
  ),
];

/** Every case of the differential test against promptfoo 0.121.20. */
export const ASSERTION_CORPUS: CorpusCase[] = [
  ...equalsCases,
  ...containsCases,
  ...listCases,
  ...startsWithCases,
  ...regexCases,
  ...jsonCases,
  ...javascriptCases,
  ...similarityCases,
  ...responseCases,
  ...functionCases,
  ...transformCases,
  ...xmlCases,
  ...scriptCases,
];
