import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { callsShort, recordedCalls } from '../compare/calls-short.js';
import { readRunRecords } from '../report/read-run-records.js';
import { renderOutputs, writeOutputFiles } from '../report/render-outputs.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import { EXIT } from './exit-codes.js';
import { incompleteRunExit } from './incomplete-run.js';
import { displayPath, type Printer } from './print.js';

/**
 * `rightsize report <run-dir>`: re-renders report.html, junit.xml and summary.md from the records and
 * summary.json. A run that stopped before writing summary.json gets every output computed from its
 * records, marked incomplete. An incomplete run exits 3 with the command that finishes it.
 */
export async function reportCommand(dir: string, printer: Printer): Promise<number> {
  const runDir = resolve(dir);
  const meta = readRunMeta(runDir);
  // summary.json may predate records (a resumed run that stopped again): then it is computed anew.
  const stale =
    existsSync(join(runDir, 'summary.json')) &&
    callsShort(meta.planned ?? {}, recordedCalls(readResults(join(runDir, 'results.jsonl')).records)).length >
      0;
  if (!existsSync(join(runDir, 'summary.json')) || stale) {
    const { summary, files } = await writeRunOutputs(runDir);
    for (const f of files) printer.out(`wrote ${displayPath(f)}`);
    if (summary.complete === false) return incompleteRunExit(summary, meta.suiteFile, runDir, printer);
    return EXIT.ok;
  }
  const input = readRunRecords(runDir);
  // summary.json is the record here: the other three are views of it and the records.
  const { 'summary.json': _kept, ...views } = renderOutputs(input);
  for (const file of writeOutputFiles(runDir, views)) printer.out(`wrote ${displayPath(file)}`);
  if (input.summary.complete === false)
    return incompleteRunExit(input.summary, meta.suiteFile, runDir, printer);
  return EXIT.ok;
}
