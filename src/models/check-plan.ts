import type { CaseRef } from './recorded-file.js';

export type { CaseRef } from './recorded-file.js';

/**
 * What the run stage tells a model's pre-flight check about the run it is about to make, so a runtime
 * that can answer for every call offline (recorded answers) refuses before the first call, not after each.
 */
export interface CheckPlan {
  /** The calls this model will be asked for in this run (resumed ones left out). */
  calls: readonly CaseRef[];
  /** A fact a person should know that does not stop the run (one line). */
  onWarning?: (line: string) => void;
}
