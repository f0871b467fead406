import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/compare/evaluate-gate.js';
import { formatDifference, formatPassRate } from '../../src/report/format.js';
import type { CandidateSummary, Deployment, ModelSummary } from '../../src/schema/summary.js';

function model(id: string, role: ModelSummary['role'], over: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id,
    provider: `ollama:${id}`,
    role,
    cases: 100,
    scored: 100,
    unscored: 0,
    errors: 0,
    skipped: 0,
    cached: 0,
    passRate: 0.9,
    passRateCi: [0.83, 0.94],
    meanScore: 0.9,
    meanScoreCi: [0.84, 0.95],
    metrics: {},
    latencyMs: { p50: 200, p95: 800 },
    ttftMs: { p50: null, p95: null },
    tokensPerSecond: null,
    costPer1k: 0.5,
    monthlyCost: 150,
    profile: { parameters: null, quantization: null, contextWindow: null, memoryBytes: null },
    ...over,
  };
}

function candidate(id: string, verdict: CandidateSummary['verdict']): CandidateSummary {
  return {
    id,
    verdict,
    pairs: 100,
    diff: 0,
    ci: [-0.01, 0.05],
    meanD: 0.02,
    diffCi: null,
    ratio: 1,
    ratioCi: null,
    mcnemarP: null,
    discordant: { candidateOnly: 0, baselineOnly: 0 },
    samplesNeeded: null,
    slices: [],
    pairwiseInconsistency: null,
  };
}

const models = [
  model('gpt', 'baseline', { costPer1k: 9, latencyMs: { p50: 900, p95: 3000 } }),
  model('qwen', 'candidate'),
  model('llama', 'candidate', { passRate: 0.7, latencyMs: { p50: 300, p95: 1500 }, costPer1k: null }),
];
const candidates = [candidate('qwen', 'switch'), candidate('llama', 'inconclusive')];

describe('evaluateGate', () => {
  it('passes with no rules', () => {
    expect(evaluateGate({}, models, candidates)).toEqual({ passed: true, rules: [] });
  });

  it('requireSwitch: any, all, one id, a list', () => {
    expect(evaluateGate({ requireSwitch: 'any' }, models, candidates).passed).toBe(true);
    const all = evaluateGate({ requireSwitch: 'all' }, models, candidates);
    expect(all.passed).toBe(false);
    expect(all.rules.map((r) => [r.rule, r.passed])).toEqual([
      ['requireSwitch: qwen', true],
      ['requireSwitch: llama', false],
    ]);
    expect(evaluateGate({ requireSwitch: 'qwen' }, models, candidates).passed).toBe(true);
    // mean(d)'s interval as the report writes it: [−0.010, +0.050].
    expect(evaluateGate({ requireSwitch: 'qwen' }, models, candidates).rules[0]?.detail).toBe(
      `switch, mean(d) interval ${formatDifference(null, [-0.01, 0.05]).replace(/^— /, '')} over 100 paired cases`,
    );
    expect(evaluateGate({ requireSwitch: ['qwen', 'llama'] }, models, candidates).passed).toBe(false);
    const unknown = evaluateGate({ requireSwitch: 'mistral' }, models, candidates);
    expect(unknown.passed).toBe(false);
    expect(unknown.rules[0]?.detail).toContain('no candidate is named "mistral"');
    expect(evaluateGate({ requireSwitch: 'any' }, models.slice(0, 1), []).passed).toBe(false);
  });

  it('minPassRate for every model, or per model', () => {
    const every = evaluateGate({ minPassRate: 0.8 }, models, candidates);
    expect(every.rules.map((r) => r.passed)).toEqual([true, true, false]);
    // In the report's own words for the same figures (report/format.ts), so the two never disagree.
    const low = models[2] as ModelSummary;
    expect(every.rules[2]?.detail).toBe(`pass rate ${formatPassRate(low.passRate, low.passRateCi)}`);
    expect(evaluateGate({ minPassRate: { qwen: 0.85 } }, models, candidates).passed).toBe(true);
    expect(evaluateGate({ minPassRate: { nobody: 0.1 } }, models, candidates).passed).toBe(false);
    const none = evaluateGate({ minPassRate: 0.5 }, [model('x', 'baseline', { passRate: null })], []);
    expect(none.rules[0]).toMatchObject({ passed: false, detail: 'no output was scored pass/fail' });
  });

  it('latency and cost limits apply to candidates; an unknown figure fails', () => {
    const latency = evaluateGate({ maxLatencyP95Ms: 1000 }, models, candidates);
    expect(latency.rules.map((r) => [r.rule, r.passed])).toEqual([
      ['maxLatencyP95Ms: qwen ≤ 1000 ms', true],
      ['maxLatencyP95Ms: llama ≤ 1000 ms', false],
    ]);
    const cost = evaluateGate({ maxCostPer1k: 1 }, models, candidates);
    expect(cost.rules.map((r) => r.passed)).toEqual([true, false]);
    expect(cost.rules[1]?.detail).toContain('cost unknown');
    // A baseline-only run gates its baseline.
    expect(evaluateGate({ maxCostPer1k: 1 }, models.slice(0, 1), []).passed).toBe(false);
  });

  it('requireSwitch on a named deployment: its kind or its policy id must earn switch', () => {
    const dep = (
      kind: Deployment['kind'],
      policy: string | null,
      verdict: Deployment['verdict'],
    ): Deployment => ({
      candidate: 'llama',
      kind,
      policy,
      share: 0.7,
      escalationShare: kind === 'cascade' ? 0.3 : null,
      quality: 0.9,
      qualityCi: null,
      verdict,
      ci: [0.01, 0.05],
      costPer1k: 0.4,
      monthlyCost: 120,
      latencyP95Ms: 900,
    });
    const deployments = [
      dep('all', null, 'inconclusive'),
      dep('cascade', 'checks', 'keep'),
      dep('cascade', 'unsure', 'switch'),
    ];
    const gate = (requireSwitch: NonNullable<Parameters<typeof evaluateGate>[0]['requireSwitch']>) =>
      evaluateGate({ requireSwitch }, models, candidates, deployments);
    expect(gate({ candidate: 'llama', deployment: 'cascade' })).toEqual({
      passed: true,
      rules: [
        {
          rule: 'requireSwitch: llama:cascade',
          passed: true,
          detail:
            'cascade checks: keep, mean(d) interval [+0.010, +0.050], 30.0% escalated; cascade unsure: switch, mean(d) interval [+0.010, +0.050], 30.0% escalated',
        },
      ],
    });
    expect(gate({ candidate: 'llama', deployment: 'checks' }).passed).toBe(false);
    expect(gate([{ candidate: 'llama', deployment: 'unsure' }, 'qwen']).passed).toBe(true);
    expect(gate({ candidate: 'llama', deployment: 'all' }).passed).toBe(false);
    const missing = gate({ candidate: 'llama', deployment: 'slices' });
    expect(missing.rules[0]).toMatchObject({
      passed: false,
      detail: 'llama has no deployment "slices" (deployments: all, cascade checks, cascade unsure)',
    });
    // `any` and `all` still read each candidate's own verdict.
    expect(gate('any').rules[0]?.detail).toBe('qwen: switch, llama: inconclusive');
  });
});
