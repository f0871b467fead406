import type { Deployment, Summary } from '../schema/summary.js';

/**
 * The decision to state first: of the deployments whose verdict is `switch`, the cheapest (cost per
 * 1,000 requests; unknown cost last), then the fastest (p95 latency; unknown last), then the first
 * listed. Null when no deployment earns `switch`. A deployment in which the candidate answers no
 * request (share 0: no slice routed to it, or a cascade escalating everything) is the baseline
 * itself, non-inferior by construction, so it is never the move recommended.
 */
export function recommendDeployment(deployments: readonly Deployment[]): Summary['recommendation'] {
  let best: Deployment | null = null;
  for (const d of deployments) {
    if (d.verdict !== 'switch' || d.share === 0) continue;
    if (!best || before(d, best)) best = d;
  }
  return best ? { candidate: best.candidate, kind: best.kind, policy: best.policy } : null;
}

function before(a: Deployment, b: Deployment): boolean {
  const cost = ascending(a.costPer1k, b.costPer1k);
  return cost !== 0 ? cost < 0 : ascending(a.latencyP95Ms, b.latencyP95Ms) < 0;
}

/** Order of two figures, an unknown one after every known one. */
function ascending(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}
