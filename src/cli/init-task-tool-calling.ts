import {
  chatPrompt,
  datasetSection,
  hbs,
  jsVar,
  modelsSection,
  type SuiteSpec,
  suiteFile,
  verdictSection,
} from './init-yaml.js';
import { alias, BLANK, comment, flow, literal, map, seq } from './init-yaml-nodes.js';

const FUNCTIONS = [
  {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city'],
    },
  },
  {
    name: 'create_reminder',
    description: 'Remind the user of something at a time.',
    parameters: {
      type: 'object',
      properties: { text: { type: 'string' }, time: { type: 'string', description: 'HH:MM, 24-hour' } },
      required: ['text', 'time'],
    },
  },
  {
    name: 'convert_currency',
    description: 'Convert an amount between currencies.',
    parameters: {
      type: 'object',
      properties: { amount: { type: 'number' }, from: { type: 'string' }, to: { type: 'string' } },
      required: ['amount', 'from', 'to'],
    },
  },
];

export const TOOL_CALLING_EXAMPLE = {
  file: 'jsonl',
  text: `${(
    [
      ['c1', "What's the weather in Lisbon?", 'get_weather', { city: 'Lisbon' }],
      [
        'c2',
        'How warm is it in Chicago, in fahrenheit?',
        'get_weather',
        { city: 'Chicago', unit: 'fahrenheit' },
      ],
      ['c3', 'Remind me to call mum at 18:30.', 'create_reminder', { text: 'call mum', time: '18:30' }],
      [
        'c4',
        'Set a reminder for 07:00 to water the plants.',
        'create_reminder',
        { text: 'water the plants', time: '07:00' },
      ],
      [
        'c5',
        'How much is 250 dollars in euros?',
        'convert_currency',
        { amount: 250, from: 'USD', to: 'EUR' },
      ],
      ['c6', 'Convert 1200 yen to pounds.', 'convert_currency', { amount: 1200, from: 'JPY', to: 'GBP' }],
    ] as const
  )
    .map(([id, question, name, args]) =>
      JSON.stringify({ id, question, functions: FUNCTIONS, expected: { name, arguments: args } }),
    )
    .join('\n')}\n`,
} as const;

/** Function calls: a JSON call envelope through structured output, checked against the expected call. */
export function toolCallingSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const path = hbs(d.functions ?? '').slice(2, -2);
  const functions = d.functions
    ? d.functionsAreJson
      ? `{{json ${path}}}`
      : hbs(d.functions)
    : '(TODO: your functions, as JSON: name, description, parameters)';
  const code = `const raw = ${jsVar(d.expected)};
const want = typeof raw === 'string' ? JSON.parse(raw) : raw;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
let call;
try { call = JSON.parse(output); } catch (e) { return { pass: false, score: 0, reason: 'not JSON' }; }
if (!isObject(call)) return { pass: false, score: 0, reason: 'not a JSON object' };
if (call.name !== want.name) {
  return { pass: false, score: 0, reason: 'called ' + JSON.stringify(call.name) + ', want ' + want.name };
}
const args = isObject(call.arguments) ? call.arguments : {};
const expected = want.arguments || {};
const same = (a, b) => typeof b === 'string'
  ? typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase()
  : JSON.stringify(a) === JSON.stringify(b);
const problems = [];
for (const k of Object.keys(expected)) {
  if (!(k in args)) problems.push(k + ' is missing');
  else if (!same(args[k], expected[k])) problems.push(k + ' = ' + JSON.stringify(args[k]) + ', want ' + JSON.stringify(expected[k]));
}
for (const k of Object.keys(args)) {
  if (!(k in expected) && args[k] !== null) problems.push(k + ' was not asked for');
}
return { pass: problems.length === 0, score: problems.length ? 0 : 1, reason: problems.join('; ') || 'right function and arguments' };`;
  const envelope = map(
    ['title', 'function_call'],
    ['type', 'object'],
    [
      'properties',
      map(['name', flow(map(['type', 'string']))], ['arguments', flow(map(['type', 'object']))]),
    ],
    ['required', flow(seq('name', 'arguments'))],
  );
  const description = `Pick the function and its arguments for each ${d.input}; checked against ${d.expected}.`;
  return suiteFile(spec, 'tool calling', description, [
    ...datasetSection(
      spec,
      `The prompt sends ${hbs(d.input)}${d.functions ? ` and the functions in ${hbs(d.functions)}` : ''}; the right call is ${hbs(d.expected)}: {"name": ..., "arguments": {...}}.`,
    ),
    comment(
      `The call is asked for as a JSON object in the reply rather than through a tools API, so that every
runtime answers the same way. \`{{json column}}\` writes a column as JSON into the prompt.
(For BFCL's answer format, with several accepted values per argument, see evals/tool-calling.yaml.)`,
      { blank: true },
    ),
    [
      'prompts',
      chatPrompt(
        'call',
        'You are a function-calling assistant. Given the functions you can call and a request, choose the function that fulfils it and fill in its arguments from the request. Reply with only a JSON object with two keys: "name", the function\'s name as given, and "arguments", an object of parameter values. Give an optional parameter only when the request sets it.',
        literal(`Functions:\n${functions}\n\nRequest: ${hbs(d.input)}`),
      ),
    ],
    ...modelsSection(spec, {
      maxTokens: 256,
      maxTokensWhy: 'a call with a few arguments; a runaway answer is cut off',
      schema: {
        anchor: 'call',
        node: envelope,
        why: 'Structured output fixes the envelope {"name", "arguments"}; the arguments stay free (options are per model, not per row), which is what the javascript assertion checks.',
      },
    }),
    BLANK,
    [
      'assert',
      seq(
        comment(
          '1. A JSON call envelope: the guard for servers that ignore structured output. Small weight.',
        ),
        map(['type', 'is-json'], ['value', alias('call')], ['weight', 1], ['metric', 'valid-json']),
        comment(
          `2. The right call: the function's name exactly; every expected argument present and equal
   (strings ignoring case and outer spaces, numbers by value); no argument that was not asked
   for. All or nothing: half the arguments right is still a call that does the wrong thing.`,
        ),
        map(
          ['type', 'javascript'],
          ['weight', 4],
          ['metric', 'correct-call'],
          ['value', literal(`${code}\n`)],
        ),
      ),
    ],
    ...verdictSection(spec, {
      margin: '3%',
      marginWhy:
        'Stricter than for text: a wrong call does something. Switch only if the candidate is shown to be within 3% (relative) of the baseline.',
    }),
  ]);
}
