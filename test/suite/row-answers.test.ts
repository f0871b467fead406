import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { UserError } from '../../src/util/user-error.js';
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

const LOGS = [
  'id,request_id,question,answer,latency_ms,in_tok,out_tok',
  'q1,req-1,What is 2+2?,4,850,12,1',
  'q2,req-2,Capital of France?,Paris,1200,,2',
  'q3,req-3,Colour of the sky?,Blue,,9,',
].join('\n');

const suite = (baseline: string, data = LOGS, extra = '') =>
  tempFiles({
    'suite.yaml': [
      'name: prod',
      'dataset: file://logs.csv',
      'prompts: ["Q: {{question}}"]',
      `baseline: ${baseline}`,
      'candidates: [ollama:qwen2.5:0.5b]',
      extra,
    ].join('\n'),
    'logs.csv': `${data}\n`,
  });

const load = (dir: string, file = 'suite.yaml') => loadSuite(join(dir, file));

describe('baseline: { answers: <column> }: production logs as the baseline', () => {
  it('reads each row’s answer, latency and tokens from their columns (empty cells unknown)', () => {
    const s = load(
      suite(
        '{ id: production, answers: answer, latency: latency_ms, usage: { input: in_tok, output: out_tok } }',
      ),
    );
    const baseline = s.models[0];
    expect([baseline?.label, baseline?.provider, baseline?.ref.runtime]).toEqual([
      'production',
      'dataset:answer',
      'dataset',
    ]);
    expect(Object.fromEntries(baseline?.answers?.byRow ?? [])).toEqual({
      q1: { output: '4', latencyMs: 850, usage: { input: 12, output: 1 } },
      q2: { output: 'Paris', latencyMs: 1200, usage: { input: null, output: 2 } },
      q3: { output: 'Blue', latencyMs: null, usage: { input: 9, output: null } },
    });
  });

  it('without latency or usage columns, those figures are unknown (null)', () => {
    const s = load(suite('{ answers: answer }'));
    expect(s.models[0]?.label).toBe('dataset:answer');
    expect(s.models[0]?.answers?.byRow.get('q2')).toEqual({
      output: 'Paris',
      latencyMs: null,
      usage: { input: null, output: null },
    });
  });

  it('rows without an answer are one error naming them, at the first one’s line', () => {
    const data = `${LOGS}\nq4,req-4,Largest planet?,,10,1,1\nq5,req-5,Smallest prime?,,10,1,1`;
    const err = errorOf(() => load(suite('{ id: production, answers: answer }', data)));
    expect(err.format()).toBe(
      `${err.file}:5: 2 of 5 rows have no answer in the column "answer" that baseline "production" takes its answers from: "q4" (logs.csv:5), "q5" (logs.csv:6)\n` +
        '  fix: give every row its answer, or take the rows production did not answer out of the dataset',
    );
    expect(err.file?.endsWith('logs.csv')).toBe(true);
    expect(err.exitCode).toBe(2);
  });

  it('an answers column the dataset does not have names every row', () => {
    const err = errorOf(() => load(suite('{ answers: reply }')));
    expect(err.message).toContain('3 of 3 rows have no answer in the column "reply"');
  });

  it('a latency that is not a number is an error naming the rows', () => {
    const data = LOGS.replace('850', 'fast');
    const err = errorOf(() => load(suite('{ answers: answer, latency: latency_ms }', data)));
    expect(err.message).toContain(
      '1 of 3 rows have a latency in the column "latency_ms" that is not a non-negative number: "q1"',
    );
  });

  it('is refused with `provider:`, on a judge, and `latency:` without `answers:`', () => {
    expect(errorOf(() => load(suite('{ provider: openai:gpt-4o, answers: answer }'))).message).toContain(
      'either from `provider:` or from the dataset',
    );
    expect(errorOf(() => load(suite('openai:gpt-4o', LOGS, 'judge: { answers: answer }'))).message).toContain(
      'a judge cannot take its answers from the dataset',
    );
    const stray = errorOf(() => load(suite('{ provider: openai:gpt-4o, latency: latency_ms }')));
    expect(stray.format()).toContain('baseline.latency: `latency:` names a dataset column');
  });

  it('works in promptfoo’s layout too (its `baseline:` extension), the column a test var', () => {
    const dir = tempFiles({
      'promptfooconfig.yaml': [
        'prompts: ["Q: {{question}}"]',
        'providers: [ollama:qwen2.5:0.5b]',
        'baseline: { id: production, answers: answer }',
        'tests:',
        '  - vars: { question: "2+2?", answer: "4" }',
        '  - vars: { question: "Sky?", answer: "Blue" }',
      ].join('\n'),
    });
    const s = load(dir, 'promptfooconfig.yaml');
    expect(s.models.map((m) => [m.label, m.role])).toEqual([
      ['production', 'baseline'],
      ['ollama:qwen2.5:0.5b', 'candidate'],
    ]);
    expect([...(s.models[0]?.answers?.byRow.values() ?? [])].map((a) => a.output)).toEqual(['4', 'Blue']);
  });
});

describe('recorded: files keyed by a column (`key:`)', () => {
  const keyed = (data = LOGS) =>
    tempFiles({
      'suite.yaml': [
        'name: prod',
        'dataset: file://logs.csv',
        'prompts: ["Q: {{question}}"]',
        'baseline: { id: production, provider: "recorded:./prod.jsonl", key: request_id }',
      ].join('\n'),
      'logs.csv': `${data}\n`,
    });

  it('maps each row to its value of the key column', () => {
    const s = load(keyed());
    expect(s.models[0]?.recordedKey?.column).toBe('request_id');
    expect(Object.fromEntries(s.models[0]?.recordedKey?.byRow ?? [])).toEqual({
      q1: 'req-1',
      q2: 'req-2',
      q3: 'req-3',
    });
  });

  it('rows without a key are an error naming them', () => {
    const err = errorOf(() => load(keyed(LOGS.replace('q2,req-2', 'q2,'))));
    expect(err.message).toContain('1 of 3 rows have no value in the column "request_id"');
    expect(err.message).toContain('"q2" (logs.csv:3)');
  });

  it('`key:` on another runtime is refused at its line', () => {
    const err = errorOf(() => load(suite('{ provider: openai:gpt-4o, key: request_id }')));
    expect(err.format()).toContain('baseline.key: `key:` is for recorded: models');
  });
});
