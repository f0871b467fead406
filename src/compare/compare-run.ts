import type { LoadRecord } from '../schema/load-record.js';
import type { Margin } from '../schema/margin.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta, RunModelMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import {
  type CandidateSummary,
  type CascadeCurve,
  type Deployment,
  type ModelSummary,
  SUMMARY_SCHEMA_VERSION,
  type Summary,
} from '../schema/summary.js';
import { UserError } from '../util/user-error.js';
import { callsShort } from './calls-short.js';
import { candidateDeployments } from './candidate-deployments.js';
import { clusteredMcnemar } from './clustered-mcnemar.js';
import {
  applyOverrides,
  type CompareOverrides,
  checkSwitchNames,
  runSettings,
  settingDifferences,
  suiteSettings,
} from './decision-settings.js';
import { evaluateGate } from './evaluate-gate.js';
import { costModelOf } from './model-cost.js';
import { nonInferiority } from './non-inferiority.js';
import { byCodeUnit, clusterKey, pairClusters } from './paired-clusters.js';
import { pairwiseInconsistency } from './pairwise-inconsistency.js';
import { recommendDeployment } from './recommend-deployment.js';
import { replaySequential, type SequentialReplay } from './sequential-replay.js';
import {
  candidateSequential,
  sequencesShort,
  sequentialSavings,
  withSequentialVerdict,
} from './sequential-summary.js';
import { type Routing, simulateRouting } from './simulate-routing.js';
import { slicesNote, sliceVerdicts } from './slice-verdicts.js';
import { summarizeModel } from './summarize-model.js';

export { type CompareOverrides, DEFAULT_RESAMPLES } from './decision-settings.js';

export interface CompareInput {
  meta: RunMeta;
  results: readonly ResultRecord[];
  scores: readonly ScoreRecord[];
  /** Flags of `compare` over the run's settings (which are the suite's with the flags `run` was given). */
  overrides?: CompareOverrides;
  /** Judge calls the suite plans that results.jsonl lacks (scored from the records after a stop). */
  judgeMissing?: number;
  /** Why records could not be scored, when they could not: the run's figures are then partial. */
  scoringProblem?: string | null;
  /**
   * load.json of the run directory, when `rightsize load` wrote one: a model it sizes costs what its
   * sizing says, and its latency at the capacity level is reported beside the run's.
   */
  load?: LoadRecord | null;
}

interface ModelEntry {
  label: string;
  role: 'baseline' | 'candidate';
  provider: string;
  meta: RunModelMeta | undefined;
}

/**
 * The compare stage: summary.json from a run's records. Pure and deterministic: records are put in a
 * canonical order first and every bootstrap starts from the run's seed, so the same records give the
 * same summary byte for byte, whatever order they were read in (no clock, no randomness outside the seed).
 */
export function compareRun(input: CompareInput): Summary {
  const settings = input.meta.settings;
  const o = input.overrides ?? {};
  const fromSuite = suiteSettings(input.meta);
  const used = applyOverrides(runSettings(input.meta), o);
  const { margin, confidence, resamples } = used;
  const seed = o.seed ?? settings?.seed ?? 1;
  const requestsPerDay = settings?.requestsPerDay ?? 10_000;
  const sliceColumns = settings?.slices ?? [];
  checkSettings(margin, confidence, resamples, seed);
  const candidateLabels = (input.meta.models ?? []).filter((m) => m.role === 'candidate').map((m) => m.label);
  const policiesOf = (label: string) => settings?.escalation?.[label] ?? [];
  checkSwitchNames(input.meta, o, candidateLabels);

  const scores = canonical(input.scores);
  const results = canonical(input.results.filter((r) => r.role !== 'judge'));
  const models = modelEntries(input.meta, scores, results);
  const scoresOf = groupBy(scores, (s) => s.model);
  const resultsOf = groupBy(results, (r) => r.model);
  const boot = { confidence, resamples, seed };

  const summaries = models.map((m) =>
    summarizeModel({
      label: m.label,
      role: m.role,
      provider: m.provider,
      meta: m.meta,
      cost: costModelOf(m.provider, m.meta),
      scores: scoresOf.get(m.label) ?? [],
      results: resultsOf.get(m.label) ?? [],
      planned: input.meta.planned?.[m.label] ?? null,
      requestsPerDay,
      ...loadOf(input.load, m),
      ...boot,
    }),
  );

  const baseline = models.find((m) => m.role === 'baseline');
  const baselineSummary = summaries.find((s) => s.role === 'baseline');
  const sliceOf = new Map(scores.map((s) => [clusterKey(s), s.slices] as const));
  const candidates: CandidateSummary[] = [];
  const routing: Summary['routing'] = [];
  const deployments: Deployment[] = [];
  const cascadeCurves: CascadeCurve[] = [];
  let slicesTested = 0;
  const decide = settings?.decide;
  const sequentialOf = new Map<string, SequentialReplay>();
  for (const m of models) {
    if (m.role !== 'candidate' || !baseline || !baselineSummary) continue;
    const replayed = decide
      ? replaySequential({
          decide,
          margin,
          confidence,
          seed,
          candidateResults: resultsOf.get(m.label) ?? [],
          baselineResults: resultsOf.get(baseline.label) ?? [],
          candidateScores: scoresOf.get(m.label) ?? [],
          baselineScores: scoresOf.get(baseline.label) ?? [],
        })
      : null;
    if (replayed) sequentialOf.set(m.label, replayed);
    // A sequential run's figures are those of the cases the candidate used, up to the look that stopped it.
    const inUse = <T extends { promptId: string; rowId: string }>(list: readonly T[]): readonly T[] =>
      replayed ? list.filter((s) => replayed.used.has(clusterKey(s))) : list;
    const own = inUse(scoresOf.get(m.label) ?? []);
    const pairs = pairClusters(own, inUse(scoresOf.get(baseline.label) ?? []));
    const opts = { margin, ...boot };
    const v = withSequentialVerdict(nonInferiority(pairs.c, pairs.b, opts), replayed);
    const slices = sliceVerdicts(pairs, sliceColumns, opts);
    slicesTested += slices.length;
    candidates.push({
      id: m.label,
      verdict: v.verdict,
      pairs: v.pairs,
      diff: v.diff,
      ci: v.ci,
      meanD: v.meanD,
      diffCi: v.diffCi,
      ratio: v.ratio,
      ratioCi: v.ratioCi,
      mcnemarP: clusteredMcnemar(pairs.caseDiscordance),
      discordant: pairs.discordant,
      samplesNeeded: v.samplesNeeded,
      slices,
      pairwiseInconsistency: pairwiseInconsistency(own),
      ...(replayed && decide
        ? {
            sequential: candidateSequential(
              replayed,
              decide,
              summaries.find((s) => s.id === m.label),
            ),
          }
        : {}),
    });
    const candidateSummary = summaries.find((s) => s.id === m.label);
    if (!candidateSummary) continue;
    const routed: Routing[] = [];
    for (const column of sliceColumns) {
      routed.push(
        simulateRouting({
          column,
          pairs,
          verdicts: slices,
          candidate: candidateSummary,
          baseline: baselineSummary,
          candidateResults: resultsOf.get(m.label) ?? [],
          baselineResults: resultsOf.get(baseline.label) ?? [],
          sliceOf,
          ...boot,
        }),
      );
    }
    routing.push(...routed);
    const deployed = candidateDeployments({
      candidate: candidateSummary,
      baseline: baselineSummary,
      pairs,
      verdict: v,
      routing: routed,
      policies: policiesOf(m.label),
      candidateScores: own,
      candidateResults: resultsOf.get(m.label) ?? [],
      baselineResults: resultsOf.get(baseline.label) ?? [],
      margin,
      requestsPerDay,
      ...boot,
    });
    deployments.push(...deployed.deployments);
    cascadeCurves.push(...deployed.curves);
  }

  const missing = [
    ...(decide
      ? sequencesShort({
          meta: input.meta,
          decide,
          replays: sequentialOf,
          used: { margin, confidence },
          seed,
          results,
          scores,
        })
      : callsMissing(input.meta, summaries)),
    ...(input.judgeMissing ? [`${input.judgeMissing} judge calls not made`] : []),
    ...(input.scoringProblem ? [input.scoringProblem] : []),
  ];
  const evaluated = evaluateGate(used.gate, summaries, candidates, deployments);
  // Figures of a run that stopped short are partial; no gate passes on them.
  const gate = missing.length
    ? {
        passed: false,
        rules: [{ rule: 'run complete', passed: false, detail: missing.join('; ') }, ...evaluated.rules],
      }
    : evaluated;
  const overrides = settingDifferences(fromSuite, used);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    suite: input.meta.suite,
    runId: input.meta.runId,
    complete: missing.length === 0,
    ...(missing.length ? { incomplete: missing } : {}),
    ...(overrides && Object.keys(overrides).length ? { overrides } : {}),
    margin: { type: margin.type, value: margin.value },
    confidence,
    procedure: decide ? 'sequential' : 'fixed',
    ...(decide && baseline
      ? {
          sequential: sequentialSavings(
            decide,
            resultsOf.get(baseline.label) ?? [],
            summaries.find((s) => s.role === 'baseline'),
          ),
        }
      : {}),
    seed,
    resamples,
    judge: settings?.judge ?? null,
    models: summaries,
    candidates,
    slicesNote: slicesNote(slicesTested, confidence),
    routing,
    ...(deployments.length
      ? { deployments, cascadeCurves, recommendation: recommendDeployment(deployments) }
      : {}),
    gate,
  };
}

/**
 * A fixed-sample run's missing calls, one line each: run.json without its plan, a model with fewer
 * calls recorded than planned. (Judge calls not made and records that could not be scored are added
 * for either procedure.) Empty with the judges and scores: complete.
 */
function callsMissing(meta: RunMeta, summaries: readonly ModelSummary[]): string[] {
  if (!meta.models || !meta.planned)
    return [
      'run.json does not say which calls the run planned (the run never started, or an older build wrote it)',
    ];
  return callsShort(meta.planned, new Map(summaries.map((m) => [m.id, m.calls?.recorded ?? 0])));
}

function checkSettings(margin: Margin, confidence: number, resamples: number, seed: number): void {
  if (!(confidence > 0 && confidence < 1))
    throw new UserError(`confidence ${confidence} is not between 0 and 1`, { hint: 'e.g. 0.95' });
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new UserError(`resamples ${resamples} is not a whole number of at least 1`, { hint: 'e.g. 10000' });
  if (!Number.isSafeInteger(seed)) throw new UserError(`seed ${seed} is not a whole number`);
  // As parse-margin.ts reads a flag: a margin of 1 or more would let any candidate through.
  if (!(margin.value >= 0 && margin.value < 1))
    throw new UserError(`margin ${margin.value} is not between 0 and 1`, { hint: 'e.g. 5% or abs:0.02' });
}

/** One record per model and case (the last wins, as a resumed run's newer record would), sorted. */
function canonical<T extends { model: string; caseId: string }>(records: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const r of records) byKey.set(`${r.model}\u0000${r.caseId}`, r);
  return [...byKey].sort(([a], [b]) => byCodeUnit(a, b)).map(([, r]) => r);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * The baseline and candidates: run.json's order (baseline first) when it lists them, then any model
 * the records name that it does not (an older run directory has no model list at all).
 */
function modelEntries(
  meta: RunMeta,
  scores: readonly ScoreRecord[],
  results: readonly ResultRecord[],
): ModelEntry[] {
  const out: ModelEntry[] = [];
  const seen = new Set<string>();
  for (const m of meta.models ?? []) {
    if (m.role === 'judge' || seen.has(m.label)) continue;
    seen.add(m.label);
    out.push({ label: m.label, role: m.role, provider: m.provider, meta: m });
  }
  const fromRecords = [...scores, ...results].filter((r) => !seen.has(r.model));
  for (const r of fromRecords) {
    if (seen.has(r.model) || r.role === 'judge') continue;
    seen.add(r.model);
    const provider = results.find((x) => x.model === r.model)?.provider ?? r.model;
    out.push({ label: r.model, role: r.role, provider, meta: undefined });
  }
  return out.sort((a, b) => (a.role === b.role ? 0 : a.role === 'baseline' ? -1 : 1));
}

/** A model's entry in load.json, by its label (load.json's `id`). */
function loadOf(
  load: LoadRecord | null | undefined,
  m: ModelEntry,
): { load?: { model: LoadRecord['models'][number]; slo: LoadRecord['slo'] } } {
  if (!load) return {};
  const model = load.models.find((x) => x.id === m.label);
  return model ? { load: { model, slo: load.slo } } : {};
}
