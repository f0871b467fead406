import { join, resolve } from 'node:path';
import { type MergePlan, planMerge, writeMerge } from '../report/merge-runs.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { RUN_FILE } from '../schema/run-files.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';
import { printSummary } from './print-summary.js';

/** `rightsize merge`'s flags as commander parses them (main.ts declares them). */
export interface MergeFlags {
  out: string;
  allowPartial?: boolean;
  quiet?: boolean;
}

/**
 * `rightsize merge DIR… --out DIR`: one run directory from the shards of a run, as if one process had
 * run it, then its outputs and the exit code `run` would give: 0 gate passed, 1 gate failed, 3 the
 * merged run is incomplete (a shard missing or short, which only `--allow-partial` lets through) or
 * has more failed calls than the suite's maxErrorRate. Folders that are not one run's shards: exit 2.
 */
export async function mergeCommand(dirs: string[], flags: MergeFlags, printer: Printer): Promise<number> {
  const plan = planMerge(dirs, { out: flags.out, show: displayPath });
  if (!flags.allowPartial) refuseShortfall(plan);
  for (const line of shortfallLines(plan)) printer.warn(`--allow-partial: ${line}`);
  const out = resolve(flags.out);
  const { meta, files: records } = writeMerge(plan, out);
  printer.out(
    `merged ${plan.shards.length} of ${plan.count} shards of ${meta.suite}: ${plan.shards.map((s) => displayPath(s.dir)).join(', ')}`,
  );
  const { summary, files } = await writeRunOutputs(out);
  printSummary(summary, printer);
  for (const f of [...records, ...files]) printer.out(`wrote ${displayPath(f)}`);
  printer.out(`view: rightsize view ${displayPath(out)}`);
  if (summary.complete === false) {
    printer.err('rightsize: the merged run is incomplete, so its verdicts and gate are not final:');
    for (const line of [...shortfallLines(plan), ...(summary.incomplete ?? [])]) printer.err(`  ${line}`);
    printer.err(
      `finish the shards (rightsize run ${displayPath(plan.suiteFile)} --shard K/${plan.count} --out DIR, or --resume DIR), then merge them all again`,
    );
    return EXIT.runIncomplete;
  }
  // As `run` checks its calls: a run that is whole but mostly errors says little about the models.
  const calls = plan.shards.flatMap((s) => s.results).filter((r) => r.role !== 'judge');
  const errors = calls.filter((r) => r.error).length;
  const limit = meta.settings?.maxErrorRate;
  if (limit !== undefined && calls.length > 0 && errors / calls.length > limit) {
    printer.err(
      `rightsize: ${errors} of ${calls.length} calls failed (${((errors / calls.length) * 100).toFixed(1)}%, above the suite's maxErrorRate of ${limit * 100}%); see the error field in ${displayPath(join(out, RUN_FILE.results))}`,
    );
    return EXIT.runIncomplete;
  }
  return summary.gate.passed ? EXIT.ok : EXIT.gateFailed;
}

/** What the shards lack, one line each: the missing ones, then those that stop short. */
function shortfallLines(plan: MergePlan): string[] {
  const missing = plan.missing.map((i) => `shard ${i}/${plan.count}: missing (no folder given holds it)`);
  const short = plan.incomplete.map(
    (s) => `shard ${s.index}/${plan.count} (${displayPath(s.dir)}): ${s.problems.join('; ')}`,
  );
  return [...missing, ...short];
}

/** Without --allow-partial, a missing or short shard stops the merge (exit 3), naming it and the fix. */
function refuseShortfall(plan: MergePlan): void {
  const suite = displayPath(plan.suiteFile);
  const partial = 'or pass --allow-partial to merge what there is (the merged run is then marked incomplete)';
  const names = plan.missing.map((i) => `${i}/${plan.count}`);
  if (names.length > 0)
    throw new UserError(
      `${names.length === 1 ? `shard ${names[0]} is` : `shards ${names.join(', ')} are`} missing: no folder given holds ${names.length === 1 ? 'it' : 'them'} (given: ${plan.shards.map((s) => `${s.meta.shard.index}/${plan.count}`).join(', ')})`,
      {
        hint: `run ${names.length === 1 ? 'it' : 'each'} (rightsize run ${suite} --shard ${names[0]} --out DIR) and merge every shard's folder; ${partial}`,
        exitCode: EXIT.runIncomplete,
      },
    );
  const [short, ...others] = plan.incomplete;
  if (short)
    throw new UserError(
      `shard ${short.index}/${plan.count} in ${displayPath(short.dir)} is incomplete: ${short.problems.join('; ')}${others.length ? ` (so are ${others.map((s) => `${s.index}/${plan.count}`).join(', ')})` : ''}`,
      {
        hint: `finish it with: rightsize run ${suite} --resume ${displayPath(short.dir)}, then merge again; ${partial}`,
        exitCode: EXIT.runIncomplete,
      },
    );
}
