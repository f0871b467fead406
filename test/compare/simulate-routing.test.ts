import { describe, expect, it } from 'vitest';
import type { PairedClusters } from '../../src/compare/paired-clusters.js';
import { simulateRouting } from '../../src/compare/simulate-routing.js';
import type { SliceVerdict } from '../../src/compare/slice-verdicts.js';
import type { ModelSummary } from '../../src/schema/summary.js';
import { resultRecord } from './records.js';

function summary(id: string, costPer1k: number | null, p95: number): ModelSummary {
  return {
    id,
    provider: id,
    role: 'candidate',
    cases: 4,
    scored: 4,
    unscored: 0,
    errors: 0,
    skipped: 0,
    cached: 0,
    passRate: null,
    passRateCi: null,
    meanScore: null,
    meanScoreCi: null,
    metrics: {},
    latencyMs: { p50: null, p95 },
    ttftMs: { p50: null, p95: null },
    tokensPerSecond: null,
    costPer1k,
    monthlyCost: null,
    profile: { parameters: null, quantization: null, contextWindow: null, memoryBytes: null },
  };
}

const verdict = (value: string, v: SliceVerdict['verdict']): SliceVerdict => ({
  slice: 'topic',
  value,
  cases: 2,
  verdict: v,
  diff: 0,
  meanD: 0,
  ci: [0, 0],
  samplesNeeded: null,
});

describe('simulateRouting', () => {
  // Four cases: a, b in `faq` (the candidate's verdict there is switch), c, d in `legal` (keep).
  const pairs: PairedClusters = {
    keys: ['p\u0000a', 'p\u0000b', 'p\u0000c', 'p\u0000d'],
    slices: [{ topic: 'faq' }, { topic: 'faq' }, { topic: 'legal' }, { topic: 'legal' }],
    c: Float64Array.from([1, 0.5, 0, 0]),
    b: Float64Array.from([1, 1, 1, 0.5]),
    discordant: { candidateOnly: 0, baselineOnly: 0 },
    caseDiscordance: new Int32Array(0),
  };
  const sliceOf = new Map(pairs.keys.map((k, i) => [k, pairs.slices[i] as Record<string, string>]));
  const cand = summary('slm', 0, 500);
  const base = summary('gpt', 10, 4000);
  const results = (model: string, ms: number[]) =>
    ['a', 'b', 'c', 'd'].map((rowId, i) => resultRecord({ model, rowId, latencyMs: ms[i] as number }));

  const routing = simulateRouting({
    column: 'topic',
    pairs,
    verdicts: [verdict('faq', 'switch'), verdict('legal', 'keep')],
    candidate: cand,
    baseline: base,
    candidateResults: results('slm', [100, 200, 300, 400]),
    baselineResults: results('gpt', [1000, 2000, 3000, 4000]),
    sliceOf,
    confidence: 0.95,
    resamples: 1000,
    seed: 1,
  });

  it('routes the `switch` slices to the candidate and blends quality, cost and latency', () => {
    expect(routing.toCandidate).toEqual(['faq']);
    expect(routing.hybrid.share).toBe(0.5);
    // Routed scores: candidate on a, b (1, 0.5), baseline on c, d (1, 0.5): mean 0.75.
    expect(routing.hybrid.quality).toBeCloseTo(0.75, 12);
    expect(routing.allBaseline.quality).toBeCloseTo(0.875, 12);
    expect(routing.allCandidate.quality).toBeCloseTo(0.375, 12);
    expect(routing.hybrid.costPer1k).toBeCloseTo(5, 12);
    // Served latencies: 100, 200 (candidate) and 3000, 4000 (baseline): numpy p95 = 3850.
    expect(routing.hybrid.latencyP95Ms).toBeCloseTo(3850, 9);
    expect(routing.allBaseline).toMatchObject({ share: 0, costPer1k: 10, latencyP95Ms: 4000 });
    expect(routing.allCandidate).toMatchObject({ share: 1, costPer1k: 0, latencyP95Ms: 500 });
    const [lo, hi] = routing.hybrid.qualityCi as [number, number];
    expect(lo).toBeLessThanOrEqual(0.75);
    expect(hi).toBeGreaterThanOrEqual(0.75);
  });

  it('has no blended cost when one side is unknown', () => {
    const unknown = simulateRouting({
      column: 'topic',
      pairs,
      verdicts: [verdict('faq', 'switch')],
      candidate: summary('slm', null, 500),
      baseline: base,
      candidateResults: [],
      baselineResults: [],
      sliceOf,
      confidence: 0.95,
      resamples: 100,
      seed: 1,
    });
    expect(unknown.hybrid.costPer1k).toBeNull();
    expect(unknown.hybrid.latencyP95Ms).toBeNull();
  });
});
