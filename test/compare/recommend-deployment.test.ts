import { describe, expect, it } from 'vitest';
import { recommendDeployment } from '../../src/compare/recommend-deployment.js';
import type { Deployment } from '../../src/schema/summary.js';

function dep(over: Partial<Deployment> & Pick<Deployment, 'candidate' | 'kind'>): Deployment {
  return {
    policy: null,
    share: 0.5,
    escalationShare: null,
    quality: 0.9,
    qualityCi: null,
    verdict: 'switch',
    ci: [0.01, 0.05],
    costPer1k: 1,
    monthlyCost: 300,
    latencyP95Ms: 500,
    ...over,
  };
}

describe('recommendDeployment', () => {
  it('takes the cheapest switch, then the fastest; unknown costs and latencies last', () => {
    const list = [
      dep({ candidate: 'a', kind: 'all', costPer1k: null, latencyP95Ms: 10 }),
      dep({ candidate: 'a', kind: 'cascade', policy: 'p', costPer1k: 0.5, latencyP95Ms: 900 }),
      dep({ candidate: 'b', kind: 'all', costPer1k: 0.5, latencyP95Ms: 400 }),
      dep({ candidate: 'b', kind: 'cascade', policy: 'q', costPer1k: 0.1, verdict: 'inconclusive' }),
      dep({ candidate: 'c', kind: 'all', costPer1k: 0.5, latencyP95Ms: null }),
    ];
    expect(recommendDeployment(list)).toEqual({ candidate: 'b', kind: 'all', policy: null });
    expect(recommendDeployment([list[0] as Deployment])).toEqual({
      candidate: 'a',
      kind: 'all',
      policy: null,
    });
  });

  it('is null when nothing earns switch, and never recommends the baseline under another name', () => {
    expect(recommendDeployment([dep({ candidate: 'a', kind: 'all', verdict: 'keep' })])).toBeNull();
    // No slice routed to the candidate: every request goes to the baseline.
    expect(
      recommendDeployment([dep({ candidate: 'a', kind: 'slices', policy: 'topic', share: 0 })]),
    ).toBeNull();
    expect(recommendDeployment([])).toBeNull();
  });
});
