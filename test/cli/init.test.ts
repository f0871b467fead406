import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_BASELINE,
  DEFAULT_CANDIDATES,
  DEFAULT_TASK,
  TASK_TYPES,
} from '../../src/cli/init-task-types.js';
import { cli } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const TASKS = ['classification', 'extraction', 'qa', 'summarization', 'math', 'tool-calling'] as const;

/** What `validate` reports for each task's suite: its assertions and its margin. */
const EXPECTED: Record<(typeof TASKS)[number], { file: string; assertions: string; margin: string }> = {
  classification: { file: 'csv', assertions: 'equals', margin: '5% relative' },
  extraction: { file: 'jsonl', assertions: 'is-json, javascript', margin: '5% relative' },
  qa: { file: 'jsonl', assertions: 'factuality; judge: openai:gpt-4o (the baseline)', margin: '5% relative' },
  summarization: {
    file: 'jsonl',
    assertions: 'rouge-n, llm-rubric; judge: openai:gpt-4o (the baseline)',
    margin: '0.05 absolute',
  },
  math: { file: 'csv', assertions: 'javascript', margin: '5% relative' },
  'tool-calling': { file: 'jsonl', assertions: 'is-json, javascript', margin: '3% relative' },
};

function rowsOf(file: string): Array<Record<string, unknown>> {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.csv'))
    return text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  // The example CSVs quote whole fields and hold no quotes inside them.
  const [head = '', ...lines] = text.trim().split('\n');
  const split = (l: string) => (l.match(/("[^"]*"|[^,]+)/g) ?? []).map((f) => f.replace(/^"|"$/g, ''));
  const cols = split(head);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [cols[i], v])));
}

function writeAnswers(
  file: string,
  rows: Array<Record<string, unknown>>,
  output: (r: Record<string, unknown>) => string,
) {
  writeFileSync(file, rows.map((r) => JSON.stringify({ id: r.id, output: output(r) })).join('\n'));
}

interface ModelSummary {
  id: string;
  passRate: number;
  metrics: Record<string, number>;
}

/** Runs a suite whose baseline and candidate are recorded answers, and returns each model's summary. */
function runRecorded(dir: string, suite: string): Record<string, ModelSummary> {
  const r = cli(['run', suite, '--out', 'out', '--quiet', '--no-cache'], { cwd: dir });
  expect(r.stderr).not.toContain('internal error');
  // The gate asks for a `switch` the wrong answers cannot earn: exit 1, with every file written.
  expect(r.code, r.stderr).toBe(1);
  const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
    models: ModelSummary[];
  };
  return Object.fromEntries(summary.models.map((m) => [m.id, m]));
}

const RECORDED = ['--baseline', 'recorded:./gold.jsonl', '--candidates', 'recorded:./wrong.jsonl'];

describe('rightsize init --task', () => {
  it.each(TASKS)('%s: writes a commented suite and an example dataset that validate', (task) => {
    const dir = tempFiles({});
    const init = cli(['init', '--task', task, '--name', 'mine', '--dir', 'suites'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const { file, assertions, margin } = EXPECTED[task];
    expect(readdirSync(join(dir, 'suites')).sort()).toEqual([`mine.${file}`, 'mine.yaml']);
    const yaml = readFileSync(join(dir, 'suites', 'mine.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/suite\.schema\.json\n/);
    expect(yaml).toContain(`rightsize init --task ${task}`);
    // With a key, as at run time: without one, validate warns that the OpenAI baseline has none.
    const r = cli(['validate', join('suites', 'mine.yaml')], {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-test' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 rows');
    expect(r.stdout).toContain(`assertions  ${assertions}\n`);
    expect(r.stdout).toContain(`margin ${margin}`);
    expect(r.stdout).toContain('candidates  ollama:qwen2.5:0.5b, ollama:llama3.2:1b');
  });

  // Validating proves the YAML; running recorded answers proves the scoring code it carries.
  it.each([
    [
      'classification',
      (r: Record<string, unknown>) => `**${String(r.label).toUpperCase()}**.`,
      () => 'card_arrival',
    ],
    [
      'math',
      (r: Record<string, unknown>) => `12 + 3 = 15, so...\nAnswer: ${r.answer}`,
      () => 'Answer: 1,000',
    ],
    [
      'extraction',
      (r: Record<string, unknown>) => JSON.stringify(r.expected),
      (r: Record<string, unknown>) => JSON.stringify({ ...(r.expected as object), name: 'Nobody' }),
    ],
    [
      'tool-calling',
      (r: Record<string, unknown>) => JSON.stringify(r.expected),
      (r: Record<string, unknown>) =>
        JSON.stringify({ name: (r.expected as { name: string }).name, arguments: {} }),
    ],
  ] as const)('%s: the written assertions pass right answers and fail wrong ones', (task, right, wrong) => {
    const dir = tempFiles({});
    expect(cli(['init', '--task', task, '--name', 'mine', ...RECORDED], { cwd: dir }).code).toBe(0);
    const rows = rowsOf(join(dir, `mine.${EXPECTED[task].file}`));
    writeAnswers(join(dir, 'gold.jsonl'), rows, right);
    writeAnswers(join(dir, 'wrong.jsonl'), rows, wrong);
    const models = runRecorded(dir, 'mine.yaml');
    expect(models['recorded:./gold.jsonl']?.passRate).toBe(1);
    expect(models['recorded:./wrong.jsonl']?.passRate).toBeLessThan(0.5);
  });
});

describe('rightsize init --dataset', () => {
  const TICKETS = [
    'id,customer message,queue',
    '1,"My card was charged twice, please fix",billing',
    '2,The app crashes when I log in,technical',
    '3,Please close my account,account',
    '4,I want a refund for the fee,billing',
    '5,Contactless does not work,technical',
    '6,How do I change my address?,account',
  ].join('\n');

  it("reads the user's columns into the prompt, the assertions and the slices", () => {
    const dir = tempFiles({ 'data/tickets.csv': `${TICKETS}\n` });
    const init = cli(
      ['init', '--dataset', 'data/tickets.csv', '--dir', 'suites', '--name', 'routing', ...RECORDED],
      {
        cwd: dir,
      },
    );
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('input customer message, expected queue');
    expect(existsSync(join(dir, 'suites', 'routing.csv'))).toBe(false);
    const yaml = readFileSync(join(dir, 'suites', 'routing.yaml'), 'utf8');
    expect(yaml).toContain('dataset: "file://../data/tickets.csv"');
    expect(yaml).toContain('content: "{{[customer message]}}"');
    expect(yaml).toContain('exactly one of: account, billing, technical.');
    expect(yaml).toContain('value: "{{queue}}"');
    expect(yaml).toContain('slices: [ "queue" ]');
    // validate checks the recorded answers cover the rows, so they are written first.
    const rows = TICKETS.split('\n')
      .slice(1)
      .map((l) => ({ id: l.split(',')[0], queue: l.split(',').at(-1) }));
    writeAnswers(join(dir, 'suites', 'gold.jsonl'), rows, (r) => `Queue: ${r.queue}`);
    writeAnswers(join(dir, 'suites', 'wrong.jsonl'), rows, () => 'billing');
    const v = cli(['validate', join('suites', 'routing.yaml')], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('6 rows; columns: id, customer message, queue');

    const models = runRecorded(join(dir, 'suites'), 'routing.yaml');
    expect(models['recorded:./gold.jsonl']?.metrics).toMatchObject({ accuracy: 1, macroF1: 1 });
    expect(models['recorded:./wrong.jsonl']?.passRate).toBeCloseTo(2 / 6, 10);
    const inputs = readFileSync(join(dir, 'suites', 'out', 'results.jsonl'), 'utf8');
    expect(inputs).toContain('My card was charged twice, please fix');
  });

  it('extracts the columns as fields when the dataset has no object of fields', () => {
    const dir = tempFiles({
      'mails.csv':
        'id,email,name,date\ne1,"Hi, I am Ann, see you Monday",Ann,Monday\ne2,"Bob here; Friday works",Bob,Friday\n',
    });
    const init = cli(['init', '--task', 'extraction', '--dataset', 'mails.csv', ...RECORDED], { cwd: dir });
    expect(init.stdout).toContain('input email, fields name, date');
    const rows = [
      { id: 'e1', name: 'Ann', date: 'Monday' },
      { id: 'e2', name: 'Bob', date: 'Friday' },
    ];
    writeAnswers(join(dir, 'gold.jsonl'), rows, (r) => JSON.stringify({ name: r.name, date: `${r.date}.` }));
    writeAnswers(join(dir, 'wrong.jsonl'), rows, (r) => JSON.stringify({ name: r.name, date: null }));
    expect(cli(['validate', 'my-suite.yaml'], { cwd: dir }).code).toBe(0);
    const models = runRecorded(dir, 'my-suite.yaml');
    expect(models['recorded:./gold.jsonl']?.passRate).toBe(1);
    expect(models['recorded:./wrong.jsonl']?.metrics['field-f1']).toBeCloseTo(2 / 3, 10);
  });

  it('scores a closed set of answers exactly, with the columns the flags name', () => {
    const rows = [
      { q: 'Is the sky blue?', doc: 'The sky is blue.', verdict: 'yes', id: 'a' },
      { q: 'Is fire cold?', doc: 'Fire is hot.', verdict: 'no', id: 'b' },
      { q: 'Is water wet?', doc: 'Water is wet.', verdict: 'yes', id: 'c' },
      { q: 'Do fish fly?', doc: 'Fish swim.', verdict: 'no', id: 'd' },
    ];
    const dir = tempFiles({ 'yn.jsonl': rows.map((r) => JSON.stringify(r)).join('\n') });
    const flags = [
      '--task',
      'qa',
      '--dataset',
      'yn.jsonl',
      '--input-column',
      'q',
      '--expected-column',
      'verdict',
    ];
    const init = cli(['init', ...flags, ...RECORDED], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'my-suite.yaml'), 'utf8');
    expect(yaml).toContain('with exactly one of: no, yes.');
    expect(yaml).not.toContain('factuality');
    writeAnswers(join(dir, 'gold.jsonl'), rows, (r) => `${String(r.verdict).toUpperCase()}, because...`);
    writeAnswers(join(dir, 'wrong.jsonl'), rows, () => 'Yes.');
    expect(cli(['validate', 'my-suite.yaml'], { cwd: dir }).stdout).toContain('assertions  equals\n');
    const models = runRecorded(dir, 'my-suite.yaml');
    expect(models['recorded:./gold.jsonl']?.passRate).toBe(1);
    expect(models['recorded:./wrong.jsonl']?.passRate).toBe(0.5);
  });
});

describe('rightsize init over YAML-hostile column names and values', () => {
  const INPUT = 'customer: "message" #1';
  const LABEL = '- queue: #2';
  // Each key and value below breaks YAML written as text: quotes, `: `, ` #`, a leading `-`, newlines.
  const ROWS = [
    [
      '- My card: "charged" twice #1\nsecond line ünïcödé 日本',
      'bill: "x" #1',
      { 'name: "n" #1': 'Ann', '- date': null },
    ],
    [
      '|- block? > folded! & *alias %tag @at `tick`',
      '- tech #2',
      { 'name: "n" #1': null, '- date': 'Friday' },
    ],
    ["it's 'single' [a, b] {c: d}", 'bill: "x" #1', { 'name: "n" #1': 'Bo', '- date': 'Monday' }],
  ].map(([text, label, fields], i) => ({
    id: `r${i}`,
    [INPUT]: text,
    [LABEL]: label,
    "context: 'doc' #3": `- a document: "quoted"\n#not a comment ${i}`,
    'fields {a}': fields,
    'call #': { name: 'f', arguments: { 'a: b': i } },
    // Not used by any suite; only listed in a comment, which a newline must not end early.
    'note:\n- #x': 'ok',
  }));
  const EXPECTED_COLUMN: Record<(typeof TASKS)[number], string> = {
    classification: LABEL,
    extraction: 'fields {a}',
    qa: LABEL,
    summarization: LABEL,
    math: LABEL,
    'tool-calling': 'call #',
  };

  it.each(TASKS)('%s: the suite parses to the columns as named, and validates', (task) => {
    const dir = tempFiles({ 'data.jsonl': `${ROWS.map((r) => JSON.stringify(r)).join('\n')}\n` });
    const flags = [
      '--dataset',
      'data.jsonl',
      '--input-column',
      INPUT,
      '--expected-column',
      EXPECTED_COLUMN[task],
    ];
    const init = cli(['init', '--task', task, ...flags], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const suite = parse(readFileSync(join(dir, 'my-suite.yaml'), 'utf8')) as {
      dataset: string;
      description: string;
      prompts: Array<{ messages: Array<{ content: string }> }>;
    };
    expect(suite.dataset).toBe('file://data.jsonl');
    expect(suite.description).toContain(INPUT);
    expect(suite.prompts[0]?.messages[1]?.content).toContain(`{{[${INPUT}]}}`);
    if (task === 'classification') {
      expect(suite.prompts[0]?.messages[0]?.content).toContain('exactly one of: - tech #2, bill: "x" #1.');
      expect(suite).toMatchObject({ slices: [LABEL], assert: [{ value: `{{[${LABEL}]}}` }] });
    }
    if (task === 'extraction') {
      expect(suite).toMatchObject({
        baseline: { options: { jsonSchema: { required: ['name: "n" #1', '- date'] } } },
      });
    }
    const v = cli(['validate', 'my-suite.yaml'], { cwd: dir, env: { OPENAI_API_KEY: 'sk-test' } });
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('3 rows');
  });
});

describe('rightsize init --help', () => {
  it('lists every task type and the defaults init applies', () => {
    const help = cli(['init', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`${TASK_TYPES.join(', ')} (default ${DEFAULT_TASK})`);
    expect(help).toContain(`(default ${DEFAULT_BASELINE})`);
    expect(help).toContain(`(default ${DEFAULT_CANDIDATES})`);
    expect([...TASK_TYPES].sort()).toEqual([...TASKS].sort());
  });
});

describe('rightsize init without a terminal or flags', () => {
  it("keeps today's default: a classification suite and CSV with openai:gpt-4o against two Ollama models", () => {
    const dir = tempFiles({});
    const init = cli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['my-suite.csv', 'my-suite.yaml']);
    const v = cli(['validate', 'my-suite.yaml'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('baseline    openai:gpt-4o\n');
  });

  it.each([
    [['--task', 'poetry'], '--task "poetry": unknown task type'],
    [['--dataset', 'nope.csv'], '--dataset nope.csv: no such file'],
    [['--baseline', 'foo:bar'], '--baseline: unknown provider "foo:bar"'],
    [['--candidates', 'ollama:qwen2.5:0.5b,gpt-4o'], '--candidates: unknown provider "gpt-4o"'],
    [['--candidates', 'openai:gpt-4o'], '"openai:gpt-4o" is the baseline'],
    [
      ['--dataset', 'rows.csv', '--expected-column', 'answer'],
      '--expected-column "answer": rows.csv has no such column',
    ],
    [['--dataset', 'bad.csv'], 'malformed CSV row'],
  ])('rejects %j with one message, exit 2, writing nothing', (args, message) => {
    const dir = tempFiles({ 'rows.csv': 'id,text,label\n1,hi,x\n', 'bad.csv': 'a,b\n1,2,3\n' });
    const r = cli(['init', '--dir', 'out', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^rightsize: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
