import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../src/schema/score-record.js';
import { combineAssertions } from '../../src/score/combine-assertions.js';

const r = (over: Partial<AssertionResult>): AssertionResult => ({
  type: 'contains',
  metric: null,
  weight: 1,
  pass: true,
  score: 1,
  reason: 'Assertion passed',
  ...over,
});

describe('combineAssertions', () => {
  it('takes the weighted mean and passes when every assertion passes', () => {
    const c = combineAssertions([r({ weight: 2, score: 1 }), r({ weight: 1, score: 0.5, type: 'rouge-n' })]);
    expect(c.pass).toBe(true);
    expect(c.score).toBeCloseTo(2.5 / 3, 12);
    expect(c.reason).toBe('All assertions passed');
  });

  it('fails when any assertion fails, whatever the mean', () => {
    const c = combineAssertions([
      r({ score: 1 }),
      r({ score: 1 }),
      r({ type: 'regex', pass: false, score: 0, reason: 'no match' }),
    ]);
    expect(c).toMatchObject({ pass: false, reason: 'regex: no match' });
    expect(c.score).toBeCloseTo(2 / 3, 12);
  });

  it('with a test threshold, passes on the score alone', () => {
    const results = [r({ pass: false, score: 0 }), r({ score: 1, weight: 3 })];
    expect(combineAssertions(results, 0.75)).toMatchObject({ pass: true, score: 0.75 });
    expect(combineAssertions(results, 0.8)).toMatchObject({ pass: false, score: 0.75 });
    expect(combineAssertions(results, 0.8).reason).toBe('Aggregate score 0.75 < 0.8 threshold');
  });

  it('leaves unscored assertions out of the mean, the pass and the named scores', () => {
    const c = combineAssertions([
      r({ score: 0.5, metric: 'quality' }),
      r({ type: 'llm-rubric', pass: null, score: null, reason: 'judge did not answer', metric: 'quality' }),
    ]);
    expect(c).toMatchObject({ pass: true, score: 0.5, namedScores: { quality: 0.5 } });
    expect(c.reason).toContain('1 of 2 assertions unscored');
  });

  it('is unscored with no scored assertion, or none at all', () => {
    const c = combineAssertions([r({ type: 'latency', pass: null, score: null, reason: 'no latency' })]);
    expect(c).toMatchObject({ pass: null, score: null, namedScores: {} });
    expect(c.reason).toContain('latency: no latency');
    expect(combineAssertions([])).toMatchObject({ pass: null, score: null, reason: 'no assertions' });
  });

  it('aggregates named metrics as weighted means per name', () => {
    const c = combineAssertions([
      r({ metric: 'accuracy', score: 1, weight: 1 }),
      r({ metric: 'accuracy', score: 0, pass: false, weight: 3 }),
      r({ metric: 'format', score: 0.4, weight: 2 }),
      r({ score: 0.9 }),
    ]);
    expect(c.namedScores).toEqual({ accuracy: 0.25, format: 0.4 });
    expect(c.score).toBeCloseTo((1 + 0 + 0.8 + 0.9) / 7, 12);
  });

  it('scores 0 (and passes) when every weight is 0, as promptfoo', () => {
    expect(
      combineAssertions([r({ weight: 0, score: 1 }), r({ weight: 0, score: 0, pass: true })]),
    ).toMatchObject({
      pass: true,
      score: 0,
    });
  });
});
