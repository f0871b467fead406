import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, kruskalWallis } from '../../src/compare/endpoint-kruskal-wallis.js';
import {
  endpointLatencies,
  endpointLatencyDiffers,
  endpointLatencyWarning,
  latenciesDiffer,
} from '../../src/compare/endpoint-latency.js';
import { summarizeModel } from '../../src/compare/summarize-model.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import { resultRecord } from './records.js';

describe('kruskalWallis', () => {
  it('matches scipy.stats.kruskal, ties included', () => {
    // scipy.stats.kruskal([2.9,3.0,2.5,2.6,3.2],[3.8,2.7,4.0,2.4],[2.8,3.4,3.7,2.2,2.0])
    // (the example of scipy's docs for kruskal's three-group case)
    const three = kruskalWallis([
      [2.9, 3.0, 2.5, 2.6, 3.2],
      [3.8, 2.7, 4.0, 2.4],
      [2.8, 3.4, 3.7, 2.2, 2.0],
    ]);
    expect(three?.h).toBeCloseTo(0.7714285714285722, 12);
    expect(three?.df).toBe(2);
    expect(three?.p).toBeCloseTo(0.6799647735788936, 12);
    // kruskal([1,2,3,4,5],[6,7,8,9,10])
    const apart = kruskalWallis([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    expect(apart?.h).toBeCloseTo(6.818181818181813, 12);
    expect(apart?.p).toBeCloseTo(0.009023438818080334, 14);
    // kruskal([1,1,2,2,3],[2,3,3,4,4,5]): ties, so the tie correction applies
    const tied = kruskalWallis([
      [1, 1, 2, 2, 3],
      [2, 3, 3, 4, 4, 5],
    ]);
    expect(tied?.h).toBeCloseTo(5.028571428571433, 12);
    expect(tied?.p).toBeCloseTo(0.02493245560286304, 14);
    // kruskal([1,2,3],[1,2,3]): H 0, p 1
    expect(
      kruskalWallis([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toMatchObject({ h: 0, p: 1 });
    // Every value the same (scipy refuses), or one group: nothing to test.
    expect(
      kruskalWallis([
        [5, 5],
        [5, 5, 5],
      ]),
    ).toBeNull();
    expect(kruskalWallis([[1, 2, 3], []])).toBeNull();
  });

  it('takes p from the chi-square survival function as scipy.stats.chi2.sf gives it', () => {
    expect(chiSquareSurvival(0.5, 1)).toBeCloseTo(0.47950012218695337, 14);
    expect(chiSquareSurvival(3.0, 7)).toBeCloseTo(0.8850022316431506, 14);
    expect(chiSquareSurvival(12.3, 4)).toBeCloseTo(0.015254394655769615, 14);
    // Far tails, relative to their size.
    expect(chiSquareSurvival(30, 1) / 4.3204630578274955e-8).toBeCloseTo(1, 10);
    expect(chiSquareSurvival(80, 2) / 4.248354255291595e-18).toBeCloseTo(1, 10);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('latenciesDiffer', () => {
  it('is true when the test rejects at 1% and the slower median is 1.25 times the faster or more', () => {
    // kruskal p = 0.00078, medians 101.5 and 161 (ratio 1.59)
    expect(
      latenciesDiffer([
        [100, 104, 98, 110, 102, 99, 101, 107],
        [160, 150, 170, 155, 165, 158, 162, 168],
      ]),
    ).toBe(true);
  });

  it('is false for a difference too small to matter, however significant', () => {
    // kruskal p = 0.00076, but the medians differ by 8% only
    const a = Array.from({ length: 40 }, (_, i) => 100 + i);
    expect(latenciesDiffer([a, a.map((x) => x + 10)])).toBe(false);
  });

  it('is false for a large ratio that a few calls make by chance', () => {
    // kruskal p = 0.60 with a median ratio of 1.67
    expect(
      latenciesDiffer([
        [100, 300, 50, 400, 120],
        [200, 90, 500, 150, 250],
      ]),
    ).toBe(false);
  });

  it('leaves out servers with fewer than 5 timed calls, and cannot tell with fewer than two left', () => {
    const fast = [100, 104, 98, 110, 102, 99, 101, 107];
    expect(latenciesDiffer([fast, [400, 410, 420, 430]])).toBeNull();
    expect(latenciesDiffer([fast, [400, 410, 420, 430], [160, 150, 170, 155, 165]])).toBe(true);
    expect(
      latenciesDiffer([
        [5, 5, 5, 5, 5],
        [5, 5, 5, 5, 5],
      ]),
    ).toBe(false);
  });
});

describe('per-endpoint latency from records', () => {
  const calls = (endpoint: string | null | undefined, ms: number[], over: Partial<ResultRecord> = {}) =>
    ms.map((latencyMs, i) =>
      resultRecord({
        model: 'm',
        rowId: `${endpoint}-${i}-${over.cached ? 'c' : ''}`,
        latencyMs,
        ttftMs: latencyMs / 10,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...over,
      }),
    );

  it('gives each server its calls and figures, only when the records name two or more', () => {
    const records = [
      ...calls('http://b:11434', [160, 150, 170, 155, 165]),
      ...calls('http://a:11434', [100, 104, 98, 110, 102]),
      ...calls('http://a:11434', [0], { error: { type: 'connection', message: 'x', retryable: true } }),
      ...calls(null, [0], { error: { type: 'unreachable', message: 'x', retryable: true } }),
    ];
    // Percentiles as numpy.percentile gives them (linear).
    expect(endpointLatencies(records)).toEqual([
      {
        endpoint: 'http://a:11434',
        calls: 6,
        latencyMs: { p50: 102, p95: 108.8 },
        ttftMs: { p50: 10.2, p95: 10.88 },
      },
      {
        endpoint: 'http://b:11434',
        calls: 5,
        latencyMs: { p50: 160, p95: 169 },
        ttftMs: { p50: 16, p95: 16.9 },
      },
    ]);
    expect(endpointLatencies(calls('http://a:11434', [100, 200]))).toEqual([]);
    expect(endpointLatencies(calls(undefined, [100, 200]))).toEqual([]);
  });

  it('tests the calls this run timed: cached and errored ones are left out', () => {
    const fast = calls('http://a', [100, 104, 98, 110, 102, 99, 101, 107]);
    const slow = calls('http://b', [160, 150, 170, 155, 165, 158, 162, 168]);
    expect(endpointLatencyDiffers([...fast, ...slow])).toBe(true);
    // The slow server's calls all came from the cache: nothing of this run to compare.
    expect(endpointLatencyDiffers([...fast, ...slow.map((r) => ({ ...r, cached: true }))])).toBeNull();
  });

  it('puts the figures and the decision in the model summary, and the warning names both servers', () => {
    const results = [
      ...calls('http://gpu-a:11434', [100, 104, 98, 110, 102, 99, 101, 107]),
      ...calls('http://gpu-b:11434', [160, 150, 170, 155, 165, 158, 162, 168]),
    ];
    const summary = summarizeModel({
      label: 'm',
      role: 'candidate',
      provider: 'ollama:m',
      meta: undefined,
      cost: { provider: 'ollama:m', local: true, concurrency: 2 },
      scores: [],
      results,
      confidence: 0.95,
      resamples: 100,
      seed: 1,
      requestsPerDay: 1000,
    });
    expect(summary.endpoints?.map((e) => [e.endpoint, e.calls, e.latencyMs.p50])).toEqual([
      ['http://gpu-a:11434', 8, 101.5],
      ['http://gpu-b:11434', 8, 161],
    ]);
    expect(summary.endpointLatencyDiffers).toBe(true);
    expect(endpointLatencyWarning(summary)).toBe(
      'm: its servers answered at clearly different speeds (median latency 161 ms at http://gpu-b:11434, 102 ms at http://gpu-a:11434), so its latency figures mix different hardware or load; see endpoints in summary.json, and compare the servers before sizing by them',
    );
    const alone = summarizeModel({ ...summaryInput(results.slice(0, 8)) });
    expect(alone).not.toHaveProperty('endpoints');
    expect(alone).not.toHaveProperty('endpointLatencyDiffers');
  });
});

function summaryInput(results: ResultRecord[]) {
  return {
    label: 'm',
    role: 'candidate' as const,
    provider: 'ollama:m',
    meta: undefined,
    cost: { provider: 'ollama:m', local: true, concurrency: 1 },
    scores: [],
    results,
    confidence: 0.95,
    resamples: 100,
    seed: 1,
    requestsPerDay: 1000,
  };
}
