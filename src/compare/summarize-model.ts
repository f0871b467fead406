import type { LoadRecord } from '../schema/load-record.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunModelMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { ModelSummary } from '../schema/summary.js';
import { classificationMetrics } from '../score/classification-metrics.js';
import { percentile } from '../util/percentile.js';
import { callTiming } from './call-timing.js';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { endpointLatencies, endpointLatencyDiffers } from './endpoint-latency.js';
import { type CostModel, modelCost, monthlyCost } from './model-cost.js';
import { byCodeUnit, clustersOf } from './paired-clusters.js';
import { percentileInterval } from './percentile-interval.js';
import { queueing } from './queueing.js';
import { wilsonInterval } from './wilson-interval.js';

export interface SummarizeModelInput {
  label: string;
  role: 'baseline' | 'candidate';
  provider: string;
  /** The model's entry in run.json, when the run recorded one. */
  meta: RunModelMeta | undefined;
  cost: CostModel;
  /** This model's records only (no judge calls), in a stable order. */
  scores: readonly ScoreRecord[];
  results: readonly ResultRecord[];
  /** Calls run.json says the run planned for this model (null: it does not say). */
  planned?: number | null;
  confidence: number;
  resamples: number;
  seed: number;
  requestsPerDay: number;
  /** This model's load sweep from load.json, with the target it was measured against (absent: none). */
  load?: { model: LoadRecord['models'][number]; slo: LoadRecord['slo'] };
}

/**
 * One model's row of summary.json: counts, quality with intervals, metrics, speed, cost and profile.
 * The pass rate's Wilson interval counts every scored output; the mean score's interval is a cluster
 * bootstrap, so repeats of a case do not count as independent evidence there.
 */
export function summarizeModel(input: SummarizeModelInput): ModelSummary {
  const { scores, results } = input;
  const caseIds = new Set([...scores.map((s) => s.caseId), ...results.map((r) => r.caseId)]);
  const errored = new Set([
    ...results.filter((r) => r.error !== null).map((r) => r.caseId),
    ...scores.filter((s) => s.unscoredBecause === 'error').map((s) => s.caseId),
  ]);
  const skipped = new Set([
    ...results.filter((r) => r.skipped !== null).map((r) => r.caseId),
    ...scores.filter((s) => s.unscoredBecause === 'skipped').map((s) => s.caseId),
  ]);
  const scored = scores.filter((s) => s.score !== null);
  const judged = scores.filter((s) => s.pass !== null);
  const passes = judged.filter((s) => s.pass === true).length;

  const timing = callTiming(results);
  const measured = modelCost(input.cost, results, timing.meanLatencyMs);
  const sizing = input.load?.model.sizing ?? null;
  // Servers sized for the traffic at the latency target are what production would pay for.
  const sized = sizing !== null && sizing.costPer1k !== null;
  const cost = sized ? sizing.costPer1k : measured.costPer1k;
  const profile = input.meta?.profile;
  const endpoints = endpointLatencies(results);
  return {
    id: input.label,
    provider: input.provider,
    role: input.role,
    cases: caseIds.size,
    calls: { planned: input.planned ?? null, recorded: new Set(results.map((r) => r.caseId)).size },
    concurrency: input.meta?.concurrency ?? null,
    inFlight: inFlightOf(results),
    queueing: queueing(results),
    scored: scored.length,
    unscored: scores.filter((s) => s.unscoredBecause === 'unscored').length,
    errors: errored.size,
    skipped: skipped.size,
    cached: results.filter((r) => r.cached).length,
    passRate: judged.length > 0 ? passes / judged.length : null,
    passRateCi: wilsonInterval(passes, judged.length, input.confidence),
    ...meanScore(scored, input),
    metrics: metrics(scores),
    latencyMs: timing.latencyMs,
    ttftMs: timing.ttftMs,
    tokensPerSecond: timing.tokensPerSecond,
    costPer1k: cost,
    monthlyCost: sized ? sizing.monthlyCost : monthlyCost(cost, input.requestsPerDay),
    costMethod: sized ? 'load-sizing' : measured.method,
    ...loadFigures(input),
    // Only for a pool whose calls went to more than one server.
    ...(endpoints.length > 0 ? { endpoints, endpointLatencyDiffers: endpointLatencyDiffers(results) } : {}),
    profile: {
      parameters: profile?.parameters ?? null,
      quantization: profile?.quantization ?? null,
      contextWindow: profile?.contextWindow ?? null,
      // Only runtimes that can serve less than the trained window say so; the others keep v1's fields.
      ...(profile?.servingWindow !== undefined ? { servingWindow: profile.servingWindow } : {}),
      memoryBytes: profile?.memoryBytes ?? null,
    },
  };
}

/**
 * Where a local model's latency comes from (the run, or load.json's capacity level, whose figures are
 * added), and its capacity and sizing from load.json. Remote models get none of these.
 */
function loadFigures(
  input: SummarizeModelInput,
): Pick<ModelSummary, 'latencySource' | 'loadLatencyMs' | 'loadTtftMs' | 'capacity'> {
  const load = input.load;
  const capacity = load?.model.capacity ?? null;
  const level = capacity ? load?.model.levels.find((l) => l.concurrency === capacity.concurrency) : undefined;
  const out: Pick<ModelSummary, 'latencySource' | 'loadLatencyMs' | 'loadTtftMs' | 'capacity'> = {};
  if (input.cost.local) {
    if (capacity && level) {
      out.latencySource = { kind: 'load', concurrency: capacity.concurrency };
      out.loadLatencyMs = { p50: level.latencyMs.p50, p95: level.latencyMs.p95 };
      out.loadTtftMs = { p50: level.ttftMs.p50, p95: level.ttftMs.p95 };
    } else out.latencySource = { kind: 'run', concurrency: input.meta?.concurrency ?? null };
  }
  if (load) {
    const sizing = load.model.sizing;
    out.capacity = capacity && {
      concurrency: capacity.concurrency,
      requestsPerSecond: capacity.requestsPerSecond,
      target: { latencyP95Ms: load.slo.latencyP95Ms, ttftP95Ms: load.slo.ttftP95Ms },
      sizing: sizing && {
        ...sizing,
        requestsPerDay: input.requestsPerDay,
        perHour: input.cost.cost?.perHour ?? null,
      },
    };
  }
  return out;
}

/** Calls in flight when this model's calls were sent (records written before it was recorded have none). */
function inFlightOf(results: readonly ResultRecord[]): { p50: number | null; max: number | null } {
  const values = results.map((r) => r.inFlight).filter((v): v is number => typeof v === 'number');
  return { p50: percentile(values, 0.5), max: values.length ? Math.max(...values) : null };
}

/** Mean over scored outputs, with a cluster bootstrap interval (per-case sums and counts). */
function meanScore(
  scored: readonly ScoreRecord[],
  opts: { confidence: number; resamples: number; seed: number },
): Pick<ModelSummary, 'meanScore' | 'meanScoreCi'> {
  if (scored.length === 0) return { meanScore: null, meanScoreCi: null };
  const clusters = [...clustersOf(scored)].sort(([a], [b]) => byCodeUnit(a, b));
  const sums = Float64Array.from(clusters, ([, c]) => c.sum);
  const counts = Float64Array.from(clusters, ([, c]) => c.count);
  const total = sums.reduce((a, b) => a + b, 0);
  const [replicates] = clusterBootstrap([sums], counts, opts) as [Float64Array];
  return { meanScore: total / scored.length, meanScoreCi: percentileInterval(replicates, opts.confidence) };
}

/**
 * promptfoo named scores (mean over the outputs that have each) and classification metrics: bare
 * `accuracy` and `macroF1` for a suite with one classification metric, `<name>.accuracy` and
 * `<name>.macroF1` per metric when there are several. Only answered outputs carry labels and named
 * scores, so errored and skipped calls stay out of both.
 */
function metrics(scores: readonly ScoreRecord[]): Record<string, number | null> {
  const named = new Map<string, { sum: number; count: number }>();
  const labels = new Map<string, { expected: string; predicted: string }[]>();
  for (const s of scores) {
    for (const [name, value] of Object.entries(s.namedScores)) {
      const m = named.get(name) ?? { sum: 0, count: 0 };
      m.sum += value;
      m.count += 1;
      named.set(name, m);
    }
    for (const [name, pair] of Object.entries(s.classes)) {
      const list = labels.get(name) ?? [];
      list.push(pair);
      labels.set(name, list);
    }
  }
  const out: Record<string, number | null> = {};
  for (const name of [...named.keys()].sort(byCodeUnit)) {
    const m = named.get(name) as { sum: number; count: number };
    out[name] = m.sum / m.count;
  }
  const names = [...labels.keys()].sort(byCodeUnit);
  for (const name of names) {
    const result = classificationMetrics(labels.get(name) ?? []);
    const prefix = names.length === 1 ? '' : `${name}.`;
    out[`${prefix}accuracy`] = result.accuracy;
    out[`${prefix}macroF1`] = result.macroF1;
  }
  return out;
}
