import {
  datasetSection,
  folded,
  hbs,
  header,
  indent,
  jsVar,
  modelsSection,
  q,
  type SuiteSpec,
  verdictSection,
} from './init-yaml.js';

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
  const schema = [
    'title: extraction',
    'type: object',
    'properties:',
    ...fields.map(
      (f, i) => `  ${q(f)}: ${i === 0 ? '&field { anyOf: [{ type: string }, { type: "null" }] }' : '*field'}`,
    ),
    `required: [${fields.map(q).join(', ')}]`,
    'additionalProperties: false',
  ].join('\n');
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
  return `${header(spec, 'extraction to JSON', `Extract ${fields.join(', ')} from each ${d.input} as a JSON object.`)}${datasetSection(
    spec,
    `The prompt sends ${hbs(d.input)}; ${where} (null or empty: not given).`,
  )}
# Handlebars templates over the dataset's columns. The instruction names every field and the rule
# for the values; write down your own labelling rules here, as the gold answers follow them.
prompts:
  - id: extract
    messages:
      - role: system
        content: >-
${folded(
  `Extract these fields from the message: ${fields.join(', ')}. Return a JSON object with exactly those keys. Copy each value as it is written in the message; use null for a field the message does not give.`,
  10,
)}
      - role: user
        content: ${q(hbs(d.input))}
${modelsSection(spec, {
  maxTokens: 40 + 20 * fields.length,
  maxTokensWhy: 'room for every field; a runaway answer is cut off',
  schema: {
    anchor: 'extraction',
    yaml: schema,
    why: 'Structured output: OpenAI response_format, Ollama format, a llama.cpp grammar. Every key is required and nullable (the shape OpenAI strict mode accepts); the anchor lets the candidates and is-json reuse it.',
  },
})}
# A case passes when every assertion passes; its score is their weighted mean.
assert:
  # 1. Valid JSON of that shape: the guard for a server that ignores structured output. Small weight,
  #    so a valid but wrong answer scores 0.2, not 0.5.
  - type: is-json
    value: *extraction
    weight: 1
    metric: schema-valid
  # 2. Field-level F1 against the row's values (1.0 when every field is right, "not given" included),
  #    in plain JavaScript as in promptfoo: \`output\` is the reply, \`context.vars\` the row. Values
  #    are compared ignoring case, spacing and trailing punctuation.
  - type: javascript
    weight: 4
    metric: field-f1
    value: |
${indent(code, 6)}
${verdictSection(spec, {
  margin: '5%',
  marginWhy: 'Switch when the candidate scores within 5% (relative) of the baseline.',
  gate: {
    why: "a candidate's p95 latency is over 3 s (extraction usually runs while someone waits)",
    yaml: 'maxLatencyP95Ms: 3000',
  },
})}`;
}
