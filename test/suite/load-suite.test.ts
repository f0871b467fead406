import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { UserError } from '../../src/util/user-error.js';
import { BAD_SUITES } from '../helpers/bad-suites.js';
import { tempFiles } from '../helpers/temp-files.js';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}

describe('loadSuite: bad input', () => {
  for (const bad of BAD_SUITES) {
    it(`${bad.name}: one clear message`, () => {
      const dir = tempFiles(bad.files);
      const err = errorOf(() => loadSuite(join(dir, 'suite.yaml')));
      const text = err.format();
      for (const s of bad.expect) expect(text).toContain(s);
      for (const s of bad.reject ?? []) expect(text).not.toContain(s);
      if (bad.ordered) {
        const at = bad.expect.map((s) => text.indexOf(s));
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }
      expect(err.exitCode).toBe(2);
    });
  }
});

const DATA = 'id,question,answer,topic\nq1,What is 2+2?,4,math\nq2,Capital of France?,Paris,geo\n';

describe('loadSuite: rightsize layout', () => {
  it('loads rows, prompts and models, with the documented defaults', () => {
    const dir = tempFiles({
      'suite.yaml': [
        'name: demo',
        'dataset: file://data.csv',
        'prompts:',
        '  - id: qa',
        '    messages:',
        '      - { role: system, content: "Answer briefly." }',
        '      - { role: user, content: "{{question}}" }',
        'baseline: openai:gpt-4o',
        'candidates:',
        '  - ollama:qwen2.5:0.5b',
        '  - id: small-json',
        '    provider: ollama:chat:llama3.2:1b',
        '    options: { temperature: 0, maxTokens: 64 }',
        'assert:',
        '  - type: equals',
        '    value: "{{answer}}"',
        'slices: [topic]',
      ].join('\n'),
      'data.csv': DATA,
    });
    const suite = loadSuite(join(dir, 'suite.yaml'));
    expect(suite.layout).toBe('rightsize');
    expect(suite.rows.map((r) => r.id)).toEqual(['q1', 'q2']);
    expect(suite.rows[1]?.source).toEqual({ file: join(dir, 'data.csv'), line: 3 });
    expect(suite.prompts[0]?.id).toBe('qa');
    expect(suite.models.map((m) => [m.label, m.role, m.ref.runtime, m.ref.model])).toEqual([
      ['openai:gpt-4o', 'baseline', 'openai', 'gpt-4o'],
      ['ollama:qwen2.5:0.5b', 'candidate', 'ollama', 'qwen2.5:0.5b'],
      ['small-json', 'candidate', 'ollama', 'llama3.2:1b'],
    ]);
    expect(suite.models[2]?.options).toEqual({ temperature: 0, maxTokens: 64 });
    expect(suite.margin).toEqual({ type: 'relative', value: 0.05 });
    expect(suite.confidence).toBe(0.95);
    expect(suite.maxErrorRate).toBe(0.1);
    expect(suite.requestsPerDay).toBe(10_000);
    expect(suite.judge).toBeNull();
  });

  it('accepts a suite with a baseline and no candidates', () => {
    const dir = tempFiles({
      'suite.yaml': 'name: solo\ndataset: data.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\n',
      'data.csv': DATA,
    });
    const suite = loadSuite(join(dir, 'suite.yaml'));
    expect(suite.models).toHaveLength(1);
  });

  it('reads margins written as a percentage, a fraction, or an absolute object', () => {
    for (const [written, margin] of [
      ['"3%"', { type: 'relative', value: 0.03 }],
      ['0.1', { type: 'relative', value: 0.1 }],
      ['{ type: absolute, value: 0.02 }', { type: 'absolute', value: 0.02 }],
    ] as const) {
      const dir = tempFiles({
        'suite.yaml': `name: m\ndataset: data.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\nthreshold: ${written}\n`,
        'data.csv': DATA,
      });
      expect(loadSuite(join(dir, 'suite.yaml')).margin).toEqual(margin);
    }
  });

  it('derives stable ids from content when there is no id column, whatever the row order', () => {
    const a = tempFiles({
      's.yaml': 'name: a\ndataset: d.jsonl\nprompts: "{{q}}"\nbaseline: openai:gpt-4o\n',
      'd.jsonl': '{"q":"one"}\n{"q":"two"}\n',
    });
    const b = tempFiles({
      's.yaml': 'name: a\ndataset: d.jsonl\nprompts: "{{q}}"\nbaseline: openai:gpt-4o\n',
      'd.jsonl': '{"q":"two"}\n{"q":"one"}\n',
    });
    const idsA = loadSuite(join(a, 's.yaml')).rows.map((r) => r.id);
    const idsB = loadSuite(join(b, 's.yaml')).rows.map((r) => r.id);
    expect(idsA[0]).toMatch(/^row-[0-9a-f]{12}$/);
    expect(idsA[0]).not.toBe(idsA[1]);
    expect(idsB).toEqual([idsA[1], idsA[0]]);
  });

  it('loads JSON and YAML datasets and inline tests, with line numbers', () => {
    const json = tempFiles({
      's.yaml': 'name: j\ndataset: d.json\nprompts: "{{q}}"\nbaseline: openai:gpt-4o\n',
      'd.json': '[\n  {"id": "a", "q": "x"},\n  {"id": "b", "q": "y"}\n]\n',
    });
    expect(loadSuite(join(json, 's.yaml')).rows.map((r) => [r.id, r.source.line])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    const inline = tempFiles({
      's.yaml':
        'name: i\ntests:\n  - { id: a, q: x }\n  - { id: b, q: y }\nprompts: "{{q}}"\nbaseline: openai:gpt-4o\n',
    });
    expect(loadSuite(join(inline, 's.yaml')).rows.map((r) => [r.id, r.source.line])).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
  });

  it('turns CSV __expected columns into assertions as promptfoo does', () => {
    const dir = tempFiles({
      's.yaml': 'name: e\ndataset: d.csv\nprompts: "{{q}}"\nbaseline: openai:gpt-4o\n',
      'd.csv':
        'q,__expected,__expected2\nx,Paris,"contains-any:a, b"\ny,fn:output.length > 3,grade:is polite\n',
    });
    const rows = loadSuite(join(dir, 's.yaml')).rows;
    expect(rows[0]?.vars).toEqual({ q: 'x' });
    expect(rows[0]?.assert).toEqual([
      { type: 'equals', value: 'Paris' },
      // Kept as written: the assertion splits it on commas as promptfoo does (quoted fields keep theirs).
      { type: 'contains-any', value: 'a, b' },
    ]);
    expect(rows[1]?.assert).toEqual([
      { type: 'javascript', value: 'output.length > 3' },
      { type: 'llm-rubric', value: 'is polite' },
    ]);
  });

  it('flags a row that lacks a variable another row has, unless it only guards a block', () => {
    const strict = tempFiles({
      's.yaml': 'name: s\ndataset: d.jsonl\nprompts: "{{q}} {{ctx}}"\nbaseline: openai:gpt-4o\n',
      'd.jsonl': '{"id":"a","q":"x","ctx":"c"}\n{"id":"b","q":"y"}\n',
    });
    const err = errorOf(() => loadSuite(join(strict, 's.yaml')));
    expect(err.format()).toContain('d.jsonl:2');
    expect(err.message).toContain('row "b" has no value for {{ctx}}');
    const guarded = tempFiles({
      's.yaml':
        'name: s\ndataset: d.jsonl\nprompts: "{{q}}{{#if ctx}} {{ctx}}{{/if}}"\nbaseline: openai:gpt-4o\n',
      'd.jsonl': '{"id":"a","q":"x","ctx":"c"}\n{"id":"b","q":"y"}\n',
    });
    expect(loadSuite(join(guarded, 's.yaml')).rows).toHaveLength(2);
  });

  it('checks template variables in assertion values too', () => {
    const dir = tempFiles({
      's.yaml':
        'name: v\ndataset: d.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\nassert:\n  - type: equals\n    value: "{{anwser}}"\n',
      'd.csv': DATA,
    });
    expect(errorOf(() => loadSuite(join(dir, 's.yaml'))).message).toContain(
      'assert[0].value uses {{anwser}}',
    );
  });

  it('reports a column typo in a metric label at the label, with a suggestion', () => {
    const dir = tempFiles({
      's.yaml': [
        'name: v',
        'dataset: d.csv',
        'prompts: "{{question}}"',
        'baseline: openai:gpt-4o',
        'metrics:',
        '  - type: classification',
        '    label: "{{topc}}"',
      ].join('\n'),
      'd.csv': DATA,
    });
    const err = errorOf(() => loadSuite(join(dir, 's.yaml')));
    expect(err.line).toBe(7);
    expect(err.message).toBe(
      'metrics "classification" label uses {{topc}}, but the dataset has no column "topc". Did you mean "topic"?',
    );
  });

  it('rejects a slice column the dataset lacks, and duplicate model labels', () => {
    const slice = tempFiles({
      's.yaml': 'name: v\ndataset: d.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\nslices: [topc]\n',
      'd.csv': DATA,
    });
    expect(errorOf(() => loadSuite(join(slice, 's.yaml'))).message).toContain('slice column "topc"');
    const dup = tempFiles({
      's.yaml':
        'name: v\ndataset: d.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\ncandidates: [openai:gpt-4o]\n',
      'd.csv': DATA,
    });
    expect(errorOf(() => loadSuite(join(dup, 's.yaml'))).message).toContain('both labelled "openai:gpt-4o"');
  });
});
