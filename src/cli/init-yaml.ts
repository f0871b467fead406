import type { Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { TaskType } from './init-task-types.js';
import {
  alias,
  anchored,
  type Comment,
  comment,
  dq,
  type Entry,
  flow,
  folded,
  map,
  seq,
  suiteText,
  wrapped,
} from './init-yaml-nodes.js';

/** What a task's suite is written from: the dataset's shape as read (or as the example has it). */
export interface DataSpec {
  /** `file://` reference, relative to the suite file. */
  ref: string;
  /** The small dataset init wrote itself, rather than the user's file. */
  example: boolean;
  rows: number;
  columns: string[];
  /** The column sent to the model. */
  input: string;
  /** The column holding the right answer. */
  expected: string;
  /** qa: the document to answer from, when the dataset has one. */
  context?: string;
  /** tool-calling: the functions on offer; `functionsAreJson` when its values are objects, not text. */
  functions?: string;
  functionsAreJson?: boolean;
  /** The distinct right answers, when they are a small closed set (labels, yes/no). */
  labels?: string[];
  /** extraction: the keys of the expected object, or the columns holding the fields. */
  fields?: string[];
  /** extraction: `expected` holds an object of fields; else each field is its own column. */
  expectedIsObject?: boolean;
  /** A column to give per-slice verdicts for. */
  slice?: string;
}

export interface SuiteSpec {
  name: string;
  task: TaskType;
  baseline: string;
  candidates: string[];
  /** Path of the JSON Schema, relative to the suite, for editors. */
  schemaRef: string;
  /** How the suite file is shown in its own comments. */
  suitePath: string;
  data: DataSpec;
}

/** The entries of a suite's map, in order, with the comments between them. */
export type Section = Array<Entry | Comment | false | undefined>;

/** `{{column}}`, or Handlebars' literal segment `{{[my column]}}` when the name is not a plain identifier. */
export function hbs(column: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(column) ? `{{${column}}}` : `{{[${column}]}}`;
}

/** The row's value of `column` in an assertion's JavaScript. */
export function jsVar(column: string): string {
  return `context.vars[${JSON.stringify(column)}]`;
}

/** The suite file: its opening comments, name and description, then the task's sections. */
export function suiteFile(spec: SuiteSpec, what: string, description: string, body: Section): string {
  const header = comment(`yaml-language-server: $schema=${spec.schemaRef}
A rightsize suite for ${what}: can a small local model take this task over from the
frontier baseline?
Written by \`rightsize init --task ${spec.task}\`; the comments say what each key does, so edit freely.
  npx rightsize validate ${spec.suitePath}   (checks it without calling any model)
  npx rightsize run ${spec.suitePath}        (calls every model on every row, then writes the reports)`);
  return suiteText(header, map(['name', spec.name], ['description', dq(description)], ...body));
}

export function datasetSection(spec: SuiteSpec, uses: string): Section {
  const d = spec.data;
  const origin = d.example
    ? `A small example written by init (${d.rows} rows): replace its rows with yours, keeping the columns.`
    : `Your file: ${d.rows} rows; columns: ${d.columns.join(', ')}.`;
  return [
    comment(
      `The rows to evaluate: CSV, JSONL, JSON or YAML, relative to this file. An \`id\` column keeps row ids
stable (results, resume and the report key on it); without one, ids are derived from each row.
${origin}
${uses}`,
      { blank: true },
    ),
    ['dataset', dq(d.ref)],
  ];
}

/** One chat prompt: the system instruction as prose, the user message as given; `why` goes above the instruction. */
export function chatPrompt(id: string, instruction: string, user: Scalar, why?: Comment): YAMLSeq {
  return seq(
    map(
      ['id', id],
      [
        'messages',
        seq(
          map(['role', 'system'], why, ['content', folded(instruction)]),
          map(['role', 'user'], ['content', user]),
        ),
      ],
    ),
  );
}

export interface ModelOptions {
  maxTokens: number;
  maxTokensWhy: string;
  /** Structured output: an anchored JSON Schema shared by every model and the is-json check. */
  schema?: { anchor: string; node: YAMLMap; why: string };
}

export function modelsSection(spec: SuiteSpec, opts: ModelOptions): Section {
  const schema = opts.schema;
  const candidate = (provider: string) => {
    const local = provider.startsWith('ollama:') || provider.startsWith('gguf:');
    return map(
      ['provider', dq(provider)],
      [
        'options',
        flow(
          map(
            ['temperature', 0],
            ['maxTokens', opts.maxTokens],
            schema && ['jsonSchema', alias(schema.anchor)],
          ),
        ),
      ],
      local &&
        comment(
          'cost: { perHour: 0.2 } # what the machine serving it costs you per hour; gives a cost per request',
        ),
    );
  };
  return [
    comment(
      `The model you use today. A bare provider id works too (\`baseline: openai:gpt-4o\`); the object form
adds options. Frontier prices come from rightsize's built-in table; write \`cost:\` if you pay otherwise.`,
      { blank: true },
    ),
    [
      'baseline',
      map(
        ['provider', dq(spec.baseline)],
        [
          'options',
          map(
            ['temperature', 0, 'greedy decoding: one call per row is then representative'],
            ['maxTokens', opts.maxTokens, opts.maxTokensWhy],
            schema && wrapped(schema.why, 4),
            schema && ['jsonSchema', anchored(schema.anchor, schema.node)],
          ),
        ],
      ),
    ],
    comment(
      'The small models that might replace it (`ollama pull <model>` first; gguf:<file> runs in-process).',
      { blank: true },
    ),
    ['candidates', seq(...spec.candidates.map(candidate))],
  ];
}

/** Margin, confidence, slices, gate and traffic: the verdict's settings, each explained. */
export function verdictSection(
  spec: SuiteSpec,
  opts: { margin: unknown; marginWhy: string; gate?: { why: string; rules: Entry[] } },
): Section {
  const slice = spec.data.slice;
  return [
    wrapped(`The switch-over margin. ${opts.marginWhy}`, 0, { blank: true }),
    ['threshold', opts.margin],
    ['confidence', 0.95, "two-sided confidence of the verdict's interval over the paired rows"],
    slice
      ? ['slices', flow(seq(dq(slice))), 'the same verdict per value of this column, e.g. to route only some']
      : comment('slices: [category] # a column to get a verdict per value of (e.g. per ticket queue)'),
    wrapped(
      `What fails CI (exit code 1): no candidate earned the \`switch\` verdict${opts.gate ? `; or ${opts.gate.why}` : ''}.`,
      0,
    ),
    ['gate', map(['requireSwitch', 'any'], ...(opts.gate?.rules ?? []))],
    comment(
      'Your production volume, for the monthly cost in the report:\ntraffic: { requestsPerDay: 10000 }',
    ),
  ];
}

/** The judge note for suites with LLM-graded assertions. */
export const JUDGE_NOTE = comment(
  `LLM-graded assertions are answered by the \`judge:\` model, by default the baseline. A model grading
its own answers tends to prefer them, which errs towards \`keep\`; judge with another strong model
if you have one. Judge calls are calls too: one per output.
judge: { id: judge, provider: "openai:gpt-4o", options: { temperature: 0 } }`,
  { blank: true },
);

/**
 * A JavaScript expression over `output`: the first of `labels` the reply contains, in any case, spelled
 * as the label is; else the reply, trimmed. So "Billing." and "**billing**" count as billing.
 */
export function labelPick(labels: string[]): string {
  const alternatives = [...labels]
    .sort((a, b) => b.length - a.length)
    .map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|');
  return `((m) => m ? ${JSON.stringify(labels)}.find((l) => l.toLowerCase() === m[1].toLowerCase()) : output.trim())(output.match(/(?<!\\w)(${alternatives})(?!\\w)/i))`;
}
