import type { Summary } from '../schema/summary.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

/** A run that stopped short: what is missing, how to finish it, and exit 3 (its figures are partial). */
export function incompleteRunExit(
  summary: Pick<Summary, 'incomplete'>,
  suiteFile: string,
  runDir: string,
  printer: Printer,
): number {
  printer.err('rightsize: the run is incomplete, so its verdicts and gate are not final:');
  for (const line of summary.incomplete ?? []) printer.err(`  ${line}`);
  printer.err(`finish it with: rightsize run ${displayPath(suiteFile)} --resume ${displayPath(runDir)}`);
  return EXIT.runIncomplete;
}
