import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { nonInferiority } from '../../src/compare/non-inferiority.js';
import type { RunEscalationPolicy } from '../../src/schema/run-meta.js';
import { runEscalationPolicy, runMetaSchema } from '../../src/schema/run-meta.js';
import { type Deployment, summarySchema } from '../../src/schema/summary.js';
import { UserError } from '../../src/util/user-error.js';
import { type CascadeRow, cascadeRun } from './escalation-run.js';

const RESAMPLES = 2000;
const margin = { type: 'relative', value: 0.05 } as const;

/**
 * 100 rows of four kinds, one call each:
 *   A (40): both pass,               checks pass, confidence 0.9
 *   B (30): only the baseline passes, checks fail, confidence 0.3
 *   C (20): only the baseline passes, checks pass, confidence 0.4
 *   D (10): only the candidate passes, checks fail, confidence 0.6
 * Candidate mean 0.5, baseline 0.9: alone, the candidate is far outside a 5% margin.
 */
const KINDS = [
  { n: 40, c: 1, b: 1, checksFailed: false, confidence: 0.9 },
  { n: 30, c: 0, b: 1, checksFailed: true, confidence: 0.3 },
  { n: 20, c: 0, b: 1, checksFailed: false, confidence: 0.4 },
  { n: 10, c: 1, b: 0, checksFailed: true, confidence: 0.6 },
];
const rows: CascadeRow[] = KINDS.flatMap((k, kind) =>
  Array.from({ length: k.n }, (_, j) => ({
    id: `r${kind}${String(j).padStart(2, '0')}`,
    c: [k.c],
    b: k.b,
    checksFailed: [k.checksFailed],
    confidence: [k.confidence],
  })),
);
const policies: RunEscalationPolicy[] = [
  { id: 'checks', checks: true },
  { id: 'both', when: 'all', checks: true, confidence: { from: 'logprobs', below: 0.5 } },
  { id: 'either', checks: true, confidence: { from: 'logprobs', below: 0.5 } },
  { id: 'unsure', checks: false, confidence: { from: 'logprobs' } },
];
const run = cascadeRun(rows, policies);
const summary = compareRun({ ...run, overrides: { resamples: RESAMPLES } });
const deployment = (policy: string | null, kind: Deployment['kind'] = 'cascade') =>
  summary.deployments?.find((d) => d.kind === kind && d.policy === policy) as Deployment;

/** Per-case served scores, written out by kind, against the baseline's. */
function byKind(q: [number, number, number, number]) {
  const served = Float64Array.from(KINDS.flatMap((k, i) => Array(k.n).fill(q[i])));
  const b = Float64Array.from(KINDS.flatMap((k) => Array(k.n).fill(k.b)));
  return nonInferiority(served, b, { margin, confidence: 0.95 });
}

describe('cascade deployments on hand-built records', () => {
  it('lists the candidate alone and each policy, in a summary that satisfies its schema', () => {
    expect(summarySchema.parse(summary)).toEqual(summary);
    expect(summary.deployments?.map((d) => [d.kind, d.policy])).toEqual([
      ['all', null],
      ['cascade', 'checks'],
      ['cascade', 'both'],
      ['cascade', 'either'],
      ['cascade', 'unsure'],
    ]);
    const all = deployment(null, 'all');
    const cand = summary.candidates[0];
    expect(all).toMatchObject({ share: 1, escalationShare: 0, verdict: 'keep', ci: cand?.ci, quality: 0.5 });
    expect(all.costPer1k).toBeCloseTo(0.12, 12);
    expect(all.latencyP95Ms).toBe(100);
  });

  it('`checks` (any): escalates B and D; both models paid for the escalated 40%', () => {
    const d = deployment('checks');
    // Escalated: B (30) and D (10). Served: A 1, B → baseline 1, C 0, D → baseline 0: 70/100.
    expect(d.escalationShare).toBeCloseTo(0.4, 12);
    expect(d.share).toBeCloseTo(0.6, 12);
    expect(d.quality).toBeCloseTo(0.7, 12);
    // $0.12 for every request + 40% × $1.20 for the baseline as well: $0.60; × 10,000/day over a
    // month of 730 hours (730 / 24 days) / 1,000.
    expect(d.costPer1k).toBeCloseTo(0.6, 12);
    expect(d.monthlyCost).toBeCloseTo((0.6 * 10_000 * (730 / 24)) / 1000, 9);
    // mean(d) = 0.70 − 0.95 × 0.90 = −0.155: confidently outside the margin.
    expect(d.verdict).toBe('keep');
    expect(d.ci).toEqual(byKind([1, 1, 0, 0]).ci);
    expect(d.thresholdChosen).toBeUndefined();
    // Escalated calls take 100 + 1,000 ms: 40 of 100, so the p95 is 1,100.
    expect(d.latencyP95Ms).toBe(1100);
  });

  it('`both` (when: all): only outputs whose checks fail AND whose confidence is below 0.5 escalate', () => {
    const d = deployment('both');
    // B only (D's checks fail but its confidence 0.6 is not below 0.5; C's checks pass).
    expect(d.escalationShare).toBeCloseTo(0.3, 12);
    expect(d.quality).toBeCloseTo(0.8, 12);
    expect(d.costPer1k).toBeCloseTo(0.12 + 0.3 * 1.2, 12);
    // mean(d) = 0.80 − 0.855 = −0.055, SD 0.53 over 100 cases: the interval straddles 0.
    expect(d.verdict).toBe('inconclusive');
    expect(d.ci).toEqual(byKind([1, 1, 0, 1]).ci);
    expect(d.samplesNeeded).toBeNull();
    expect(d).toMatchObject({ threshold: 0.5, thresholdChosen: 'fixed' });
  });

  it('`either` (when: any): checks fail OR confidence below 0.5; switch at the floor computed by hand', () => {
    const d = deployment('either');
    // B, C (0.4 < 0.5) and D: 60%. Served: A 1, B 1, C 1, D 0: 0.9, the baseline's own quality.
    expect(d.escalationShare).toBeCloseTo(0.6, 12);
    expect(d.quality).toBeCloseTo(0.9, 12);
    expect(d.costPer1k).toBeCloseTo(0.84, 12);
    expect(d.verdict).toBe('switch');
    // d is 0.05 on 90 cases and 0 on 10: mean 0.045. The score interval is narrow ([0.0413, 0.0472]:
    // Wilson's for 90 of 100, times 0.05), so the unseen-case floor sets both ends: p = 1 − 0.025^(1/100),
    // ci = [(1 − p)·0.045 + p·(−0.95), (1 − p)·0.045 + p·1].
    const p = 1 - 0.025 ** (1 / 100);
    expect(d.ci?.[0]).toBeCloseTo((1 - p) * 0.045 - 0.95 * p, 12);
    expect(d.ci?.[1]).toBeCloseTo((1 - p) * 0.045 + p, 12);
    expect(d.ci).toEqual(byKind([1, 1, 1, 0]).ci);
    const [lo, hi] = d.qualityCi as [number, number];
    expect(lo).toBeLessThan(0.9);
    expect(hi).toBeGreaterThan(0.9);
    const [slo, shi] = d.shareCi as [number, number];
    expect(slo).toBeLessThan(0.4);
    expect(shi).toBeGreaterThan(0.4);
  });

  it('`unsure` (no `below`): threshold cross-fitted, curve swept, the cheaper switch recommended', () => {
    const d = deployment('unsure');
    // On all rows, and on either half of them, the cheapest threshold within the margin is 0.6
    // (below 0.4 serves 0.8 against a limit of 0.855; below 0.6 adds C and serves 1.0). Every case
    // is then served at 0.6: B and C escalate (50%), A and D keep the candidate's answer, all pass.
    expect(d).toMatchObject({ threshold: 0.6, thresholdChosen: 'cross-fit', verdict: 'switch' });
    expect(d.escalationShare).toBeCloseTo(0.5, 12);
    expect(d.quality).toBeCloseTo(1, 12);
    expect(d.costPer1k).toBeCloseTo(0.72, 12);
    expect(d.ci).toEqual(byKind([1, 1, 1, 1]).ci);
    const curve = summary.cascadeCurves?.find((c) => c.policy === 'unsure');
    expect(curve?.points.map((p) => [p.threshold, p.escalationShare, p.quality])).toEqual([
      [0.3, 0, 0.5],
      [0.4, 0.3, 0.8],
      [0.6, 0.5, 1],
      [0.9, 0.6, 0.9],
      [1, 1, 0.9],
    ]);
    expect(curve?.points[2]?.costPer1k).toBeCloseTo(0.72, 12);
    // The two switches: `either` at $0.84, `unsure` at $0.72.
    expect(summary.recommendation).toEqual({ candidate: 'slm', kind: 'cascade', policy: 'unsure' });
  });

  it('gates on a named deployment, and refuses one the candidate does not have (exit 2)', () => {
    const gate = (requireSwitch: NonNullable<Parameters<typeof compareRun>[0]['overrides']>['gate']) =>
      compareRun({ ...run, overrides: { resamples: 200, gate: requireSwitch } }).gate;
    expect(gate({ requireSwitch: { candidate: 'slm', deployment: 'either' } })).toMatchObject({
      passed: true,
    });
    expect(gate({ requireSwitch: { candidate: 'slm', deployment: 'cascade' } }).passed).toBe(true);
    expect(gate({ requireSwitch: { candidate: 'slm', deployment: 'checks' } }).passed).toBe(false);
    const all = gate({ requireSwitch: [{ candidate: 'slm', deployment: 'all' }] });
    expect(all.rules).toEqual([
      {
        rule: 'requireSwitch: slm:all',
        passed: false,
        detail: expect.stringMatching(/^all: keep, mean\(d\) interval/),
      },
    ]);
    expect(gate({ requireSwitch: 'slm:unsure' }).passed).toBe(true);
    let caught: unknown;
    try {
      gate({ requireSwitch: { candidate: 'slm', deployment: 'slices' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).exitCode).toBe(2);
    expect((caught as UserError).message).toBe(
      '--require-switch names "slm:slices", but slm has no deployment "slices"',
    );
    expect((caught as UserError).hint).toContain(
      "slm's deployments: all, cascade, checks, both, either, unsure",
    );
    // The suite's own gate naming a deployment that does not exist: exit 2 too, naming the field.
    const settings = run.meta.settings as NonNullable<typeof run.meta.settings>;
    expect(() =>
      compareRun({
        ...run,
        meta: {
          ...run.meta,
          settings: { ...settings, gate: { requireSwitch: { candidate: 'slm', deployment: 'unsur' } } },
        },
        overrides: { resamples: 200 },
      }),
    ).toThrow(/gate\.requireSwitch names "slm:unsur"/);
  });

  it('keeps run.json valid with the policies, and without checks kept in it', () => {
    expect(runMetaSchema.parse(run.meta).settings?.escalation?.slm).toEqual(policies);
    // As the run stage writes them from the suite: a check may name a judge with credentials.
    expect(
      runEscalationPolicy({
        id: 'unsure',
        when: 'all',
        checks: [{ type: 'is-json', provider: { provider: 'openai:gpt-4o', apiKey: 'sk-secret' } }],
        confidence: { from: 'logprobs', summary: 'min' },
      }),
    ).toEqual({ id: 'unsure', when: 'all', checks: true, confidence: { from: 'logprobs', summary: 'min' } });
    expect(runEscalationPolicy({ id: 'c', confidence: { from: 'repeats', below: 0.6 } })).toEqual({
      id: 'c',
      checks: false,
      confidence: { from: 'repeats', below: 0.6 },
    });
  });
});

describe('a cascade over repeats: each output escalates on its own signals, a case is one cluster', () => {
  // r4 has two candidate repeats: the first escalates (checks failed), the second (score 0.5) does not.
  const small: CascadeRow[] = [
    {
      id: 'r1',
      c: [1],
      b: 1,
      checksFailed: [false],
      confidence: [null],
      latencyMs: [100],
      baselineLatencyMs: 1000,
    },
    {
      id: 'r2',
      c: [0],
      b: 1,
      checksFailed: [true],
      confidence: [null],
      latencyMs: [200],
      baselineLatencyMs: 2000,
    },
    {
      id: 'r3',
      c: [1],
      b: 0,
      checksFailed: [false],
      confidence: [null],
      latencyMs: [300],
      baselineLatencyMs: 3000,
    },
    {
      id: 'r4',
      c: [0, 0.5],
      b: 1,
      checksFailed: [true, false],
      confidence: [null, null],
      latencyMs: [400, 500],
      baselineLatencyMs: 4000,
    },
  ];
  const s = compareRun({
    ...cascadeRun(small, [{ id: 'checks', checks: true }]),
    overrides: { resamples: 500 },
  });
  const d = s.deployments?.find((x) => x.kind === 'cascade') as Deployment;

  it('share, quality and cost per case', () => {
    // e per case: 0, 1, 0, 1/2 → 0.375. q per case: 1, 1 (baseline), 1, (1 + 0.5)/2 = 0.75 → 0.9375.
    expect(d.escalationShare).toBeCloseTo(0.375, 12);
    expect(d.quality).toBeCloseTo(0.9375, 12);
    expect(d.costPer1k).toBeCloseTo(0.12 + 0.375 * 1.2, 12);
  });

  it('p95 latency over the served requests, an escalated one paying both calls', () => {
    // Served: 100, 200 + 2000, 300, 400 + 4000 (r4's baseline call, its only one), 500.
    // Sorted 100, 300, 500, 2200, 4400; type-7 p95: h = 4 × 0.95 = 3.8 → 2200 + 0.8 × 2200 = 3960.
    expect(d.latencyP95Ms).toBeCloseTo(3960, 9);
  });
});
