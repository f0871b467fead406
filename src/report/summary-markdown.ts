import type { CandidateSummary, Summary, Verdict } from '../schema/summary.js';
import { decisionText, deploymentRows } from './deployment-view.js';
import {
  formatConfidence,
  formatCost,
  formatDifference,
  formatInt,
  formatMargin,
  formatMeanScore,
  formatMs,
  formatPassRate,
  formatPercent,
  formatPValue,
  formatRate,
  formatRatio,
  formatScore,
  formatSigned,
  gateState,
  gateWord,
  ruleWord,
} from './format.js';
import { runCaveats } from './run-caveats.js';
import { sequentialCandidateText } from './sequential-text.js';
import { capacityText, sizingSentence } from './sizing-sentence.js';

const VERDICT_ICON: Record<Verdict, string> = { switch: '✅', keep: '❌', inconclusive: '❔' };

/** The decision in one sentence, when the run has deployments. */
function decisionLines(summary: Summary): string[] {
  const text = decisionText(summary);
  return text ? [`**Decision:** ${cell(text)}`, ''] : [];
}

/**
 * summary.md: the run at a glance for `$GITHUB_STEP_SUMMARY` or a pull-request comment (GitHub
 * Flavored Markdown tables): the gate, each candidate's verdict with its numbers, each model's
 * quality, speed and cost, the gate's rules and any routing the slices suggest. Only records, no clock.
 */
export function summaryMarkdown(summary: Summary): string {
  const conf = formatConfidence(summary.confidence);
  const rules = summary.gate.rules.length;
  const failed = summary.gate.rules.filter((r) => !r.passed).length;
  const state = gateState(summary.gate);
  const gate =
    state === 'no-rules'
      ? `**Gate:** ${gateWord(summary.gate)}`
      : state === 'passed'
        ? `**Gate: ✅ ${gateWord(summary.gate)}** (${rules} rule${rules === 1 ? '' : 's'})`
        : `**Gate: ❌ ${gateWord(summary.gate)}** (${failed} of ${rules} rule${rules === 1 ? '' : 's'})`;
  const out = [
    `## rightsize: ${cell(summary.suite)}`,
    '',
    ...runCaveats(summary).flatMap((c) => [`> **⚠️ ${c.title}.** ${cell(c.text)}`, '']),
    ...decisionLines(summary),
    gate,
    '',
    `Switch when the candidate is within ${formatMargin(summary.margin)} of the baseline at ${conf} confidence ` +
      `(run \`${summary.runId.replace(/`/g, '')}\`, ${formatInt(summary.resamples)} resamples, seed ${summary.seed}).`,
    '',
  ];

  if (summary.candidates.length > 0) {
    out.push(
      table(
        [
          'Candidate',
          'Verdict',
          `mean(d) [${conf} ${summary.procedure === 'sequential' ? 'confidence sequence' : 'CI'}]`,
          'Δ vs baseline',
          'Ratio',
          'McNemar p',
          'Pairs',
          'Cases needed',
        ],
        summary.candidates.map((c) => [
          c.id,
          `${VERDICT_ICON[c.verdict]} ${c.verdict}`,
          formatDifference(c.meanD, c.ci),
          formatSigned(c.diff),
          formatRatio(c.ratio, null),
          formatPValue(c.mcnemarP),
          formatInt(c.pairs),
          formatInt(c.samplesNeeded),
        ]),
      ),
      '',
    );
    const sequential = summary.candidates.flatMap((c) => {
      const text = sequentialCandidateText(c);
      return text ? [`- **${cell(c.id)}**: ${cell(text)}`] : [];
    });
    if (sequential.length) out.push(...sequential, '');
  } else {
    out.push('No candidates: this run reports the baseline only.', '');
  }

  out.push(
    table(
      [
        'Model',
        'Role',
        'Pass rate [CI]',
        'Mean score [CI]',
        'Latency p50 / p95',
        'Tokens/s',
        'Cost / 1k',
        'Monthly',
        'Errors / skipped / unscored',
      ],
      summary.models.map((m) => [
        m.id,
        m.role,
        formatPassRate(m.passRate, m.passRateCi),
        formatMeanScore(m.meanScore, m.meanScoreCi),
        `${formatMs(m.latencyMs.p50)} / ${formatMs(m.latencyMs.p95)}`,
        formatRate(m.tokensPerSecond),
        formatCost(m.costPer1k),
        formatCost(m.monthlyCost),
        `${m.errors} / ${m.skipped} / ${m.unscored}`,
      ]),
    ),
    '',
  );

  out.push(...capacityLines(summary));

  if (summary.gate.rules.length > 0) {
    out.push(
      '### Gate',
      '',
      table(
        ['Rule', 'Result', 'Detail'],
        summary.gate.rules.map((r) => [r.rule, `${r.passed ? '✅' : '❌'} ${ruleWord(r.passed)}`, r.detail]),
      ),
      '',
    );
  }

  const deployments = deploymentRows(summary);
  if (deployments.length > 0) {
    out.push(
      '### Deployments',
      '',
      table(
        ['Candidate', 'Deployment', 'Verdict', 'Answered by the candidate', 'Quality', 'Cost / 1k', 'p95'],
        deployments.map((d) => [
          d.candidate,
          d.note ? `${d.name} (${d.note})` : d.name,
          `${VERDICT_ICON[d.verdict]} ${d.verdict}`,
          d.local,
          d.quality,
          d.cost,
          d.latencyP95,
        ]),
      ),
      '',
    );
  }

  const routes = summary.routing.filter((r) => r.toCandidate.length > 0);
  if (routes.length > 0) {
    out.push(
      '### Routing',
      '',
      table(
        [
          'Candidate',
          'Slice',
          'To candidate',
          'Traffic to candidate',
          'Quality hybrid / baseline',
          'Cost / 1k hybrid / baseline',
          'p95 hybrid / baseline',
        ],
        routes.map((r) => [
          r.candidate,
          r.slice,
          r.toCandidate.join(', '),
          formatPercent(r.hybrid.share),
          `${formatMeanScore(r.hybrid.quality, r.hybrid.qualityCi)} / ${formatScore(r.allBaseline.quality)}`,
          `${formatCost(r.hybrid.costPer1k)} / ${formatCost(r.allBaseline.costPer1k)}`,
          `${formatMs(r.hybrid.latencyP95Ms)} / ${formatMs(r.allBaseline.latencyP95Ms)}`,
        ]),
      ),
      '',
    );
  }
  const sliceLines = summary.candidates.flatMap(sliceLine);
  if (sliceLines.length > 0) out.push('### Slices', '', ...sliceLines, '');
  if (summary.slicesNote) out.push(`> ${cell(summary.slicesNote)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** The models load.json sizes: capacity at the target, the servers it takes, and the sentence saying so. */
function capacityLines(summary: Summary): string[] {
  const sized = summary.models.filter((m) => m.capacity !== undefined);
  if (sized.length === 0) return [];
  return [
    '### Capacity',
    '',
    table(
      ['Model', 'Capacity', 'Latency p95 / TTFT p95 there', 'Servers', 'Cost / 1k', 'Monthly'],
      sized.map((m) => {
        const c = m.capacity ?? null;
        return [
          m.id,
          c ? capacityText(c) : 'none meets the target',
          m.loadLatencyMs
            ? `${formatMs(m.loadLatencyMs.p95)} / ${formatMs(m.loadTtftMs?.p95 ?? null)}`
            : formatMs(null),
          formatInt(c?.sizing?.servers ?? null),
          formatCost(c?.sizing?.costPer1k ?? null),
          formatCost(c?.sizing?.monthlyCost ?? null),
        ];
      }),
    ),
    '',
    ...sized.map((m) => `- **${cell(m.id)}**: ${cell(sizingSentence(m) ?? '')}`),
    '',
  ];
}

/** One line per candidate and slice column: its verdict in each value, compactly. */
function sliceLine(c: CandidateSummary): string[] {
  const columns = [...new Set(c.slices.map((s) => s.slice))];
  return columns.map((column) => {
    const parts = c.slices
      .filter((s) => s.slice === column)
      .map(
        (s) =>
          `${cell(s.value || '(none)')} ${VERDICT_ICON[s.verdict]} ${s.verdict} (n=${formatInt(s.cases)})`,
      );
    return `- **${cell(c.id)}** by \`${column.replace(/`/g, '')}\`: ${parts.join(', ')}`;
  });
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * One table cell: a pipe or a line break would end the cell or the row, and GitHub renders inline
 * HTML, so a model id or a rule's detail must not be able to inject markup.
 */
export function cell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}
