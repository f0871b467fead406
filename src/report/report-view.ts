import type { LoadRecord } from '../schema/load-record.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { Summary } from '../schema/summary.js';
import { type CapacityView, capacityViews } from './capacity-view.js';
import { reportModels } from './case-data.js';
import { type CascadeChart, cascadeChart } from './charts/cascade-chart.js';
import { type LatencyChart, latencyChart } from './charts/latency-chart.js';
import { type QualityCostChart, qualityCostChart } from './charts/quality-cost-chart.js';
import { type SliceHeatmap, sliceHeatmap } from './charts/slice-heatmap.js';
import { type DeploymentRow, decisionText, deploymentRows } from './deployment-view.js';
import { formatConfidence, formatInt, type GateState, gateState, gateWord, ruleWord } from './format.js';
import { latencySourceLines } from './latency-source.js';
import { type ProfileRow, profileRows } from './profile-rows.js';
import { qualityKind } from './quality.js';
import { type RoutingView, routingViews } from './routing-view.js';
import { type RunCaveat, runCaveats } from './run-caveats.js';
import {
  type BaselineCard,
  baselineCard,
  marginText,
  type VerdictCard,
  verdictCards,
} from './verdict-cards.js';

/** Everything the report template shows above the case table, formatted; the template only lays it out. */
export interface ReportView {
  title: string;
  suite: string;
  runId: string;
  createdAt: string;
  settings: string;
  judgeNote: string | null;
  baselineOnly: boolean;
  cards: VerdictCard[];
  baseline: BaselineCard | null;
  profiles: ProfileRow[];
  qualityCost: QualityCostChart;
  heatmap: SliceHeatmap | null;
  slicesNote: string | null;
  latency: LatencyChart;
  routing: RoutingView[];
  gate: {
    state: GateState;
    word: string;
    rules: { rule: string; passed: boolean; word: string; detail: string }[];
  };
  caseCount: string;
  /** Shown above everything: a run that stopped short, overridden settings, queueing. */
  caveats: RunCaveat[];
  /** The recommended deployment in one sentence (null: the run has no deployments). */
  decision: string | null;
  /** For every local model: whether its latency comes from the run (at N in flight) or a load level. */
  latencySources: string[];
  deployments: DeploymentRow[];
  cascadeCharts: CascadeChart[];
  /** One section per model load.json sweeps (empty without load.json). */
  capacity: CapacityView[];
}

function judgeNote(summary: Summary): string | null {
  if (!summary.judge) return null;
  return summary.judge.defaulted
    ? `Judged by the baseline (${summary.judge.model}): the suite names no judge. A model grading answers next to its own may favour its own.`
    : `Judged by ${summary.judge.model}.`;
}

export function reportView(input: {
  meta: RunMeta;
  summary: Summary;
  results: readonly ResultRecord[];
  caseCount: number;
  load?: LoadRecord | null;
}): ReportView {
  const { meta, summary, results } = input;
  const kind = qualityKind(summary);
  const slices = meta.settings?.slices ?? [];
  return {
    title: `rightsize: ${summary.suite}`,
    suite: summary.suite,
    runId: summary.runId,
    createdAt: meta.createdAt,
    settings: [
      `margin: ${marginText(summary.margin)}`,
      `${formatConfidence(summary.confidence)} confidence`,
      `${formatInt(summary.resamples)} bootstrap resamples, seed ${summary.seed}`,
      ...(slices.length ? [`slices by ${slices.join(', ')}`] : []),
    ].join(' · '),
    judgeNote: judgeNote(summary),
    baselineOnly: summary.candidates.length === 0,
    cards: verdictCards(summary),
    baseline: baselineCard(summary),
    profiles: profileRows(summary, results),
    qualityCost: qualityCostChart(summary, kind),
    heatmap: sliceHeatmap(summary),
    slicesNote: summary.slicesNote,
    latency: latencyChart(reportModels(summary, results), results),
    routing: routingViews(summary),
    gate: {
      state: gateState(summary.gate),
      word: gateWord(summary.gate),
      rules: summary.gate.rules.map((r) => ({ ...r, word: ruleWord(r.passed) })),
    },
    caseCount: formatInt(input.caseCount),
    caveats: runCaveats(summary),
    decision: decisionText(summary),
    latencySources: latencySourceLines(summary),
    deployments: deploymentRows(summary),
    cascadeCharts: (summary.cascadeCurves ?? []).flatMap((c) => cascadeChart(c) ?? []),
    capacity: capacityViews(summary, input.load),
  };
}
