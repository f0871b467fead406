import type { RunMeta } from '../schema/run-meta.js';
import { loadSuite } from '../suite/load-suite.js';

export type RowVars =
  | { ok: true; vars: ReadonlyMap<string, Readonly<Record<string, unknown>>> }
  | { ok: false; problem: string };

/**
 * Each dataset row's values, by row id. A run directory does not keep them (results.jsonl has the
 * rendered prompt, scores.jsonl only the slice columns), so they are read from the suite file that
 * run.json names, as it is now: a row whose id the dataset no longer has gets none. A directory
 * copied away from its suite, or a file that is now another suite, gives the reason instead.
 */
export function rowVars(meta: RunMeta, env: Record<string, string | undefined>): RowVars {
  let suite: ReturnType<typeof loadSuite>;
  try {
    suite = loadSuite(meta.suiteFile, env);
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    return { ok: false, problem: `the suite file ${meta.suiteFile} cannot be read (${why})` };
  }
  if (suite.name !== meta.suite) {
    return { ok: false, problem: `${meta.suiteFile} is now suite "${suite.name}", not "${meta.suite}"` };
  }
  return { ok: true, vars: new Map(suite.rows.map((r) => [r.id, r.vars])) };
}
