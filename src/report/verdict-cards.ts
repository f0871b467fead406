import type { CandidateSummary, ModelSummary, Summary, Verdict } from '../schema/summary.js';
import { type IntervalChart, intervalChart } from './charts/interval-chart.js';
import {
  costComparison,
  DASH,
  formatInt,
  formatInterval,
  formatMs,
  formatPercent,
  formatScore,
  formatSigned,
  formatUsd,
} from './format.js';

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
  return margin.type === 'relative'
    ? `within ${+(margin.value * 100).toFixed(4)}% of the baseline`
    : `within ${margin.value} (absolute) of the baseline`;
}

function confidenceText(confidence: number): string {
  return `${+(confidence * 100).toFixed(2)}% confidence`;
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
  const ci = (x: [number, number] | null, f: (v: number) => string) => (x ? ` ${formatInterval(x, f)}` : '');
  const pct = (v: number) => formatPercent(v);
  if (c?.passRate != null || b?.passRate != null) {
    lines.push({
      label: 'pass rate',
      candidate: `${formatPercent(c?.passRate ?? null)}${ci(c?.passRateCi ?? null, pct)}`,
      baseline: formatPercent(b?.passRate ?? null),
    });
  }
  if (c?.meanScore != null || b?.meanScore != null) {
    lines.push({
      label: 'mean score',
      candidate: `${formatScore(c?.meanScore ?? null)}${ci(c?.meanScoreCi ?? null, formatScore)}`,
      baseline: formatScore(b?.meanScore ?? null),
    });
  }
  return lines;
}

function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** DESIGN.md's d per case: the candidate's score with the margin built in, so the margin sits at 0. */
function intervalCaption(summary: Summary): string {
  const d =
    summary.margin.type === 'relative'
      ? `candidate − ${+(1 - summary.margin.value).toFixed(4)} × baseline`
      : `candidate − baseline + ${summary.margin.value}`;
  return `Dot and bar: mean(d), d = ${d} per case, with its ${+(summary.confidence * 100).toFixed(2)}% interval. Right of the dashed line is within the margin.`;
}

function samplesText(c: CandidateSummary): string | null {
  if (c.verdict !== 'inconclusive') return null;
  if (c.samplesNeeded === null)
    return `No estimate of the cases needed (${formatInt(c.pairs)} paired so far).`;
  return `About ${formatInt(c.samplesNeeded)} paired cases would decide it (this run has ${formatInt(c.pairs)}).`;
}

export function verdictCards(summary: Summary): VerdictCard[] {
  const baseline = summary.models.find((m) => m.role === 'baseline');
  return summary.candidates.map((c) => {
    const model = summary.models.find((m) => m.id === c.id);
    const facts = [`${plural(c.pairs, 'paired case')}`];
    if (c.mcnemarP !== null)
      facts.push(`McNemar p ${c.mcnemarP < 0.001 ? '< 0.001' : `= ${c.mcnemarP.toFixed(3)}`}`);
    facts.push(
      `discordant: ${formatInt(c.discordant.candidateOnly)} only the candidate passed, ${formatInt(c.discordant.baselineOnly)} only the baseline`,
    );
    if (c.ratio !== null) facts.push(`quality ratio ${c.ratio.toFixed(3)}${formatRatioCi(c.ratioCi)}`);
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
      diff:
        c.diff === null
          ? DASH
          : `${formatSigned(c.diff)}${c.diffCi ? ` ${formatInterval(c.diffCi, (x) => formatSigned(x))}` : ''}`,
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

function formatRatioCi(ci: [number, number] | null): string {
  return ci ? ` ${formatInterval(ci, (x) => x.toFixed(3))}` : '';
}

export function baselineCard(summary: Summary): BaselineCard | null {
  const b = summary.models.find((m) => m.role === 'baseline');
  if (!b) return null;
  const quality: BaselineCard['quality'] = [];
  if (b.passRate !== null) {
    quality.push({
      label: 'pass rate',
      value: `${formatPercent(b.passRate)}${b.passRateCi ? ` ${formatInterval(b.passRateCi, (x) => formatPercent(x))}` : ''}`,
    });
  }
  if (b.meanScore !== null) {
    quality.push({
      label: 'mean score',
      value: `${formatScore(b.meanScore)}${b.meanScoreCi ? ` ${formatInterval(b.meanScoreCi, formatScore)}` : ''}`,
    });
  }
  for (const [name, value] of Object.entries(b.metrics)) {
    quality.push({ label: name, value: value === null ? DASH : value.toFixed(3) });
  }
  if (quality.length === 0) quality.push({ label: 'quality', value: `${DASH} (nothing scored)` });
  return {
    id: b.id,
    quality,
    latency: `p50 ${formatMs(b.latencyMs.p50)}, p95 ${formatMs(b.latencyMs.p95)}`,
    cost: `${formatUsd(b.costPer1k)} per 1k requests, ${formatUsd(b.monthlyCost)} per month`,
    facts: [
      `${plural(b.cases, 'case')}: ${formatInt(b.scored)} scored, ${plural(b.errors, 'error')}, ${formatInt(b.skipped)} skipped, ${formatInt(b.unscored)} unscored`,
    ],
  };
}
