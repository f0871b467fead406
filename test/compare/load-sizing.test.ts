import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import type { LoadLevel, LoadRecord } from '../../src/schema/load-record.js';
import { modelMeta, resultRecord, runMeta, scoreRecord } from './records.js';

const rows = ['a', 'b', 'c', 'd'];
const meta = runMeta([
  modelMeta({ label: 'gpt', role: 'baseline', provider: 'openai:gpt-4o', local: false }),
  modelMeta({ label: 'qwen', role: 'candidate', concurrency: 2, cost: { perHour: 0.8 } }),
  modelMeta({ label: 'phi', role: 'candidate', concurrency: 1, cost: { perHour: 0.8 } }),
]);
const results = ['gpt', 'qwen', 'phi'].flatMap((model) =>
  rows.map((rowId) =>
    resultRecord({
      model,
      rowId,
      role: model === 'gpt' ? 'baseline' : 'candidate',
      ...(model === 'gpt' ? { provider: 'openai:gpt-4o' } : {}),
      latencyMs: 1000,
    }),
  ),
);
const scores = ['gpt', 'qwen', 'phi'].flatMap((model) =>
  rows.map((rowId) => scoreRecord({ model, rowId, role: model === 'gpt' ? 'baseline' : 'candidate' })),
);

function level(concurrency: number, rps: number, p50: number, p95: number): LoadLevel {
  return {
    concurrency,
    requests: 50,
    durationMs: 60_000,
    requestsPerSecond: rps,
    outputTokensPerSecond: null,
    ttftMs: { p50: p50 / 4, p95: p95 / 4, p99: null },
    latencyMs: { p50, p95, p99: null },
    errorShare: 0,
  };
}

// qwen meets p95 ≤ 200 ms up to 4 in flight at 0.2 requests/s; phi at no level.
const load: LoadRecord = {
  schemaVersion: 1,
  suite: 'demo',
  createdAt: '2026-01-02T00:00:00.000Z',
  slo: { latencyP95Ms: 200, ttftP95Ms: null },
  models: [
    {
      id: 'qwen',
      provider: 'ollama:qwen',
      levels: [level(1, 0.08, 90, 120), level(4, 0.2, 140, 190), level(8, 0.31, 200, 260)],
      stoppedBy: 'slo',
      capacity: { concurrency: 4, requestsPerSecond: 0.2 },
      // 10,000 a day at peak factor 3 on 0.2 requests/s servers at $0.80/h (test/compare/size-capacity.test.ts).
      sizing: {
        peakRequestsPerSecond: (10_000 / 86_400) * 3,
        servers: 2,
        monthlyCost: 1168,
        costPer1k: 3.84,
      },
    },
    {
      id: 'phi',
      provider: 'ollama:phi',
      levels: [level(1, 0.05, 300, 400)],
      stoppedBy: 'slo',
      capacity: null,
      sizing: null,
    },
  ],
};

const model = (summary: ReturnType<typeof compareRun>, id: string) => summary.models.find((m) => m.id === id);

describe('compare with load.json', () => {
  it('without load.json: run throughput costs, latency from the run at its concurrency', () => {
    const s = compareRun({ meta, results, scores });
    const qwen = model(s, 'qwen');
    // $0.80 / (2 × 3,600,000 / 1,000 ms calls an hour) × 1,000 = $0.111 per 1k.
    expect(qwen?.costPer1k).toBeCloseTo((0.8 / 7200) * 1000, 12);
    expect(qwen?.costMethod).toBe('per-hour-at-run-throughput');
    expect(qwen?.latencySource).toEqual({ kind: 'run', concurrency: 2 });
    expect(qwen?.loadLatencyMs).toBeUndefined();
    expect(qwen?.capacity).toBeUndefined();
    expect(model(s, 'gpt')?.costMethod).toBe('prices');
    // A remote model's latency is the API's: no latency source to state.
    expect(model(s, 'gpt')?.latencySource).toBeUndefined();
  });

  it("a model load.json sizes costs what its sizing says, with the capacity level's latency", () => {
    const s = compareRun({ meta, results, scores, load });
    const qwen = model(s, 'qwen');
    expect(qwen?.costPer1k).toBe(3.84);
    expect(qwen?.monthlyCost).toBe(1168);
    expect(qwen?.costMethod).toBe('load-sizing');
    expect(qwen?.latencySource).toEqual({ kind: 'load', concurrency: 4 });
    expect(qwen?.loadLatencyMs).toEqual({ p50: 140, p95: 190 });
    expect(qwen?.loadTtftMs).toEqual({ p50: 35, p95: 47.5 });
    // The run's own measurement stays as it was.
    expect(qwen?.latencyMs).toEqual({ p50: 1000, p95: 1000 });
    expect(qwen?.capacity).toEqual({
      concurrency: 4,
      requestsPerSecond: 0.2,
      target: { latencyP95Ms: 200, ttftP95Ms: null },
      sizing: { ...load.models[0]?.sizing, requestsPerDay: 10_000, perHour: 0.8 },
    });
    // The "all" deployment of the candidate is priced the same way.
    expect(s.deployments?.find((d) => d.candidate === 'qwen' && d.kind === 'all')?.costPer1k).toBe(3.84);
  });

  it('a model with no level meeting the target keeps its run cost and says it has no capacity', () => {
    const phi = model(compareRun({ meta, results, scores, load }), 'phi');
    expect(phi?.costMethod).toBe('per-hour-at-run-throughput');
    expect(phi?.latencySource).toEqual({ kind: 'run', concurrency: 1 });
    expect(phi?.capacity).toBeNull();
  });
});
