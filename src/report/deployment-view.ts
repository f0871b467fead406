import type { Deployment, Summary } from '../schema/summary.js';
import {
  formatCost,
  formatInterval,
  formatMargin,
  formatMs,
  formatPassRate,
  formatPercent,
  formatScore,
} from './format.js';
import { type QualityKind, qualityKind } from './quality.js';

/** One deployment as every output shows it: the same words and figures in the CLI, summary.md and report. */
export interface DeploymentRow {
  candidate: string;
  /** "all requests", "slices by route", "cascade: invalid-json". */
  name: string;
  verdict: Deployment['verdict'];
  /** "91.0% [88.0%, 94.0%]" of requests the candidate answers itself. */
  local: string;
  quality: string;
  cost: string;
  latencyP95: string;
  /** "threshold 0.62, chosen on the other half" for a swept confidence policy. */
  note: string | null;
}

function quality(d: Deployment, kind: QualityKind): string {
  return kind === 'pass rate'
    ? formatPassRate(d.quality, d.qualityCi)
    : withCi(d.quality, d.qualityCi, formatScore);
}

function withCi(x: number | null, ci: readonly [number, number] | null, f: (v: number) => string): string {
  if (x === null) return '—';
  return ci ? `${f(x)} ${formatInterval(ci, f)}` : f(x);
}

function deploymentName(d: Deployment): string {
  if (d.kind === 'all') return 'all requests';
  if (d.kind === 'slices') return `slices by ${d.policy ?? '?'}`;
  return `cascade: ${d.policy ?? '?'}`;
}

export function deploymentRows(summary: Summary): DeploymentRow[] {
  const kind = qualityKind(summary);
  return (summary.deployments ?? []).map((d) => ({
    candidate: d.candidate,
    name: deploymentName(d),
    verdict: d.verdict,
    local: withCi(d.share, d.shareCi ?? null, (x) => formatPercent(x)),
    quality: quality(d, kind),
    cost: formatCost(d.costPer1k),
    latencyP95: formatMs(d.latencyP95Ms),
    note:
      d.threshold === null || d.threshold === undefined
        ? null
        : `confidence threshold ${formatScore(d.threshold)}${d.thresholdChosen === 'cross-fit' ? ', chosen on the other half of the rows (cross-fitted)' : ''}`,
  }));
}

/**
 * The decision in one sentence, first in every output: the recommended deployment (the cheapest that
 * earns switch, then the fastest), or that none does. Null for a run without deployments.
 */
export function decisionText(summary: Summary): string | null {
  const all = summary.deployments ?? [];
  if (all.length === 0) return null;
  const baseline = summary.models.find((m) => m.role === 'baseline');
  const baselineName = baseline?.id ?? 'the baseline';
  const r = summary.recommendation;
  const d = r
    ? all.find((x) => x.candidate === r.candidate && x.kind === r.kind && x.policy === r.policy)
    : undefined;
  if (!d) return `No deployment earns switch: keep ${baselineName}.`;
  const within = `quality within ${formatMargin(summary.margin)} of ${baselineName} (switch)`;
  const baselineCost = baseline?.costPer1k ?? null;
  const cost =
    d.costPer1k === null
      ? formatCost(null)
      : `${formatCost(d.costPer1k)} vs ${baselineCost === null ? `${baselineName}'s ${formatCost(null)}` : formatCost(baselineCost)} per 1k requests`;
  const p95 = d.latencyP95Ms === null ? 'p95 not measured' : `p95 ${formatMs(d.latencyP95Ms)}`;
  const local = withCi(d.share, d.shareCi ?? null, (x) => formatPercent(x, 0));
  if (d.kind === 'cascade')
    return `${d.candidate} first, escalate by "${d.policy}" to ${baselineName}: ${local} of requests stay with ${d.candidate}, ${within}, ${cost}, ${p95}.`;
  if (d.kind === 'slices')
    return `${d.candidate} takes the ${d.policy} slices where it switches (${local} of requests), ${baselineName} the rest: ${within}, ${cost}, ${p95}.`;
  return `${d.candidate} takes every request: ${within}, ${cost}, ${p95}.`;
}
