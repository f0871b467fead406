import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/score/call-cost.js';
import { answeredRecord } from '../helpers/answered-record.js';
import { modelConfig } from '../helpers/model-config.js';

// gpt-4o-mini lists at $0.15 per million input tokens and $0.60 per million output tokens.
const usage = { input: 1000, output: 1000 };
const listed = (1000 * 0.15 + 1000 * 0.6) / 1e6;

describe('callCost (the cost assertion)', () => {
  it('prices a call at the list price, and at half of it through the Batch API, as compare does', () => {
    const record = answeredRecord({ usage });
    expect(callCost(modelConfig('openai:gpt-4o-mini', 'baseline', undefined), record)).toBeCloseTo(
      listed,
      15,
    );
    expect(
      callCost(modelConfig('openai:gpt-4o-mini', 'baseline', undefined, { batch: true }), record),
    ).toBeCloseTo(listed / 2, 15);
  });

  it("takes a suite's own prices as written, batch or not", () => {
    const cost = { inputPerMillion: 1, outputPerMillion: 2 };
    const record = answeredRecord({ usage });
    expect(
      callCost(modelConfig('openai:gpt-4o-mini', 'baseline', undefined, { batch: true, cost }), record),
    ).toBeCloseTo(0.003, 15);
  });
});
