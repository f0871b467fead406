import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogprobSummary } from '../../src/schema/escalation.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import { logprobConfidence, repeatAgreements } from '../../src/score/escalation-signals.js';
import { scoreRun } from '../../src/score/score-run.js';
import { caseId } from '../../src/suite/expand-cases.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { answeredRecord } from '../helpers/answered-record.js';
import { tempFiles } from '../helpers/temp-files.js';

const SUITE = [
  'name: cascade',
  'tests:',
  '  - { id: a, question: "hi there", label: greet }',
  '  - { id: b, question: "bye now", label: leave }',
  'prompts: [{ id: p, template: "Intent of: {{question}}" }]',
  'baseline: { id: baseline, provider: recorded:baseline.jsonl }',
  'candidates:',
  '  - id: small',
  '    provider: recorded:small.jsonl',
  '    escalate:',
  '      - id: shape',
  '        checks:',
  '          - type: is-json',
  '            value: { type: object, required: [intent] }',
  '          - type: not-contains',
  '            value: "{{question}}"', // the request's own column: allowed
  '        confidence: { from: logprobs }', // summary: mean by default
  '      - id: first',
  '        confidence: { from: logprobs, summary: first }',
  '      - id: least',
  '        confidence: { from: logprobs, summary: min, below: 0.2 }',
  '      - id: sees-request-only',
  '        checks:',
  // Checks see only the columns the prompts use, whatever JavaScript asks for.
  '          - type: javascript',
  '            value: "Object.keys(context.vars).join() === \'question\'"',
  '  - id: tiny',
  '    provider: recorded:tiny.jsonl',
  'escalate:',
  '  - id: agree',
  '    confidence: { from: repeats }',
  'repeat: 3',
].join('\n');

function record(
  over: Partial<ResultRecord> & Pick<ResultRecord, 'model' | 'rowId' | 'repeat'>,
): ResultRecord {
  return answeredRecord({
    caseId: caseId(over.rowId, 'p', over.model, over.repeat),
    provider: `recorded:${over.model}.jsonl`,
    input: 'Intent of: ...',
    output: '',
    latencyMs: 10,
    ...over,
  });
}

const LOGPROBS: LogprobSummary = { tokens: 5, mean: -0.1, min: -1.2, first: -0.05 };
const failed = (type: string) => ({ type, message: 'boom', retryable: false });

const RECORDS: ResultRecord[] = [
  ...[0, 1, 2].flatMap((repeat) =>
    ['a', 'b'].map((rowId) => record({ model: 'baseline', role: 'baseline', rowId, repeat, output: '{}' })),
  ),
  // small, row a: valid JSON with log-probabilities; not JSON; JSON that echoes the question, no tokens.
  record({ model: 'small', rowId: 'a', repeat: 0, output: '{"intent":"greet"}', logprobs: LOGPROBS }),
  record({ model: 'small', rowId: 'a', repeat: 1, output: 'greet', logprobs: null }),
  record({
    model: 'small',
    rowId: 'a',
    repeat: 2,
    output: '{"intent":"hi there"}',
    logprobs: { tokens: 0, mean: 0, min: 0, first: 0 },
  }),
  // small, row b: a failed call, and two answers (no log-probabilities recorded at all).
  record({ model: 'small', rowId: 'b', repeat: 0, output: null, error: failed('server') }),
  record({ model: 'small', rowId: 'b', repeat: 1, output: '{"intent":"leave"}' }),
  record({ model: 'small', rowId: 'b', repeat: 2, output: ' {"intent":"leave"}\n' }),
  // tiny: row a agrees 2 of 3 (after trimming), row b 1 of 2 answers; one failed call.
  record({ model: 'tiny', rowId: 'a', repeat: 0, output: 'greet' }),
  record({ model: 'tiny', rowId: 'a', repeat: 1, output: ' greet ' }),
  record({ model: 'tiny', rowId: 'a', repeat: 2, output: 'hello' }),
  record({ model: 'tiny', rowId: 'b', repeat: 0, output: 'leave' }),
  record({ model: 'tiny', rowId: 'b', repeat: 1, output: null, error: failed('timeout') }),
  record({ model: 'tiny', rowId: 'b', repeat: 2, output: 'bye' }),
];

describe('the score stage: escalation signals on a recorded run', async () => {
  const dir = tempFiles({ 'suite.yaml': SUITE });
  const suite = loadSuite(join(dir, 'suite.yaml'));
  const { scores } = await scoreRun(suite, join(dir, 'results.jsonl'), RECORDS, { env: {}, cacheDir: null });
  const signals = (model: string, rowId: string, repeat: number) =>
    scores.find((s) => s.model === model && s.rowId === rowId && s.repeat === repeat)?.escalation;

  it('gives candidates with policies one signal per policy; the baseline none', () => {
    expect(scores).toHaveLength(RECORDS.length);
    expect(scores.filter((s) => s.role === 'baseline').every((s) => s.escalation === undefined)).toBe(true);
    expect(signals('small', 'a', 0)?.map((s) => s.policy)).toEqual([
      'shape',
      'first',
      'least',
      'sees-request-only',
    ]);
    expect(signals('tiny', 'a', 0)?.map((s) => s.policy)).toEqual(['agree']);
  });

  it('runs the checks on the output, and reads confidence from the log-probability summary', () => {
    // exp(-0.1), exp(-0.05), exp(-1.2), worked out by hand.
    expect(signals('small', 'a', 0)).toEqual([
      { policy: 'shape', checksFailed: false, confidence: expect.closeTo(0.904837418, 9) },
      { policy: 'first', checksFailed: null, confidence: expect.closeTo(0.951229425, 9) },
      { policy: 'least', checksFailed: null, confidence: expect.closeTo(0.301194212, 9) },
      { policy: 'sees-request-only', checksFailed: false, confidence: null },
    ]);
    // Not JSON: a check fails; no log-probabilities: no confidence.
    expect(signals('small', 'a', 1)?.[0]).toEqual({ policy: 'shape', checksFailed: true, confidence: null });
    // Valid JSON that echoes the request (not-contains "{{question}}" fails); no tokens: no confidence.
    expect(signals('small', 'a', 2)?.[0]).toEqual({ policy: 'shape', checksFailed: true, confidence: null });
    expect(signals('small', 'b', 1)?.[0]).toEqual({ policy: 'shape', checksFailed: false, confidence: null });
    // A failed call has no output to check.
    expect(signals('small', 'b', 0)?.[0]).toEqual({ policy: 'shape', checksFailed: null, confidence: null });
  });

  it('reads confidence from repeats as the share agreeing with the most common trimmed answer', () => {
    for (const repeat of [0, 1, 2]) {
      expect(signals('tiny', 'a', repeat)).toEqual([
        { policy: 'agree', checksFailed: null, confidence: expect.closeTo(2 / 3, 12) },
      ]);
    }
    expect(signals('tiny', 'b', 0)?.[0]?.confidence).toBe(0.5);
    expect(signals('tiny', 'b', 2)?.[0]?.confidence).toBe(0.5);
    expect(signals('tiny', 'b', 1)?.[0]?.confidence).toBeNull();
  });
});

describe('logprobConfidence', () => {
  it('is exp of the chosen summary, null without tokens', () => {
    expect(
      logprobConfidence({ tokens: 3, mean: Math.log(0.5), min: Math.log(0.25), first: 0 }, 'mean'),
    ).toBeCloseTo(0.5, 12);
    expect(logprobConfidence({ tokens: 3, mean: -1, min: Math.log(0.25), first: 0 }, 'min')).toBeCloseTo(
      0.25,
      12,
    );
    expect(logprobConfidence({ tokens: 3, mean: -1, min: -2, first: 1e-9 }, 'first')).toBe(1);
    expect(logprobConfidence({ tokens: 0, mean: 0, min: 0, first: 0 }, 'mean')).toBeNull();
    expect(logprobConfidence(null, 'mean')).toBeNull();
  });
});

describe('repeatAgreements', () => {
  it('is null with a single repeat', () => {
    const one = record({ model: 'tiny', rowId: 'a', repeat: 0, output: 'x' });
    expect(repeatAgreements([one]).get(one.caseId)).toBeNull();
  });
});
