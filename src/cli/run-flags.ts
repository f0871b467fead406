import type { CompareFlags } from './compare-flags.js';

/** `rightsize run`'s flags as commander parses them (main.ts declares them; run-command.ts reads them). */
export interface RunFlags extends CompareFlags {
  out?: string;
  resume?: string;
  fresh?: boolean;
  concurrency?: number;
  cache: boolean;
  repeat?: number;
  quiet?: boolean;
  /** Decide sequentially (the suite's `decide: { mode: sequential }`). */
  sequential?: boolean;
  /** A sequential run directory to go on with, on a larger dataset or a higher maxCases. */
  continue?: string;
}
