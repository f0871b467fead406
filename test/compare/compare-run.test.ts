import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { seededRng } from '../../src/compare/seeded-rng.js';
import { summarySchema } from '../../src/schema/summary.js';
import { UserError } from '../../src/util/user-error.js';
import { demoRun } from './demo-run.js';
import { cascadeRun } from './escalation-run.js';

// 2,000 resamples keep this file fast; the default (10,000) is exercised once, for the contract.
const RESAMPLES = { resamples: 2000 };

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('compareRun', () => {
  const run = demoRun();
  const summary = compareRun({ ...run, overrides: RESAMPLES });
  const cand = (id: string) => summary.candidates.find((c) => c.id === id);
  const model = (id: string) => summary.models.find((m) => m.id === id);

  it('writes a summary.json that satisfies its schema, unchanged by parsing', () => {
    const full = compareRun(run);
    expect(full.resamples).toBe(10_000);
    expect(summarySchema.parse(full)).toEqual(full);
    expect(JSON.parse(JSON.stringify(full))).toEqual(full);
    expect(full.models.map((m) => m.id)).toEqual(['gpt', 'twin', 'weak', 'split', 'close']);
  });

  it('reaches the verdicts the data were built for', () => {
    expect(summary.candidates.map((c) => [c.id, c.verdict])).toEqual([
      ['twin', 'switch'],
      ['weak', 'keep'],
      ['split', 'keep'],
      ['close', 'inconclusive'],
    ]);
    const close = cand('close');
    // Row 5's baseline call errored: 59 pairs.
    expect(close?.pairs).toBe(59);
    expect(close?.samplesNeeded).toBeGreaterThan(59);
    expect(cand('twin')?.samplesNeeded).toBeNull();
    // twin: one row the baseline errored on is not paired.
    expect(cand('twin')?.pairs).toBe(399);
    // Discordance of twin: 5% each way by construction, minus the errored row (i = 5 is not a flip).
    expect(cand('twin')?.discordant).toEqual({ candidateOnly: 20, baselineOnly: 20 });
    expect(cand('twin')?.mcnemarP).toBeCloseTo(1, 12);
    expect(cand('weak')?.mcnemarP).toBeLessThan(1e-10);
  });

  it('judges slices and routes the slices a candidate can take', () => {
    const split = cand('split');
    expect(split?.slices.map((s) => [s.value, s.verdict])).toEqual([
      ['billing', 'switch'],
      ['tech', 'keep'],
    ]);
    // Two topics for three candidates; `close` has billing rows only.
    expect(summary.slicesNote).toContain('7 separate tests');
    const route = summary.routing.find((r) => r.candidate === 'split' && r.slice === 'topic');
    expect(route?.toCandidate).toEqual(['billing']);
    // 197 of the 397 paired cases are billing (rows 5, 7 and 8 are not paired).
    expect(route?.hybrid.share).toBeCloseTo(197 / 397, 12);
    expect(route?.allBaseline.share).toBe(0);
    expect(route?.allCandidate.share).toBe(1);
    const hybridQ = route?.hybrid.quality as number;
    expect(hybridQ).toBeGreaterThan(route?.allCandidate.quality as number);
    expect(hybridQ).toBeCloseTo(route?.allBaseline.quality as number, 1);
    // Baseline $ per 1k blended with a free local model in proportion to traffic.
    expect(route?.hybrid.costPer1k).toBeCloseTo((1 - 197 / 397) * (model('gpt')?.costPer1k as number), 12);
    // Half the traffic at local speed pulls the p95 below the baseline's.
    expect(route?.hybrid.latencyP95Ms).toBeLessThanOrEqual(route?.allBaseline.latencyP95Ms as number);
    const weakRoute = summary.routing.find((r) => r.candidate === 'weak');
    expect(weakRoute?.toCandidate).toEqual([]);
    expect(weakRoute?.hybrid.share).toBe(0);
  });

  it('counts errors, skips, unscored, cached and leaves judge calls out', () => {
    // Rows 0-19 were cached, but row 5 errored (an error is never cached).
    expect(model('gpt')).toMatchObject({
      cases: 400,
      scored: 399,
      errors: 1,
      skipped: 0,
      unscored: 0,
      cached: 19,
    });
    expect(model('split')).toMatchObject({ cases: 400, scored: 398, errors: 0, skipped: 1, unscored: 1 });
    // The 99,999 ms judge calls are not the baseline's answers.
    expect(model('gpt')?.latencyMs.p95).toBeLessThan(1200);
    expect(model('gpt')?.passRate).toBeCloseTo(359 / 399, 12);
    const ci = model('gpt')?.passRateCi as [number, number];
    expect(ci[0]).toBeLessThan(359 / 399);
    expect(ci[1]).toBeGreaterThan(359 / 399);
  });

  it('reports metrics, cost, profile and pairwise inconsistency', () => {
    const gpt = model('gpt');
    expect(gpt?.metrics.accuracy).toBeCloseTo(359 / 399, 12);
    expect(gpt?.metrics.macroF1).toBeGreaterThan(0);
    expect(gpt?.metrics.exact).toBeCloseTo(359 / 399, 12);
    // gpt-4o at $2.50 / $10 per million: 100 in + 20 out per call = $0.00045 → $0.45 per 1k.
    expect(gpt?.costPer1k).toBeCloseTo(0.45, 12);
    // A month of 730 hours: 730 / 24 days.
    expect(gpt?.monthlyCost).toBeCloseTo((0.45 * 10_000 * (730 / 24)) / 1000, 9);
    const twin = model('twin');
    expect(twin?.profile).toEqual({
      parameters: 494e6,
      quantization: 'Q4_K_M',
      contextWindow: 32768,
      memoryBytes: 4e8,
    });
    // $0.90/h at concurrency 1 and its mean latency.
    expect(twin?.costPer1k).toBeGreaterThan(0);
    expect(model('weak')?.costPer1k).toBe(0);
    expect(cand('twin')?.pairwiseInconsistency).toBeCloseTo(0.25, 12);
    expect(cand('weak')?.pairwiseInconsistency).toBeNull();
  });

  it('evaluates the gate from run.json, with overrides on top', () => {
    expect(summary.gate.passed).toBe(true);
    expect(summary.gate.rules.map((r) => r.rule)).toEqual([
      'requireSwitch: any candidate',
      'minPassRate: twin ≥ 0.8',
    ]);
    const strict = compareRun({ ...run, overrides: { ...RESAMPLES, gate: { requireSwitch: 'weak' } } });
    expect(strict.gate.passed).toBe(false);
    expect(strict.gate.rules).toHaveLength(2);
  });

  it('recomputes under another margin and confidence', () => {
    const lenient = compareRun({
      ...run,
      overrides: { ...RESAMPLES, margin: { type: 'absolute', value: 0.6 }, confidence: 0.9 },
    });
    expect(lenient.margin).toEqual({ type: 'absolute', value: 0.6 });
    expect(lenient.confidence).toBe(0.9);
    expect(lenient.candidates.find((c) => c.id === 'weak')?.verdict).toBe('switch');
  });

  it('is byte-for-byte reproducible, whatever order the records come in', () => {
    const again = compareRun({
      meta: run.meta,
      results: shuffled(run.results, 1),
      scores: shuffled(run.scores, 2),
      overrides: RESAMPLES,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(summary));
    const otherSeed = compareRun({ ...run, overrides: { ...RESAMPLES, seed: 99 } });
    expect(otherSeed.seed).toBe(99);
    // The seed moves the bootstrap intervals (a model's mean score); the verdict's score interval
    // does not resample, so it stays as it was.
    expect(otherSeed.models[0]?.meanScoreCi).not.toEqual(summary.models[0]?.meanScoreCi);
    expect(otherSeed.candidates[0]?.ci).toEqual(summary.candidates[0]?.ci);
  });

  it('lists deployments and keeps them byte-for-byte reproducible, cascades and curves included', () => {
    expect(summary.deployments?.map((d) => `${d.candidate} ${d.kind}`)).toEqual([
      'twin all',
      'twin slices',
      'weak all',
      'weak slices',
      'split all',
      'split slices',
      'close all',
      'close slices',
    ]);
    // twin alone is the cheapest switch (split's routed slices cost more: half go to gpt-4o).
    expect(summary.recommendation).toEqual({ candidate: 'twin', kind: 'all', policy: null });
    const split = summary.deployments?.find((d) => d.candidate === 'split' && d.kind === 'slices');
    const route = summary.routing.find((r) => r.candidate === 'split');
    expect(split).toMatchObject({
      share: route?.hybrid.share,
      quality: route?.hybrid.quality,
      verdict: 'switch',
    });

    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `r${String(i).padStart(2, '0')}`,
      c: [i % 4 === 0 ? 0 : 1, i % 5 === 0 ? 0 : 1],
      b: i % 7 === 0 ? 0 : 1,
      checksFailed: [i % 4 === 0, i % 6 === 0],
      confidence: [((i * 37) % 100) / 100, ((i * 53) % 100) / 100],
    }));
    const cascades = cascadeRun(rows, [
      { id: 'checks', checks: true },
      { id: 'unsure', when: 'any', checks: true, confidence: { from: 'logprobs' } },
    ]);
    const first = compareRun({ ...cascades, overrides: RESAMPLES });
    expect(first.cascadeCurves).toHaveLength(1);
    const again = compareRun({
      meta: cascades.meta,
      results: shuffled(cascades.results, 3),
      scores: shuffled(cascades.scores, 4),
      overrides: RESAMPLES,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });

  it('works from an older run directory without models or settings in run.json', () => {
    const { models: _m, settings: _s, ...bare } = run.meta;
    const old = compareRun({ ...run, meta: bare, overrides: RESAMPLES });
    expect(summarySchema.safeParse(old).success).toBe(true);
    expect(old.models.map((m) => [m.id, m.role])).toEqual([
      ['gpt', 'baseline'],
      ['close', 'candidate'],
      ['split', 'candidate'],
      ['twin', 'candidate'],
      ['weak', 'candidate'],
    ]);
    expect(old.margin).toEqual({ type: 'relative', value: 0.05 });
    expect(old.candidates.find((c) => c.id === 'twin')?.verdict).toBe('switch');
    expect(old.routing).toEqual([]);
    // It cannot say what was planned, so it cannot say the run is whole: no gate passes on it.
    expect(old.complete).toBe(false);
    expect(old.gate.passed).toBe(false);
    expect(old.gate.rules[0]?.rule).toBe('run complete');
    // Without run.json's model list, cost still knows gpt-4o's price from its provider id.
    expect(old.models[0]?.costPer1k).toBeCloseTo(0.45, 12);
  });

  it('reports a baseline-only run without verdicts', () => {
    const only = compareRun({
      meta: {
        ...run.meta,
        models: run.meta.models?.filter((m) => m.role === 'baseline'),
        planned: { gpt: run.meta.planned?.gpt ?? 0 },
      },
      results: run.results.filter((r) => r.model === 'gpt'),
      scores: run.scores.filter((s) => s.model === 'gpt'),
      overrides: { ...RESAMPLES, gate: { requireSwitch: undefined, minPassRate: undefined } },
    });
    expect(only.candidates).toEqual([]);
    expect(only.routing).toEqual([]);
    expect(only.slicesNote).toBeNull();
    expect(only.models).toHaveLength(1);
    expect(only.complete).toBe(true);
    expect(only.gate).toEqual({ passed: true, rules: [] });
  });

  it("says a run is complete, with every model's planned and recorded calls", () => {
    expect(summary.complete).toBe(true);
    expect(summary.incomplete).toBeUndefined();
    expect(model('close')?.calls).toEqual({ planned: 60, recorded: 60 });
  });

  it('never passes a gate on a candidate that was not run, even with no gate rules', () => {
    const stopped = compareRun({
      ...run,
      results: run.results.filter((r) => r.model !== 'weak'),
      scores: run.scores.filter((s) => s.model !== 'weak'),
      meta: {
        ...run.meta,
        settings: { ...(run.meta.settings as NonNullable<typeof run.meta.settings>), gate: {} },
      },
      overrides: RESAMPLES,
    });
    expect(stopped.complete).toBe(false);
    expect(stopped.incomplete).toEqual([`weak: 0 of ${run.meta.planned?.weak} calls recorded`]);
    expect(stopped.models.find((m) => m.id === 'weak')?.calls).toEqual({
      planned: run.meta.planned?.weak,
      recorded: 0,
    });
    expect(stopped.gate.passed).toBe(false);
    expect(stopped.gate.rules).toEqual([
      { rule: 'run complete', passed: false, detail: `weak: 0 of ${run.meta.planned?.weak} calls recorded` },
    ]);
  });

  it('counts judge calls not made and records that could not be scored as missing', () => {
    const partial = compareRun({ ...run, overrides: RESAMPLES, judgeMissing: 3, scoringProblem: 'no suite' });
    expect(partial.complete).toBe(false);
    expect(partial.incomplete).toEqual(['3 judge calls not made', 'no suite']);
  });

  it('states each setting that differs from the suite, whether from run flags or compare flags', () => {
    expect(summary.overrides).toEqual({ resamples: { suite: 10_000, used: 2000 } });
    const flagged = compareRun({
      ...run,
      meta: { ...run.meta, overrides: { margin: { type: 'relative', value: 0.1 } } },
      overrides: { ...RESAMPLES, gate: { requireSwitch: 'all' } },
    });
    expect(flagged.margin).toEqual({ type: 'relative', value: 0.1 });
    expect(flagged.overrides).toEqual({
      margin: { suite: { type: 'relative', value: 0.05 }, used: { type: 'relative', value: 0.1 } },
      resamples: { suite: 10_000, used: 2000 },
      'gate.requireSwitch': { suite: 'any', used: 'all' },
    });
    expect(compareRun(run).overrides).toBeUndefined();
  });

  it('refuses a --require-switch that names no candidate (bad input, exit 2), not a failed gate', () => {
    let caught: unknown;
    try {
      compareRun({ ...run, overrides: { ...RESAMPLES, gate: { requireSwitch: ['twin', 'twinn'] } } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).exitCode).toBe(2);
    expect((caught as UserError).message).toMatch(/"twinn".*not a candidate/);
    expect((caught as UserError).hint).toMatch(/twin, weak, split, close/);
  });

  it('refuses settings that make no sense', () => {
    expect(() => compareRun({ ...run, overrides: { confidence: 1.5 } })).toThrow(/confidence/);
    expect(() => compareRun({ ...run, overrides: { resamples: 0 } })).toThrow(/resamples/);
  });
});
