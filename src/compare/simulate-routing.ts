import type { z } from 'zod';
import type { ResultRecord } from '../schema/result-record.js';
import type { ModelSummary, routingSchema } from '../schema/summary.js';
import { percentile } from '../util/percentile.js';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { clusterKey, type PairedClusters } from './paired-clusters.js';
import { percentileInterval } from './percentile-interval.js';
import { MISSING_SLICE_VALUE, type SliceVerdict } from './slice-verdicts.js';

export type Routing = z.infer<typeof routingSchema>;
type Blend = Routing['hybrid'];

export interface RoutingInput {
  column: string;
  pairs: PairedClusters;
  /** This candidate's verdicts for this column's values. */
  verdicts: readonly SliceVerdict[];
  candidate: ModelSummary;
  baseline: ModelSummary;
  candidateResults: readonly ResultRecord[];
  baselineResults: readonly ResultRecord[];
  /** Slice values of every case (prompt × row), including cases not paired. */
  sliceOf: ReadonlyMap<string, Record<string, string>>;
  confidence: number;
  resamples: number;
  seed: number;
}

/**
 * The hybrid a team could deploy: traffic in slice values where the candidate's verdict is `switch`
 * goes to the candidate, the rest to the baseline. Measured on the paired cases, taken as a sample of
 * traffic: share = cases routed to the candidate ÷ cases; quality = mean over cases of the routed
 * model's score, with a cluster bootstrap interval (the three blends share the draws); cost per 1k
 * = share-weighted costs per 1k (assumes a request costs alike in every slice); p95 latency over the
 * calls each model would serve (every answered call of the case's routed model).
 */
export function simulateRouting(input: RoutingInput): Routing {
  const { pairs, column } = input;
  const toCandidate = input.verdicts
    .filter((v) => v.slice === column && v.verdict === 'switch')
    .map((v) => v.value);
  const routed = new Set(toCandidate);
  const n = pairs.keys.length;
  const q = new Float64Array(n);
  let routedCases = 0;
  for (let i = 0; i < n; i++) {
    const toC = routed.has(pairs.slices[i]?.[column] ?? MISSING_SLICE_VALUE);
    if (toC) routedCases++;
    q[i] = toC ? (pairs.c[i] as number) : (pairs.b[i] as number);
  }
  const share = n === 0 ? 0 : routedCases / n;
  const [repQ, repB, repC] = clusterBootstrap([q, pairs.b, pairs.c], null, input);
  const quality = (values: Float64Array, replicates: Float64Array | undefined) =>
    n === 0
      ? { quality: null, qualityCi: null }
      : {
          quality: values.reduce((a, b) => a + b, 0) / n,
          qualityCi: replicates ? percentileInterval(replicates, input.confidence) : null,
        };

  const isRouted = (r: ResultRecord) =>
    routed.has(input.sliceOf.get(clusterKey(r))?.[column] ?? MISSING_SLICE_VALUE);
  const latencies = [
    ...answeredLatencies(input.candidateResults.filter(isRouted)),
    ...answeredLatencies(input.baselineResults.filter((r) => !isRouted(r))),
  ];

  const hybrid: Blend = {
    share,
    ...quality(q, repQ),
    costPer1k: blendCost(share, input.candidate.costPer1k, input.baseline.costPer1k),
    latencyP95Ms: percentile(latencies, 0.95),
  };
  const allBaseline: Blend = {
    share: 0,
    ...quality(pairs.b, repB),
    costPer1k: input.baseline.costPer1k,
    latencyP95Ms: input.baseline.latencyMs.p95,
  };
  const allCandidate: Blend = {
    share: 1,
    ...quality(pairs.c, repC),
    costPer1k: input.candidate.costPer1k,
    latencyP95Ms: input.candidate.latencyMs.p95,
  };
  return { candidate: input.candidate.id, slice: column, toCandidate, hybrid, allBaseline, allCandidate };
}

function blendCost(share: number, candidate: number | null, baseline: number | null): number | null {
  if (share === 0) return baseline;
  if (share === 1) return candidate;
  return candidate === null || baseline === null ? null : share * candidate + (1 - share) * baseline;
}

function answeredLatencies(results: readonly ResultRecord[]): number[] {
  return results
    .filter((r) => r.error === null && r.skipped === null && r.latencyMs !== null)
    .map((r) => r.latencyMs as number);
}
