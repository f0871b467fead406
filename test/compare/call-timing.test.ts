import { describe, expect, it } from 'vitest';
import { callTiming } from '../../src/compare/call-timing.js';
import { resultRecord } from './records.js';

describe('callTiming', () => {
  it('takes numpy-linear percentiles of answered calls, cached ones included', () => {
    const latencies = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
    const results = [
      ...latencies.map((ms, i) =>
        resultRecord({ model: 'm', rowId: `r${i}`, latencyMs: ms, ttftMs: ms / 10, cached: i % 2 === 0 }),
      ),
      // An error's latency (a timeout) and a skipped call say nothing about serving speed.
      resultRecord({
        model: 'm',
        rowId: 'err',
        latencyMs: 60_000,
        error: { type: 'timeout', message: 'timed out', retryable: true },
      }),
      resultRecord({ model: 'm', rowId: 'skip', latencyMs: null, skipped: 'context_overflow' }),
    ];
    const t = callTiming(results);
    // numpy.percentile([100, ..., 1000], [50, 95]) = [550, 955].
    expect(t.latencyMs.p50).toBeCloseTo(550, 10);
    expect(t.latencyMs.p95).toBeCloseTo(955, 10);
    expect(t.ttftMs.p50).toBeCloseTo(55, 10);
    expect(t.ttftMs.p95).toBeCloseTo(95.5, 10);
    expect(t.meanLatencyMs).toBe(550);
    expect(t.tokensPerSecond).toBe(50);
  });

  it('reports null for figures no call gave', () => {
    const t = callTiming([
      resultRecord({ model: 'm', rowId: 'a', latencyMs: null, ttftMs: null, tokensPerSecond: null }),
    ]);
    expect(t).toEqual({
      latencyMs: { p50: null, p95: null },
      ttftMs: { p50: null, p95: null },
      tokensPerSecond: null,
      meanLatencyMs: null,
    });
  });
});
