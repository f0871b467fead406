import type { DiffOutcome, RunDiff } from '../schema/run-diff.js';
import { diffView } from './diff-view.js';
import { formatConfidence, formatInt } from './format.js';
import { cell, table } from './summary-markdown.js';

const OUTCOME_ICON: Record<DiffOutcome, string> = {
  regression: '❌',
  'no-regression': '✅',
  inconclusive: '❔',
};

/** Cases listed per model and direction: enough to start looking; diff.json holds them all. */
export const MARKDOWN_CASE_CAP = 20;

/**
 * The diff's summary.md, for `$GITHUB_STEP_SUMMARY` or a pull-request comment: the regression check,
 * each model's outcome with its interval, its pass → fail and fail → pass cases (capped, with counts),
 * and its latency and cost in A and B. Only records, no clock: the same diff gives the same bytes.
 */
export function diffMarkdown(diff: RunDiff): string {
  const v = diffView(diff, MARKDOWN_CASE_CAP);
  const conf = formatConfidence(diff.confidence);
  const out = [
    `## rightsize diff: ${cell(v.suite)}`,
    '',
    ...v.caveats.flatMap((c) => [`> **⚠️ ${c.title}.** ${cell(c.text)}`, '']),
    `**Regression check: ${v.passed ? '✅ passed' : '❌ failed'}.** ${cell(v.gate)}`,
    '',
    `**A:** ${cell(v.runA)}  `,
    `**B:** ${cell(v.runB)}`,
    '',
    cell(v.method),
    '',
    table(
      [
        'Model',
        'B against A',
        `mean(d) [${conf} CI]`,
        'B − A',
        'Mean A → B',
        'Pairs',
        'Pass → fail',
        'Fail → pass',
        'McNemar p',
      ],
      v.models.map((m) => [
        m.id,
        `${OUTCOME_ICON[m.outcome]} ${m.outcomeWord}`,
        m.meanD,
        m.diff,
        m.means,
        m.pairs,
        m.passToFail,
        m.failToPass,
        m.mcnemarP,
      ]),
    ),
    '',
    ...v.models.map((m) => `- **${cell(m.id)}** (${cell(m.provider)}): ${cell(m.reading)}`),
    '',
    '### Latency and cost, A → B',
    '',
    table(
      ['Model', 'Latency p50', 'Latency p95', 'Cost / 1k requests'],
      v.models.map((m) => [m.id, m.latencyP50, m.latencyP95, m.costPer1k]),
    ),
    '',
  ];
  for (const list of v.cases) {
    if (list.total === 0) continue;
    out.push(
      `### ${cell(list.model)}: ${list.direction} (${formatInt(list.total)})`,
      '',
      table(
        ['Prompt', 'Row', 'Passed in A', 'Passed in B', 'Score A → B'],
        list.rows.map((r) => [r.promptId, r.rowId, r.passedA, r.passedB, r.score]),
      ),
      '',
    );
    if (list.more) out.push(`${formatInt(list.more)} more in diff.json.`, '');
  }
  if (v.unpaired) out.push(cell(v.unpaired), '');
  return `${out.join('\n').trimEnd()}\n`;
}
