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
import { alias, anchored, comment, dq, flow, literal, map, seq } from './init-yaml-nodes.js';

export const EXTRACTION_EXAMPLE = {
  file: 'jsonl',
  text: `${[
    {
      id: 'x1',
      text: 'Hi, this is Maria Lopez. Could I book a table for 4 on Friday at 7pm?',
      expected: { name: 'Maria Lopez', people: '4', date: 'Friday', time: '7pm' },
    },
    {
      id: 'x2',
      text: 'Table for two tomorrow evening please, around 8:30.',
      expected: { name: null, people: 'two', date: 'tomorrow', time: '8:30' },
    },
    {
      id: 'x3',
      text: "It's Tom Becker, I need to move my booking to next Tuesday.",
      expected: { name: 'Tom Becker', people: null, date: 'next Tuesday', time: null },
    },
    {
      id: 'x4',
      text: 'Do you have space for 6 people at noon on Sunday?',
      expected: { name: null, people: '6', date: 'Sunday', time: 'noon' },
    },
    {
      id: 'x5',
      text: 'What time do you open on weekdays?',
      expected: { name: null, people: null, date: null, time: null },
    },
    {
      id: 'x6',
      text: 'Book me in for 3 tonight at 9, name is Aisha Khan.',
      expected: { name: 'Aisha Khan', people: '3', date: 'tonight', time: '9' },
    },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n')}\n`,
} as const;

/** JSON out: structured output on every model, schema validity and a field-level F1. */
export function extractionSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const fields = d.fields ?? [d.expected];
  // Every field a string or null; the first field's type is anchored for the others to repeat.
  const nullable = anchored(
    'field',
    flow(map(['anyOf', flow(seq(flow(map(['type', 'string'])), flow(map(['type', dq('null')]))))])),
  );
  const schema = map(
    ['title', 'extraction'],
    ['type', 'object'],
    ['properties', map(...fields.map((f, i) => [dq(f), i === 0 ? nullable : alias('field')] as const))],
    ['required', flow(seq(...fields.map(dq)))],
    ['additionalProperties', false],
  );
  const want = d.expectedIsObject
    ? `const raw = ${jsVar(d.expected)};\nconst want = (typeof raw === 'string' ? JSON.parse(raw) : raw) || {};`
    : `const want = { ${fields.map((f) => `${JSON.stringify(f)}: ${jsVar(f)}`).join(', ')} };`;
  const where = d.expectedIsObject
    ? `the right values are the object in ${hbs(d.expected)}`
    : `the right values are in the columns ${fields.join(', ')}`;
  const code = `const FIELDS = ${JSON.stringify(fields)};
const norm = (v) => v == null ? '' : String(v).toLowerCase().replace(/\\s+/g, ' ').trim().replace(/[.,!?;:]+$/, '');
let got;
try { got = JSON.parse(output); } catch (e) { return { pass: false, score: 0, reason: 'not JSON' }; }
if (got === null || typeof got !== 'object' || Array.isArray(got)) {
  return { pass: false, score: 0, reason: 'not a JSON object' };
}
${want}
let tp = 0, fp = 0, fn = 0;
const misses = [];
for (const f of FIELDS) {
  const g = norm(got[f]);
  const w = norm(want[f]);
  if (g !== '' && g === w) { tp += 1; continue; }
  if (g !== '') fp += 1;
  if (w !== '') fn += 1;
  if (g !== '' || w !== '') misses.push(f + ': got ' + JSON.stringify(got[f] ?? null) + ', want ' + JSON.stringify(want[f] ?? null));
}
const score = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
return { pass: misses.length === 0, score, reason: misses.length ? misses.join('; ') : 'every field matches' };`;
  return suiteFile(
    spec,
    'extraction to JSON',
    `Extract ${fields.join(', ')} from each ${d.input} as a JSON object.`,
    [
      ...datasetSection(spec, `The prompt sends ${hbs(d.input)}; ${where} (null or empty: not given).`),
      comment(
        `Handlebars templates over the dataset's columns. The instruction names every field and the rule
for the values; write down your own labelling rules here, as the gold answers follow them.`,
        { blank: true },
      ),
      [
        'prompts',
        chatPrompt(
          'extract',
          `Extract these fields from the message: ${fields.join(', ')}. Return a JSON object with exactly those keys. Copy each value as it is written in the message; use null for a field the message does not give.`,
          dq(hbs(d.input)),
        ),
      ],
      ...modelsSection(spec, {
        maxTokens: 40 + 20 * fields.length,
        maxTokensWhy: 'room for every field; a runaway answer is cut off',
        schema: {
          anchor: 'extraction',
          node: schema,
          why: 'Structured output: OpenAI response_format, Ollama format, a llama.cpp grammar. Every key is required and nullable (the shape OpenAI strict mode accepts); the anchor lets the candidates and is-json reuse it.',
        },
      }),
      comment('A case passes when every assertion passes; its score is their weighted mean.', {
        blank: true,
      }),
      [
        'assert',
        seq(
          comment(`1. Valid JSON of that shape: the guard for a server that ignores structured output. Small weight,
   so a valid but wrong answer scores 0.2, not 0.5.`),
          map(['type', 'is-json'], ['value', alias('extraction')], ['weight', 1], ['metric', 'schema-valid']),
          comment(`2. Field-level F1 against the row's values (1.0 when every field is right, "not given" included),
   in plain JavaScript as in promptfoo: \`output\` is the reply, \`context.vars\` the row. Values
   are compared ignoring case, spacing and trailing punctuation.`),
          map(['type', 'javascript'], ['weight', 4], ['metric', 'field-f1'], ['value', literal(`${code}\n`)]),
        ),
      ],
      ...verdictSection(spec, {
        margin: '5%',
        marginWhy: 'Switch when the candidate scores within 5% (relative) of the baseline.',
        gate: {
          why: "a candidate's p95 latency is over 3 s (extraction usually runs while someone waits)",
          rules: [['maxLatencyP95Ms', 3000]],
        },
      }),
    ],
  );
}
