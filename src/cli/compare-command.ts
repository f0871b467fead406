import { resolve } from 'node:path';
import { writeRunOutputs } from '../report/write-outputs.js';
import { type CompareFlags, compareOverrides } from './compare-flags.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';
import { printSummary } from './print-summary.js';

/** `rightsize compare <run-dir>`: recomputes the verdicts and every output from the records, calling no model. */
export function compareCommand(
  dir: string,
  flags: CompareFlags & { quiet?: boolean },
  printer: Printer,
): number {
  const runDir = resolve(dir);
  const { summary, files } = writeRunOutputs(runDir, compareOverrides(flags));
  printSummary(summary, printer);
  for (const f of files) printer.out(`wrote ${displayPath(f)}`);
  return summary.gate.passed ? EXIT.ok : EXIT.gateFailed;
}
