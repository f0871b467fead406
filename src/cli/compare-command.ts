import { join, resolve } from 'node:path';
import { applyOverrides, runSettings, settingDifferences } from '../compare/decision-settings.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { readRunMeta } from '../run/run-dir.js';
import { type CompareFlags, compareFolderName, compareOverrides } from './compare-flags.js';
import { EXIT } from './exit-codes.js';
import { incompleteRunExit } from './incomplete-run.js';
import { displayPath, type Printer } from './print.js';
import { printSummary } from './print-summary.js';

/**
 * `rightsize compare <run-dir>`: recomputes the verdicts and every output from the records, calling no
 * model. The run's own outputs are the record of what its suite decided: with a setting that differs
 * from the run's (a looser margin, another gate), the outputs go to a folder of their own, which says
 * what was changed; with none, they are re-rendered in place.
 */
export async function compareCommand(
  dir: string,
  flags: CompareFlags & { quiet?: boolean; out?: string },
  printer: Printer,
): Promise<number> {
  const runDir = resolve(dir);
  const meta = readRunMeta(runDir);
  const overrides = compareOverrides(flags);
  const changed = settingDifferences(runSettings(meta), applyOverrides(runSettings(meta), overrides)) ?? {};
  const outDir = flags.out
    ? resolve(flags.out)
    : Object.keys(changed).length
      ? join(runDir, compareFolderName(changed))
      : runDir;
  const { summary, files } = await writeRunOutputs(runDir, {
    ...(overrides ? { overrides } : {}),
    outDir,
  });
  printSummary(summary, printer);
  for (const f of files) printer.out(`wrote ${displayPath(f)}`);
  if (summary.complete === false) return incompleteRunExit(summary, meta.suiteFile, runDir, printer);
  return summary.gate.passed ? EXIT.ok : EXIT.gateFailed;
}
