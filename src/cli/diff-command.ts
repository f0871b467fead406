import { resolve } from 'node:path';
import { parseMargin } from '../compare/parse-margin.js';
import { writeDiffOutputs } from '../report/diff-outputs.js';
import { OUTCOME_WORD } from '../report/diff-view.js';
import { formatConfidence, formatDifference, formatInt, formatMargin } from '../report/format.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

export interface DiffFlags {
  margin?: string;
  confidence?: number;
  out?: string;
  quiet?: boolean;
}

/**
 * `rightsize diff <run-a> <run-b>`: checks run B against run A of the same suite, model by model on
 * their shared cases, and writes diff.json, summary.md and diff.html. A regression gate: exits 1 when
 * some model of B is confidently worse than A by more than the margin, else 0 (inconclusive included,
 * said as such); 2 for runs that cannot be compared, 3 for a run that stopped short.
 */
export async function diffCommand(
  runA: string,
  runB: string,
  flags: DiffFlags,
  printer: Printer,
): Promise<number> {
  const overrides = {
    ...(flags.margin !== undefined ? { margin: parseMargin(flags.margin) } : {}),
    ...(flags.confidence !== undefined ? { confidence: flags.confidence } : {}),
  };
  const { diff, files } = await writeDiffOutputs(resolve(runA), resolve(runB), {
    ...(flags.out ? { outDir: resolve(flags.out) } : {}),
    overrides,
    display: displayPath,
  });
  printer.out(
    `diff ${diff.suite}: B ${diff.b.runId} against A ${diff.a.runId}, margin ${formatMargin(diff.margin)}, confidence ${formatConfidence(diff.confidence)}${diff.overrides ? ' (given as flags, not the runs’ own)' : ''}`,
  );
  if (diff.promptsPaired)
    printer.out(
      `prompt replaced (${diff.promptsPaired.a} in A, ${diff.promptsPaired.b} in B): cases paired by row`,
    );
  if (diff.differs?.length) printer.out(`inputs differ: ${diff.differs.join('; ')}`);
  for (const m of diff.models) {
    printer.out(
      `  ${m.id}: ${OUTCOME_WORD[m.outcome].toUpperCase()}  mean(d) ${formatDifference(m.meanD, m.ci)}  on ${formatInt(m.pairs)} shared cases, ${formatInt(m.passToFail.length)} pass → fail, ${formatInt(m.failToPass.length)} fail → pass`,
    );
  }
  if (diff.onlyInA.length) printer.out(`  only in A (not compared): ${diff.onlyInA.join(', ')}`);
  if (diff.onlyInB.length) printer.out(`  only in B (not compared): ${diff.onlyInB.join(', ')}`);
  for (const f of files) printer.out(`wrote ${displayPath(f)}`);
  if (diff.regressions.length) {
    printer.out(`regression check: failed (${diff.regressions.join(', ')})`);
    return EXIT.gateFailed;
  }
  const open = diff.models.filter((m) => m.outcome === 'inconclusive').map((m) => m.id);
  printer.out(
    open.length
      ? `regression check: passed, but inconclusive for ${open.join(', ')} (no regression shown, none ruled out)`
      : 'regression check: passed (every model within the margin of A)',
  );
  return EXIT.ok;
}
