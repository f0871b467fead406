import { loadSuite } from '../suite/load-suite.js';
import { EXIT } from './exit-codes.js';
import type { RunFlags } from './main.js';
import { makePrinter } from './print.js';

/** `rightsize run`: placeholder wired below as the run stage lands. */
export async function runCommand(suitePath: string, flags: RunFlags, _debug: boolean): Promise<number> {
  const printer = makePrinter({ quiet: flags.quiet });
  const suite = loadSuite(suitePath, process.env);
  for (const w of suite.warnings) printer.warn(w);
  return EXIT.ok;
}
