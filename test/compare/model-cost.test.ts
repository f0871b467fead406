import { describe, expect, it } from 'vitest';
import { costPer1k, monthlyCost } from '../../src/compare/model-cost.js';
import { resultRecord } from './records.js';

const calls = [
  resultRecord({ model: 'gpt', rowId: 'a', usage: { input: 1000, output: 200 } }),
  resultRecord({ model: 'gpt', rowId: 'b', usage: { input: 3000, output: 600 }, cached: true }),
];

describe('costPer1k', () => {
  it('prices frontier calls from the built-in table', () => {
    // gpt-4o: $2.50 / $10 per million. Mean call: 2000 in, 400 out → 0.005 + 0.004 = $0.009 → $9 per 1k.
    const cost = costPer1k({ provider: 'openai:chat:gpt-4o', local: false, concurrency: 8 }, calls, 100);
    expect(cost).toBeCloseTo(9, 12);
  });

  it("prefers the suite's prices, then the runtime profile's", () => {
    const suite = costPer1k(
      {
        provider: 'openai:gpt-4o',
        local: false,
        concurrency: 1,
        cost: { inputPerMillion: 1, outputPerMillion: 2 },
      },
      calls,
      100,
    );
    // (2000·1 + 400·2) / 1e6 × 1000 = 2.8.
    expect(suite).toBeCloseTo(2.8, 12);
    const profile = costPer1k(
      {
        provider: 'openai:some-vendor-model',
        local: false,
        concurrency: 1,
        profile: {
          parameters: null,
          quantization: null,
          contextWindow: null,
          memoryBytes: null,
          prices: { inputPerMillion: 0.5, outputPerMillion: 0.5 },
        },
      },
      calls,
      100,
    );
    expect(profile).toBeCloseTo(1.2, 12);
  });

  it('divides an hourly price by throughput at the measured latency and concurrency', () => {
    // $1.20/h; mean latency 600 ms at concurrency 2 → 2 × 3,600,000 / 600 = 12,000 calls/h
    // → $0.0001 per call → $0.10 per 1k.
    const cost = costPer1k(
      { provider: 'ollama:qwen', local: true, concurrency: 2, cost: { perHour: 1.2 } },
      calls,
      600,
    );
    expect(cost).toBeCloseTo(0.1, 12);
    expect(
      costPer1k(
        { provider: 'ollama:qwen', local: true, concurrency: 2, cost: { perHour: 1.2 } },
        calls,
        null,
      ),
    ).toBeNull();
  });

  it('is 0 for an unpriced local model, null for an unpriced remote one or unknown usage', () => {
    expect(costPer1k({ provider: 'ollama:qwen', local: true, concurrency: 1 }, calls, 100)).toBe(0);
    expect(
      costPer1k({ provider: 'openai:my-finetune', local: false, concurrency: 1 }, calls, 100),
    ).toBeNull();
    const noUsage = [resultRecord({ model: 'gpt', rowId: 'a', usage: { input: null, output: null } })];
    expect(costPer1k({ provider: 'openai:gpt-4o', local: false, concurrency: 1 }, noUsage, 100)).toBeNull();
  });

  it('projects a month at the daily traffic', () => {
    // A month is 730 hours (30.4167 days): $9 per 1k × 10,000 a day × 730 / 24 days = $2,737.50.
    expect(monthlyCost(9, 10_000)).toBeCloseTo((9 * 10_000 * (730 / 24)) / 1000, 9);
    expect(monthlyCost(9, 10_000)).toBeCloseTo(2737.5, 9);
    expect(monthlyCost(null, 10_000)).toBeNull();
  });
});
