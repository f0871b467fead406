import { describe, expect, it } from 'vitest';
import { builtInJudgePrompt } from '../../src/score/judge-prompt.js';
import { judgeOutcome, planJudgeTask } from '../../src/score/judge-task.js';
import { answeredRecord, JUDGE } from '../helpers/answered-record.js';

const judge = JUDGE;

const record = answeredRecord;

const pairwise = (negate = false) =>
  planJudgeTask({
    kind: 'pairwise',
    negate,
    target: record({}),
    baseline: record({ caseId: 'b1', model: 'big', role: 'baseline', output: 'four' }),
    rubric: '',
    vars: {},
    judge,
    template: builtInJudgePrompt('pairwise'),
    tag: '0',
  });

/** The judge's answers, as records keyed by the ids of the task's calls (candidate-first, then baseline-first). */
function answers(task: ReturnType<typeof pairwise>, outputs: (string | null)[]) {
  return new Map(
    task.calls.map(({ call }, i) => [
      call.id,
      record({
        caseId: call.id,
        role: 'judge',
        output: outputs[i] ?? null,
        error: outputs[i] === null ? { type: 'http', message: 'boom', retryable: false } : null,
      }),
    ]),
  );
}

describe('pairwise judging', () => {
  it('asks in both orders, with the answers swapped and the same call ids every time', () => {
    const task = pairwise();
    const [first, second] = task.calls;
    expect(first?.order).toBe('candidate-first');
    expect(second?.order).toBe('baseline-first');
    const a = first?.call.messages[0]?.content ?? '';
    expect(a.indexOf('<answer_a>\n4\n')).toBeGreaterThan(0);
    expect((second?.call.messages[0]?.content ?? '').indexOf('<answer_a>\nfour\n')).toBeGreaterThan(0);
    expect(first?.call.options).toMatchObject({ temperature: 0, jsonSchema: { type: 'object' } });
    expect(pairwise().calls.map((c) => c.call.id)).toEqual(task.calls.map((c) => c.call.id));
    expect(first?.call.id).not.toBe(second?.call.id);
  });

  it('counts a verdict only when both orders agree', () => {
    const task = pairwise();
    // Candidate is A in the first order and B in the second: "A" then "B" is the candidate both times.
    const win = judgeOutcome(
      task,
      answers(task, ['{"reason":"r1","winner":"A"}', '{"reason":"r2","winner":"B"}']),
    );
    expect(win).toMatchObject({ pass: true, score: 1, judge: { inconsistent: false } });
    expect(win.judge?.orders?.map((o) => o.winner)).toEqual(['candidate', 'candidate']);
    const tie = judgeOutcome(
      task,
      answers(task, ['{"reason":"","winner":"tie"}', '{"reason":"","winner":"tie"}']),
    );
    expect(tie).toMatchObject({ pass: true, score: 0.5 });
    const loss = judgeOutcome(
      task,
      answers(task, ['{"reason":"","winner":"B"}', '{"reason":"","winner":"A"}']),
    );
    expect(loss).toMatchObject({ pass: false, score: 0 });
    // A judge that always prefers the first answer is position-biased: not counted.
    const biased = judgeOutcome(
      task,
      answers(task, ['{"reason":"","winner":"A"}', '{"reason":"","winner":"A"}']),
    );
    expect(biased).toMatchObject({ pass: null, score: null, judge: { inconsistent: true } });
    expect(biased.reason).toContain('changed its verdict');
  });

  it('leaves the assertion unscored when a judge call failed or answered unparseably', () => {
    const task = pairwise();
    expect(judgeOutcome(task, answers(task, ['{"reason":"","winner":"A"}', null]))).toMatchObject({
      pass: null,
      score: null,
      reason: 'the judge call failed: boom',
    });
    const garbled = judgeOutcome(task, answers(task, ['I think A', '{"reason":"","winner":"A"}']));
    expect(garbled).toMatchObject({ pass: null, score: null });
    expect(judgeOutcome(task, new Map())).toMatchObject({
      pass: null,
      reason: expect.stringContaining('not asked'),
    });
  });

  it('negates a judged verdict for not-pairwise', () => {
    const task = pairwise(true);
    const out = judgeOutcome(
      task,
      answers(task, ['{"reason":"","winner":"A"}', '{"reason":"","winner":"B"}']),
    );
    expect(out).toMatchObject({ pass: false, score: 0 });
  });
});

describe('pointwise judging', () => {
  const task = (kind: 'llm-rubric' | 'factuality' | 'model-graded-closedqa', threshold?: number) =>
    planJudgeTask({
      kind,
      negate: false,
      ...(threshold !== undefined ? { threshold } : {}),
      target: record({}),
      rubric: 'is correct',
      vars: {},
      judge,
      template: builtInJudgePrompt(kind),
      tag: '0',
    });
  const one = (t: ReturnType<typeof task>, output: string) =>
    judgeOutcome(t, new Map([[t.calls[0]?.call.id ?? '', record({ caseId: 'j', role: 'judge', output })]]));

  it('takes llm-rubric pass and score, with the threshold as promptfoo applies it', () => {
    expect(one(task('llm-rubric'), '{"reason":"fine","pass":true,"score":0.6}')).toMatchObject({
      pass: true,
      score: 0.6,
      reason: 'fine',
    });
    expect(one(task('llm-rubric', 0.7), '{"reason":"fine","pass":true,"score":0.6}')).toMatchObject({
      pass: false,
      score: 0.6,
    });
  });

  it('fails factuality only on a disagreement (D), and closed QA on pass false', () => {
    expect(one(task('factuality'), '{"reason":"sub","category":"A"}')).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(one(task('factuality'), '{"reason":"no","category":"D"}')).toMatchObject({
      pass: false,
      score: 0,
    });
    expect(one(task('model-graded-closedqa'), '{"reason":"no","pass":false}')).toMatchObject({
      pass: false,
      score: 0,
    });
  });
});
