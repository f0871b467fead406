import type { TaskType } from './init-task-types.js';

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

/** A YAML scalar that is read back as exactly `s` (JSON strings are YAML double-quoted strings). */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** `{{column}}`, or Handlebars' literal segment `{{[my column]}}` when the name is not a plain identifier. */
export function hbs(column: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(column) ? `{{${column}}}` : `{{[${column}]}}`;
}

/** The row's value of `column` in an assertion's JavaScript. */
export function jsVar(column: string): string {
  return `context.vars[${JSON.stringify(column)}]`;
}

/** Lines indented by `n` spaces (for block scalars and nested maps). */
export function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

export function header(spec: SuiteSpec, what: string, description: string): string {
  return `# yaml-language-server: $schema=${spec.schemaRef}
# A rightsize suite for ${what}: can a small local model take this task over from the
# frontier baseline?
# Written by \`rightsize init --task ${spec.task}\`; the comments say what each key does, so edit freely.
#   npx rightsize validate ${spec.suitePath}   (checks it without calling any model)
#   npx rightsize run ${spec.suitePath}        (calls every model on every row, then writes the reports)
name: ${spec.name}
description: ${q(description)}
`;
}

export function datasetSection(spec: SuiteSpec, uses: string): string {
  const d = spec.data;
  const origin = d.example
    ? `A small example written by init (${d.rows} rows): replace its rows with yours, keeping the columns.`
    : `Your file: ${d.rows} rows; columns: ${d.columns.join(', ')}.`;
  return `
# The rows to evaluate: CSV, JSONL, JSON or YAML, relative to this file. An \`id\` column keeps row ids
# stable (results, resume and the report key on it); without one, ids are derived from each row.
# ${origin}
# ${uses}
dataset: ${q(d.ref)}
`;
}

export interface ModelOptions {
  maxTokens: number;
  maxTokensWhy: string;
  /** Structured output: an anchored JSON Schema (YAML lines) shared by every model and the is-json check. */
  schema?: { anchor: string; yaml: string; why: string };
}

export function modelsSection(spec: SuiteSpec, opts: ModelOptions): string {
  const schemaLines = opts.schema
    ? `\n${comment(opts.schema.why, 4)}\n${indent(`jsonSchema: &${opts.schema.anchor}\n${indent(opts.schema.yaml, 2)}`, 4)}`
    : '';
  const candidateOptions = `{ temperature: 0, maxTokens: ${opts.maxTokens}${opts.schema ? `, jsonSchema: *${opts.schema.anchor}` : ''} }`;
  const candidates = spec.candidates
    .map((c) => {
      const local = c.startsWith('ollama:') || c.startsWith('gguf:');
      const cost = local
        ? '\n    # cost: { perHour: 0.2 } # what the machine serving it costs you per hour; gives a cost per request'
        : '';
      return `  - provider: ${q(c)}\n    options: ${candidateOptions}${cost}`;
    })
    .join('\n');
  return `
# The model you use today. A bare provider id works too (\`baseline: openai:gpt-4o\`); the object form
# adds options. Frontier prices come from rightsize's built-in table; write \`cost:\` if you pay otherwise.
baseline:
  provider: ${q(spec.baseline)}
  options:
    temperature: 0 # greedy decoding: one call per row is then representative
    maxTokens: ${opts.maxTokens} # ${opts.maxTokensWhy}${schemaLines}

# The small models that might replace it (\`ollama pull <model>\` first; gguf:<file> runs in-process).
candidates:
${candidates}
`;
}

/** Margin, confidence, slices, gate and traffic: the verdict's settings, each explained. */
export function verdictSection(
  spec: SuiteSpec,
  opts: { margin: string; marginWhy: string; gate?: { why: string; yaml: string } },
): string {
  const slice = spec.data.slice
    ? `slices: [${q(spec.data.slice)}] # the same verdict per value of this column, e.g. to route only some`
    : '# slices: [category] # a column to get a verdict per value of (e.g. per ticket queue)';
  const gateWhy = opts.gate ? `; or ${opts.gate.why}` : '';
  const gateYaml = opts.gate ? `\n  ${opts.gate.yaml}` : '';
  return `
${comment(`The switch-over margin. ${opts.marginWhy}`, 0)}
threshold: ${opts.margin}
confidence: 0.95 # two-sided confidence of the verdict's interval over the paired rows
${slice}
${comment(`What fails CI (exit code 1): no candidate earned the \`switch\` verdict${gateWhy}.`, 0)}
gate:
  requireSwitch: any${gateYaml}
# Your production volume, for the monthly cost in the report:
# traffic: { requestsPerDay: 10000 }
`;
}

/** The judge note for suites with LLM-graded assertions. */
export const JUDGE_NOTE = `
# LLM-graded assertions are answered by the \`judge:\` model, by default the baseline. A model grading
# its own answers tends to prefer them, which errs towards \`keep\`; judge with another strong model
# if you have one. Judge calls are calls too: one per output.
# judge: { id: judge, provider: "openai:gpt-4o", options: { temperature: 0 } }
`;

/** A single-quoted YAML scalar: backslashes stay as written, which JavaScript in YAML wants. */
export function sq(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

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

/** Text folded into a YAML `>-` block at `n` spaces, wrapped near 100 columns. */
export function folded(text: string, n: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > 100 - n) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(n) + l).join('\n');
}

/** `# `-comment lines at `n` spaces, wrapped near 100 columns. */
export function comment(text: string, n: number): string {
  return folded(text, n + 2)
    .split('\n')
    .map((l) => `${' '.repeat(n)}# ${l.trimStart()}`)
    .join('\n');
}
