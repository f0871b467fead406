import type { CandidateSummary, ModelSummary, Summary, Verdict } from '../schema/summary.js';
import { type IntervalChart, intervalChart } from './charts/interval-chart.js';
import {
  costComparison,
  formatConfidence,
  formatCostLine,
  formatDifference,
  formatInt,
  formatMargin,
  formatMeanScore,
  formatMs,
  formatNumber,
  formatPassRate,
  formatPercent,
  formatPValue,
  formatRatio,
  formatScore,
  samplesNeededText,
} from './format.js';
import { sequentialCandidateText } from './sequential-text.js';

export interface QualityLine {
  label: string;
  candidate: string;
  baseline: string;
}

/** One candidate's decision, as the top of the report shows it. */
export interface VerdictCard {
  id: string;
  verdict: Verdict;
  verdictWord: string;
  headline: string;
  quality: QualityLine[];
  diff: string;
  interval: IntervalChart | null;
  /** What the drawing shows, in the margin's own terms. */
  intervalCaption: string;
  noInterval: string | null;
  samplesNeeded: string | null;
  cost: string;
  latency: string;
  facts: string[];
}

/** The baseline's own figures: the whole story of a baseline-only suite, and a reference otherwise. */
export interface BaselineCard {
  id: string;
  quality: { label: string; value: string }[];
  latency: string;
  cost: string;
  facts: string[];
}

const WORDS: Record<Verdict, string> = {
  switch: 'Switch',
  keep: 'Keep the baseline',
  inconclusive: 'Inconclusive',
};

export function marginText(margin: Summary['margin']): string {
  return `within ${formatMargin(margin)} of the baseline`;
}

function confidenceText(confidence: number): string {
  return `${formatConfidence(confidence)} confidence`;
}

/** A sentence from a phrase the other outputs share. */
function sentence(phrase: string): string {
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}

function headline(verdict: Verdict, summary: Summary): string {
  const within = marginText(summary.margin);
  const conf = confidenceText(summary.confidence);
  if (verdict === 'switch') return `Non-inferior: ${within} at ${conf}.`;
  if (verdict === 'keep') return `Worse than the margin allows: confidently not ${within}.`;
  return `Not enough evidence either way at ${conf} (margin: ${within}).`;
}

function qualityLines(c: ModelSummary | undefined, b: ModelSummary | undefined): QualityLine[] {
  const lines: QualityLine[] = [];
  if (c?.passRate != null || b?.passRate != null) {
    lines.push({
      label: 'pass rate',
      candidate: formatPassRate(c?.passRate ?? null, c?.passRateCi ?? null),
      baseline: formatPassRate(b?.passRate ?? null, null),
    });
  }
  if (c?.meanScore != null || b?.meanScore != null) {
    lines.push({
      label: 'mean score',
      candidate: formatMeanScore(c?.meanScore ?? null, c?.meanScoreCi ?? null),
      baseline: formatMeanScore(b?.meanScore ?? null, null),
    });
  }
  return lines;
}

function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** d per case (docs/verdict.md): the candidate's score with the margin built in, so the margin sits at 0. */
function intervalCaption(summary: Summary): string {
  const d =
    summary.margin.type === 'relative'
      ? `candidate − ${formatNumber(1 - summary.margin.value)} × baseline`
      : `candidate − baseline + ${formatNumber(summary.margin.value)}`;
  const interval =
    summary.procedure === 'sequential'
      ? `${formatConfidence(summary.confidence)} confidence sequence at the look that stopped it (valid at every look, so wider than a fixed-sample interval)`
      : `${formatConfidence(summary.confidence)} interval`;
  return `Dot and bar: mean(d), d = ${d} per case, with its ${interval}. Right of the dashed line is within the margin.`;
}

function samplesText(c: CandidateSummary): string | null {
  return c.verdict === 'inconclusive' ? sentence(samplesNeededText(c.samplesNeeded, c.pairs)) : null;
}

export function verdictCards(summary: Summary): VerdictCard[] {
  const baseline = summary.models.find((m) => m.role === 'baseline');
  return summary.candidates.map((c) => {
    const model = summary.models.find((m) => m.id === c.id);
    const sequential = sequentialCandidateText(c);
    const facts = [...(sequential ? [sentence(sequential)] : []), `${plural(c.pairs, 'paired case')}`];
    if (c.mcnemarP !== null) facts.push(`McNemar p ${formatPValue(c.mcnemarP)}`);
    facts.push(
      `discordant: ${formatInt(c.discordant.candidateOnly)} only the candidate passed, ${formatInt(c.discordant.baselineOnly)} only the baseline`,
    );
    if (c.ratio !== null) facts.push(`quality ratio ${formatRatio(c.ratio, c.ratioCi)}`);
    if (c.pairwiseInconsistency !== null) {
      facts.push(
        `pairwise judge changed its mind with the order in ${formatPercent(c.pairwiseInconsistency)}`,
      );
    }
    if (model && (model.errors > 0 || model.skipped > 0 || model.unscored > 0)) {
      facts.push(
        `${plural(model.errors, 'error')}, ${formatInt(model.skipped)} skipped, ${formatInt(model.unscored)} unscored of ${formatInt(model.cases)}`,
      );
    }
    return {
      id: c.id,
      verdict: c.verdict,
      verdictWord: WORDS[c.verdict],
      headline: headline(c.verdict, summary),
      quality: qualityLines(model, baseline),
      diff: formatDifference(c.diff, c.diffCi),
      interval: c.ci ? intervalChart(c.meanD, c.ci, c.verdict, summary.confidence) : null,
      intervalCaption: intervalCaption(summary),
      noInterval: c.ci ? null : 'No interval: no paired cases with both scores.',
      samplesNeeded: samplesText(c),
      cost: costComparison(model?.costPer1k ?? null, baseline?.costPer1k ?? null),
      latency: `p95 latency ${formatMs(model?.latencyMs.p95 ?? null)} vs ${formatMs(baseline?.latencyMs.p95 ?? null)}`,
      facts,
    };
  });
}

export function baselineCard(summary: Summary): BaselineCard | null {
  const b = summary.models.find((m) => m.role === 'baseline');
  if (!b) return null;
  const quality: BaselineCard['quality'] = [];
  if (b.passRate !== null) {
    quality.push({ label: 'pass rate', value: formatPassRate(b.passRate, b.passRateCi) });
  }
  if (b.meanScore !== null) {
    quality.push({ label: 'mean score', value: formatMeanScore(b.meanScore, b.meanScoreCi) });
  }
  for (const [name, value] of Object.entries(b.metrics)) {
    quality.push({ label: name, value: formatScore(value) });
  }
  if (quality.length === 0)
    quality.push({ label: 'quality', value: `${formatScore(null)} (nothing scored)` });
  return {
    id: b.id,
    quality,
    latency: `p50 ${formatMs(b.latencyMs.p50)}, p95 ${formatMs(b.latencyMs.p95)}`,
    cost: formatCostLine(b.costPer1k, b.monthlyCost),
    facts: [
      `${plural(b.cases, 'case')}: ${formatInt(b.scored)} scored, ${plural(b.errors, 'error')}, ${formatInt(b.skipped)} skipped, ${formatInt(b.unscored)} unscored`,
    ],
  };
}
