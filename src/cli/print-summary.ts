import { decisionText } from '../report/deployment-view.js';
import {
  formatConfidence,
  formatCostPer1k,
  formatDifference,
  formatInt,
  formatMargin,
  formatMeanScore,
  formatMs,
  formatPassRate,
  formatSigned,
  gateWord,
  ruleWord,
  samplesNeededText,
} from '../report/format.js';
import { runCaveats } from '../report/run-caveats.js';
import { sequentialCandidateText } from '../report/sequential-text.js';
import { sizingSentence } from '../report/sizing-sentence.js';
import type { Summary } from '../schema/summary.js';
import type { Printer } from './print.js';

/**
 * The one-screen end of a run (and of `compare`): quality, speed and cost per model, verdicts, gate.
 * Every figure and state in the words of report/format.ts, as summary.md and report.html write them.
 */
export function printSummary(summary: Summary, printer: Printer): void {
  const usesScore = summary.models.some((m) => m.meanScore !== null && m.meanScore !== m.passRate);
  printer.out('');
  printer.out(
    `${summary.suite}: margin ${formatMargin(summary.margin)}, ${formatConfidence(summary.confidence)} confidence`,
  );
  for (const c of runCaveats(summary)) printer.out(`  ${c.title}: ${c.text}`);
  const decision = decisionText(summary);
  if (decision) printer.out(`  decision: ${decision}`);
  for (const m of summary.models) {
    const quality = usesScore
      ? `mean score ${formatMeanScore(m.meanScore, m.meanScoreCi)}`
      : `pass rate ${formatPassRate(m.passRate, m.passRateCi)}`;
    const problems = [
      m.errors && `${formatInt(m.errors)} error${m.errors === 1 ? '' : 's'}`,
      m.skipped && `${formatInt(m.skipped)} skipped`,
      m.unscored && `${formatInt(m.unscored)} unscored`,
    ]
      .filter(Boolean)
      .join(', ');
    printer.out(
      `  ${m.role === 'baseline' ? 'baseline ' : 'candidate'} ${m.id}: ${quality}, p95 ${formatMs(m.latencyMs.p95)}, ${formatCostPer1k(m.costPer1k)}${problems ? ` (${problems})` : ''}`,
    );
    const sizing = sizingSentence(m);
    if (sizing) printer.out(`    capacity: ${sizing}`);
  }
  for (const c of summary.candidates) {
    const numbers =
      c.diff === null && c.ci === null
        ? 'no paired cases'
        : `mean(d) ${formatDifference(c.meanD, c.ci)}, diff ${formatSigned(c.diff)}`;
    const more = c.verdict === 'inconclusive' ? `; ${samplesNeededText(c.samplesNeeded, c.pairs)}` : '';
    printer.out(
      `  verdict ${c.id}: ${c.verdict.toUpperCase()} (${numbers}, ${formatInt(c.pairs)} pairs${more})`,
    );
    const sequential = sequentialCandidateText(c);
    if (sequential) printer.out(`    sequential: ${sequential}`);
  }
  if (summary.candidates.length === 0)
    printer.out("  no candidates: no verdicts, only the baseline's quality and gate");
  for (const rule of summary.gate.rules)
    printer.out(`  gate rule ${ruleWord(rule.passed)}: ${rule.rule} (${rule.detail})`);
  printer.out(`  gate: ${gateWord(summary.gate)}`);
}
