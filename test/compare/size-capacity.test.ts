import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PEAK_FACTOR,
  HOURS_PER_MONTH,
  peakRequestsPerSecond,
  sizeCapacity,
} from '../../src/compare/size-capacity.js';
// Capacity has one home, the load sweep's (run stage), which compare only reads from load.json.
import { capacityOf } from '../../src/run/load-sweep.js';
import type { LoadLevel } from '../../src/schema/load-record.js';

function level(
  concurrency: number,
  rps: number | null,
  p95: number | null,
  ttftP95: number | null,
): LoadLevel {
  return {
    concurrency,
    requests: 100,
    durationMs: 10_000,
    requestsPerSecond: rps,
    outputTokensPerSecond: null,
    ttftMs: { p50: ttftP95 === null ? null : ttftP95 / 2, p95: ttftP95, p99: null },
    latencyMs: { p50: p95 === null ? null : p95 / 2, p95, p99: null },
    errorShare: 0,
  };
}

// A sweep whose p95 latency and TTFT grow with the load.
const levels = [
  level(8, 0.31, 260, 120),
  level(1, 0.08, 120, 30),
  level(4, 0.2, 190, 70),
  level(2, 0.13, 150, 40),
];

describe('capacityOf', () => {
  it('is the highest level meeting the p95 latency target, whatever the order of the levels', () => {
    expect(capacityOf(levels, { latencyP95Ms: 200, ttftP95Ms: null })).toEqual({
      concurrency: 4,
      requestsPerSecond: 0.2,
    });
    // Exactly at the target meets it (≤).
    expect(capacityOf(levels, { latencyP95Ms: 190, ttftP95Ms: null })?.concurrency).toBe(4);
  });

  it('also needs the TTFT target when one is given, and the TTFT target alone works', () => {
    expect(capacityOf(levels, { latencyP95Ms: 200, ttftP95Ms: 50 })?.concurrency).toBe(2);
    expect(capacityOf(levels, { latencyP95Ms: null, ttftP95Ms: 100 })?.concurrency).toBe(4);
  });

  it('is null when no level meets the target, or there is no target', () => {
    expect(capacityOf(levels, { latencyP95Ms: 100, ttftP95Ms: null })).toBeNull();
    expect(capacityOf(levels, { latencyP95Ms: null, ttftP95Ms: null })).toBeNull();
    expect(capacityOf([], { latencyP95Ms: 200, ttftP95Ms: null })).toBeNull();
  });

  it('does not count a level with a server error, however fast', () => {
    const failing = [level(1, 0.08, 120, 30), { ...level(2, 0.13, 150, 40), errorShare: 0.05 }];
    expect(capacityOf(failing, { latencyP95Ms: 200, ttftP95Ms: null })?.concurrency).toBe(1);
  });

  it('does not count a level whose figure or throughput is missing', () => {
    const gaps = [level(1, 0.08, 120, 30), level(2, null, 150, 40), level(4, 0.2, null, 70)];
    expect(capacityOf(gaps, { latencyP95Ms: 200, ttftP95Ms: null })?.concurrency).toBe(1);
  });
});

describe('sizeCapacity', () => {
  it('sizes 10,000 requests a day at peak factor 3 on 0.2 requests/s servers, by hand', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(DEFAULT_PEAK_FACTOR).toBe(3);
    // Peak: 10,000 / 86,400 × 3 = 0.347222 requests/s.
    // Servers: ⌈0.347222 / 0.2⌉ = ⌈1.736⌉ = 2.
    // Month: 2 × $0.80 × 730 h = $1,168.
    // Requests a month: 10,000 × 730 / 24 = 304,166.67; per 1k: 1,168 / 304,166.67 × 1,000 = $3.84.
    const s = sizeCapacity({ concurrency: 4, requestsPerSecond: 0.2 }, { requestsPerDay: 10_000 }, 0.8);
    expect(s.peakRequestsPerSecond).toBeCloseTo(0.347222, 6);
    expect(s.servers).toBe(2);
    expect(s.monthlyCost).toBeCloseTo(1168, 9);
    expect(s.costPer1k).toBeCloseTo(3.84, 9);
  });

  it('takes the peak factor, or the peak itself, from the traffic', () => {
    // 100,000 a day × 2 / 86,400 = 2.3148 requests/s → ⌈2.3148 / 0.5⌉ = 5 servers.
    const byFactor = sizeCapacity(
      { concurrency: 8, requestsPerSecond: 0.5 },
      { requestsPerDay: 100_000, peakFactor: 2 },
      1,
    );
    expect(byFactor.peakRequestsPerSecond).toBeCloseTo(2.314815, 6);
    expect(byFactor.servers).toBe(5);
    // 5 × $1 × 730 = $3,650 over 100,000 × 730 / 24 = 3,041,666.67 requests: $1.20 per 1k.
    expect(byFactor.monthlyCost).toBeCloseTo(3650, 9);
    expect(byFactor.costPer1k).toBeCloseTo(1.2, 9);
    const byPeak = sizeCapacity(
      { concurrency: 8, requestsPerSecond: 0.5 },
      { requestsPerDay: 100_000, peakFactor: 2, peakRequestsPerSecond: 3.2 },
      1,
    );
    expect(byPeak.peakRequestsPerSecond).toBe(3.2);
    expect(byPeak.servers).toBe(7);
    expect(peakRequestsPerSecond({ requestsPerDay: 86_400 })).toBeCloseTo(3, 12);
  });

  it('needs at least one server, and no more than the peak asks for at an exact multiple', () => {
    expect(sizeCapacity({ concurrency: 1, requestsPerSecond: 5 }, { requestsPerDay: 10 }, 0.5).servers).toBe(
      1,
    );
    // 1.1 / 0.1 is 11.000000000000002 in floating point: still 11 servers, not 12.
    const exact = sizeCapacity(
      { concurrency: 1, requestsPerSecond: 0.1 },
      { requestsPerDay: 1000, peakRequestsPerSecond: 1.1 },
      null,
    );
    expect(exact.servers).toBe(11);
  });

  it('has no cost without a price per hour', () => {
    const s = sizeCapacity({ concurrency: 4, requestsPerSecond: 0.2 }, { requestsPerDay: 10_000 }, null);
    expect(s).toEqual({
      peakRequestsPerSecond: s.peakRequestsPerSecond,
      servers: 2,
      monthlyCost: null,
      costPer1k: null,
    });
  });
});
