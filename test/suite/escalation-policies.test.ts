import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestColumns } from '../../src/suite/escalation-policies.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { tempFiles } from '../helpers/temp-files.js';

const DATA = 'id,question,label\nq1,Hi there,greet\nq2,Bye now,leave\n';

const policyIds = (suite: ReturnType<typeof loadSuite>) =>
  Object.fromEntries([...suite.escalation].map(([label, policies]) => [label, policies.map((p) => p.id)]));

describe("escalation policies: rightsize's layout", () => {
  const dir = tempFiles({
    'suite.yaml': [
      'name: cascade',
      'dataset: file://data.csv',
      'prompts: ["Intent of: {{question}}"]',
      'baseline: openai:gpt-4o',
      'candidates:',
      '  - ollama:qwen2.5:0.5b',
      '  - id: small',
      '    provider: openai:small-model',
      '    options: { temperature: 0 }',
      '    escalate:',
      '      - id: invalid-json', // the same id as a suite-wide policy: its own list replaces that one
      '        checks:',
      '          - type: is-json',
      '            value: { type: object, required: [intent] }',
      '  - id: tiny',
      '    provider: gguf:./tiny.gguf',
      '    escalate:',
      '      - id: agree',
      '        confidence: { from: repeats, below: 0.6 }',
      'repeat: 3',
      'escalate:',
      '  - id: invalid-json',
      '    when: all',
      '    checks:',
      '      - type: javascript',
      '        value: "!output.includes(context.vars.question)"', // a request column: allowed
      '    confidence: { from: logprobs, summary: min, below: 0.8 }',
      '  - id: swept',
      '    confidence: { from: logprobs }',
    ].join('\n'),
    'data.csv': DATA,
  });
  const suite = loadSuite(join(dir, 'suite.yaml'));

  it('gives each candidate its own policies, else the suite-wide ones; never the baseline', () => {
    expect(policyIds(suite)).toEqual({
      'ollama:qwen2.5:0.5b': ['invalid-json', 'swept'],
      small: ['invalid-json'],
      tiny: ['agree'],
    });
    expect(suite.escalation.get('ollama:qwen2.5:0.5b')?.[0]).toEqual({
      id: 'invalid-json',
      when: 'all',
      checks: [{ type: 'javascript', value: '!output.includes(context.vars.question)' }],
      confidence: { from: 'logprobs', summary: 'min', below: 0.8 },
    });
    expect(suite.escalation.has('openai:gpt-4o')).toBe(false);
  });

  it('asks for log-probabilities exactly where a policy reads them', () => {
    expect(suite.models.map((m) => [m.label, m.options])).toEqual([
      ['openai:gpt-4o', {}],
      ['ollama:qwen2.5:0.5b', { logprobs: true }],
      ['small', { temperature: 0 }],
      ['tiny', {}],
    ]);
  });

  it('has no policies without `escalate:`', () => {
    const plain = tempFiles({
      's.yaml':
        'name: p\ndataset: d.csv\nprompts: "{{question}}"\nbaseline: openai:gpt-4o\ncandidates: [ollama:q]\n',
      'd.csv': DATA,
    });
    const loaded = loadSuite(join(plain, 's.yaml'));
    expect(loaded.escalation.size).toBe(0);
    expect(loaded.models[1]?.options).toEqual({});
  });
});

describe("escalation policies: promptfoo's layout", () => {
  it("reads the top-level key and a provider's own (both provider forms), with `baseline:` naming the baseline", () => {
    const dir = tempFiles({
      'promptfooconfig.yaml': [
        'prompts: ["Intent of: {{ question }}"]',
        'providers:',
        '  - id: ollama:qwen2.5:0.5b',
        '    label: qwen',
        '    escalate:',
        '      - id: unsure',
        '        confidence: { from: repeats }',
        '  - openai:gpt-4o',
        '  - "recorded:answers.jsonl":',
        '      escalate:',
        '        - id: shape',
        '          checks: [{ type: is-json }]',
        '          confidence: { from: logprobs, summary: first }',
        '  - ollama:llama3.2:1b',
        'baseline: openai:gpt-4o',
        'evaluateOptions: { repeat: 2 }',
        'escalate:',
        '  - id: short',
        '    checks:',
        '      - type: javascript',
        '        value: output.length < 80',
        'tests:',
        '  - vars: { question: hi, label: greet }',
      ].join('\n'),
    });
    const suite = loadSuite(join(dir, 'promptfooconfig.yaml'));
    expect(suite.models.map((m) => [m.label, m.role])).toEqual([
      ['openai:gpt-4o', 'baseline'],
      ['qwen', 'candidate'],
      ['recorded:answers.jsonl', 'candidate'],
      ['ollama:llama3.2:1b', 'candidate'],
    ]);
    expect(policyIds(suite)).toEqual({
      qwen: ['unsure'],
      'recorded:answers.jsonl': ['shape'],
      'ollama:llama3.2:1b': ['short'],
    });
    expect(suite.models.map((m) => m.options.logprobs)).toEqual([undefined, undefined, true, undefined]);
  });
});

describe('requestColumns', () => {
  it('is the row columns the prompts read, in either engine', () => {
    const dir = tempFiles({
      's.yaml': [
        'name: r',
        'dataset: d.csv',
        'prompts:',
        '  - "{{question}}"',
        '  - messages:',
        '      - { role: system, content: "Be brief{{#if tone}} and {{tone}}{{/if}}." }',
        '      - { role: user, content: "{{question}}" }',
        'baseline: openai:gpt-4o',
      ].join('\n'),
      'd.csv': 'id,question,tone,label\nq1,hi,warm,greet\n',
    });
    expect([...requestColumns(loadSuite(join(dir, 's.yaml')).prompts)].sort()).toEqual(['question', 'tone']);
  });
});
