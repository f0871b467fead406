import type { Summary } from '../schema/summary.js';
import { formatCostPer1k, formatMeanScore, formatMs, formatPercent } from './format.js';

export interface RoutingView {
  candidate: string;
  slice: string;
  toCandidate: string[];
  rows: { label: string; share: string; quality: string; cost: string; latencyP95: string }[];
}

type Blend = Summary['routing'][number]['hybrid'];

/** The hybrid-routing simulation: which slices the candidate takes, and what the blend costs. */
export function routingViews(summary: Summary): RoutingView[] {
  return summary.routing.map((r) => {
    const row = (label: string, b: Blend) => ({
      label,
      share: `${formatPercent(b.share, 0)} to ${r.candidate}`,
      quality: formatMeanScore(b.quality, b.qualityCi),
      cost: formatCostPer1k(b.costPer1k),
      latencyP95: formatMs(b.latencyP95Ms),
    });
    return {
      candidate: r.candidate,
      slice: r.slice,
      toCandidate: r.toCandidate,
      rows: [
        row('Hybrid', r.hybrid),
        row('All baseline', r.allBaseline),
        row('All candidate', r.allCandidate),
      ],
    };
  });
}
