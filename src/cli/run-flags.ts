import type { Shard } from '../run/shard-rows.js';
import { UserError } from '../util/user-error.js';
import type { CompareFlags } from './compare-flags.js';
import { EXIT } from './exit-codes.js';

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
  /** `K/N` or `auto/N`: run shard K of N of the rows (parseShardFlag). */
  shard?: string;
}

/** Set by a Kubernetes Indexed Job in each pod: its completion index, 0 … completions − 1. */
export const JOB_INDEX_VAR = 'JOB_COMPLETION_INDEX';

/**
 * `--shard K/N` (K from 1 to N), or `--shard auto/N`, where K is one more than JOB_COMPLETION_INDEX
 * (a Kubernetes Indexed Job numbers its pods from 0). Anything else is bad input, named with its fix.
 */
export function parseShardFlag(text: string, env: Record<string, string | undefined>): Shard {
  const bad = (why: string, hint: string) =>
    new UserError(`--shard ${text}: ${why}`, { hint, exitCode: EXIT.invalidInput });
  const m = /^\s*(auto|\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw bad('expected K/N, e.g. 2/4 (shard 2 of 4)', 'give K/N with 1 ≤ K ≤ N, or auto/N');
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1)
    throw bad('the shard count N must be a whole number of at least 1', 'e.g. --shard 1/4');
  if (m[1] === 'auto') {
    const raw = env[JOB_INDEX_VAR];
    if (raw === undefined || raw.trim() === '')
      throw bad(
        `auto takes the shard from ${JOB_INDEX_VAR}, which is not set`,
        `run it in a Kubernetes Indexed Job (completionMode: Indexed, completions: ${count}), or give the shard as K/${count}`,
      );
    const index = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || index >= count)
      throw bad(
        `${JOB_INDEX_VAR} is ${raw}, not one of 0 … ${count - 1}`,
        `set the Job's completions to the shard count (${count}), or give the shard as K/${count}`,
      );
    return { index: index + 1, count };
  }
  const index = Number(m[1]);
  if (index < 1 || index > count)
    throw bad(
      `shard ${index} of ${count} does not exist (shards are numbered 1 to ${count})`,
      `e.g. --shard 1/${count}`,
    );
  return { index, count };
}
