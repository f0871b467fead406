import type { Margin } from '../schema/margin.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunEscalationPolicy } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { CascadeCurve, Deployment, ModelSummary } from '../schema/summary.js';
import { percentile } from '../util/percentile.js';
import { cascadeCases, cascadeSeries } from './cascade-cases.js';
import { cascadeCurve } from './cascade-curve.js';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { crossFitThresholds, escalatesAt } from './cross-fit-threshold.js';
import { confidenceSignal, escalates, escalationRule } from './escalation-rule.js';
import { cascadeCostPer1k, monthlyCost } from './model-cost.js';
import { type NonInferiority, nonInferiority } from './non-inferiority.js';
import type { PairedClusters } from './paired-clusters.js';
import { percentileInterval } from './percentile-interval.js';
import type { Routing } from './simulate-routing.js';
import { MISSING_SLICE_VALUE } from './slice-verdicts.js';

export interface CandidateDeploymentsInput {
  candidate: ModelSummary;
  baseline: ModelSummary;
  pairs: PairedClusters;
  /** The candidate's own verdict (the `all` deployment's). */
  verdict: NonInferiority;
  /** This candidate's routing simulations, one per slice column. */
  routing: readonly Routing[];
  policies: readonly RunEscalationPolicy[];
  candidateScores: readonly ScoreRecord[];
  candidateResults: readonly ResultRecord[];
  baselineResults: readonly ResultRecord[];
  margin: Margin;
  confidence: number;
  resamples: number;
  seed: number;
  requestsPerDay: number;
}

/**
 * Every way to deploy one candidate (docs/verdict.md, "Deployments and cascades"): `all` (it takes
 * every request), `slices` per routing column, and a `cascade` per escalation policy; with the curve
 * of each confidence policy whose threshold is chosen from the data. Each deployment's verdict is the
 * candidate's own statistic and margin applied to the deployment's per-case served score against the
 * baseline's, on the same paired cases (the score interval: no resampling).
 */
export function candidateDeployments(input: CandidateDeploymentsInput): {
  deployments: Deployment[];
  curves: CascadeCurve[];
} {
  const { candidate, pairs } = input;
  const n = pairs.keys.length;
  const deployments: Deployment[] = [
    {
      candidate: candidate.id,
      kind: 'all',
      policy: null,
      ...served(pairs.c, new Float64Array(n), input, input.verdict),
      escalationShare: n === 0 ? null : 0,
      costPer1k: candidate.costPer1k,
      monthlyCost: candidate.monthlyCost,
      latencyP95Ms: candidate.latencyMs.p95,
    },
  ];
  for (const r of input.routing) deployments.push(slicesDeployment(r, input));
  const curves: CascadeCurve[] = [];
  for (const policy of input.policies) {
    const { deployment, curve } = cascadeDeployment(policy, input);
    deployments.push(deployment);
    if (curve) curves.push(curve);
  }
  return { deployments, curves };
}

/**
 * Routing by a slice column, from `simulateRouting`'s blend: share, quality, cost and latency as it
 * gives them; the verdict from the routed mixture (the candidate's score in routed slices, the
 * baseline's elsewhere). Requests not routed go to the baseline alone, so nothing escalates.
 */
function slicesDeployment(r: Routing, input: CandidateDeploymentsInput): Deployment {
  const { pairs } = input;
  const routed = new Set(r.toCandidate);
  const toBaseline = Float64Array.from(pairs.slices, (s) =>
    routed.has(s[r.slice] ?? MISSING_SLICE_VALUE) ? 0 : 1,
  );
  const q = Float64Array.from(toBaseline, (e, i) => (e ? (pairs.b[i] as number) : (pairs.c[i] as number)));
  const figures = served(q, toBaseline, input);
  return {
    candidate: input.candidate.id,
    kind: 'slices',
    policy: r.slice,
    ...figures,
    share: r.hybrid.share,
    escalationShare: null,
    quality: r.hybrid.quality,
    qualityCi: r.hybrid.qualityCi,
    costPer1k: r.hybrid.costPer1k,
    monthlyCost: monthlyCost(r.hybrid.costPer1k, input.requestsPerDay),
    latencyP95Ms: r.hybrid.latencyP95Ms,
  };
}

/**
 * A cascade: the candidate answers, the policy escalates. A confidence policy without `below` has its
 * threshold chosen by cross-fitting (`crossFitThresholds`) and swept for its curve; otherwise the
 * written threshold (or the checks alone) decide.
 */
function cascadeDeployment(
  policy: RunEscalationPolicy,
  input: CandidateDeploymentsInput,
): { deployment: Deployment; curve: CascadeCurve | null } {
  const { candidate, baseline, pairs } = input;
  const rule = escalationRule(policy);
  const cases = cascadeCases({
    pairs,
    policy: policy.id,
    candidateScores: input.candidateScores,
    candidateResults: input.candidateResults,
    baselineResults: input.baselineResults,
  });
  const below = policy.confidence?.below;
  const chosen = policy.confidence && below === undefined;
  const fit = chosen ? crossFitThresholds(cases, rule, input.margin, input.seed) : null;
  const series = fit
    ? cascadeSeries(cases, (i, r) => escalatesAt(rule, r, fit.thresholdOf[i] ?? null))
    : cascadeSeries(cases, (_, r) =>
        escalates(rule, r.checksFailed, below === undefined ? null : confidenceSignal(r.confidence, below)),
      );
  const figures = served(series.q, series.e, input);
  const cost =
    figures.escalationShare === null
      ? null
      : cascadeCostPer1k(figures.escalationShare, candidate.costPer1k, baseline.costPer1k);
  const deployment: Deployment = {
    candidate: candidate.id,
    kind: 'cascade',
    policy: policy.id,
    ...figures,
    costPer1k: cost,
    monthlyCost: monthlyCost(cost, input.requestsPerDay),
    latencyP95Ms: percentile(series.latencies, 0.95),
    ...(fit
      ? { threshold: fit.all, thresholdChosen: 'cross-fit' as const }
      : below !== undefined
        ? { threshold: below, thresholdChosen: 'fixed' as const }
        : {}),
  };
  const curve = chosen
    ? cascadeCurve({
        candidate: candidate.id,
        policy: policy.id,
        cases,
        rule,
        c: pairs.c,
        b: pairs.b,
        candidateCostPer1k: candidate.costPer1k,
        baselineCostPer1k: baseline.costPer1k,
        confidence: input.confidence,
        resamples: input.resamples,
        seed: input.seed,
      })
    : null;
  return { deployment, curve };
}

type Served = Pick<
  Deployment,
  'share' | 'shareCi' | 'escalationShare' | 'quality' | 'qualityCi' | 'verdict' | 'ci' | 'samplesNeeded'
>;

/**
 * Figures of a deployment from its per-case served score q and escalated (or not-served) share e:
 * the means, their percentile intervals from one cluster bootstrap of both, and the verdict of q
 * against the baseline (`nonInferiority`: the score interval, which does not resample).
 */
function served(
  q: Float64Array,
  e: Float64Array,
  input: CandidateDeploymentsInput,
  given?: NonInferiority,
): Served {
  const n = q.length;
  const v = given ?? nonInferiority(q, input.pairs.b, input);
  const verdict = { verdict: v.verdict, ci: v.ci, samplesNeeded: v.samplesNeeded };
  if (n === 0)
    return { share: null, shareCi: null, escalationShare: null, quality: null, qualityCi: null, ...verdict };
  const [repQ, repE] = clusterBootstrap([q, e], null, input) as [Float64Array, Float64Array];
  const escalated = mean(e);
  const eCi = percentileInterval(repE, input.confidence);
  return {
    share: 1 - escalated,
    shareCi: eCi ? [1 - eCi[1], 1 - eCi[0]] : null,
    escalationShare: escalated,
    quality: mean(q),
    qualityCi: percentileInterval(repQ, input.confidence),
    ...verdict,
  };
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}
