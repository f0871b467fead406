import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { exportRun } from '../report/export-run.js';
import { EXPORT_FORMATS, type ExportFormat, exportText } from '../report/export-text.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

/** `rightsize export`'s flags as commander parses them (main.ts declares them). */
export interface ExportFlags {
  format?: string;
  out?: string;
}

/**
 * `rightsize export <run-dir>`: one row per baseline and candidate call, as CSV or JSONL, for a
 * spreadsheet or a script (src/report/export-rows.ts for the columns). A view of the records, like
 * `report`: no model is called, and the run directory gets only the export file. `--out -` writes to
 * stdout, without the byte-order mark a file gets (it goes to a program, not to Excel).
 */
export async function exportCommand(
  dir: string,
  flags: ExportFlags,
  printer: Printer,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const format = exportFormat(flags);
  const runDir = resolve(dir);
  const { table, notes } = await exportRun(runDir, env);
  for (const note of notes) printer.warn(note);
  if (flags.out === '-') {
    process.stdout.write(exportText(format, table));
    return EXIT.ok;
  }
  const file = outFile(flags.out, runDir, format);
  mkdirSync(dirname(file), { recursive: true });
  // Through a temporary file, so a file a spreadsheet has open is never left half written.
  writeFileSync(`${file}.tmp`, exportText(format, table, { bom: format === 'csv' }));
  renameSync(`${file}.tmp`, file);
  printer.out(
    `wrote ${displayPath(file)}: ${table.rows.length} rows (one per call), ${table.columns.length} columns`,
  );
  return EXIT.ok;
}

/** `--format`, else what `--out`'s extension says (`calls.jsonl`), else CSV. */
function exportFormat(flags: ExportFlags): ExportFormat {
  const given = flags.format ?? (extname(flags.out ?? '').toLowerCase() === '.jsonl' ? 'jsonl' : 'csv');
  const format = EXPORT_FORMATS.find((f) => f === given.toLowerCase());
  if (format) return format;
  throw new UserError(`unknown export format "${given}".${didYouMean(given, EXPORT_FORMATS)}`, {
    field: '--format',
    hint: `pass ${EXPORT_FORMATS.map((f) => `--format ${f}`).join(' or ')}`,
  });
}

/** `--out` as given (a folder gets `export.<format>` in it), else `<run-dir>/export.<format>`. */
function outFile(out: string | undefined, runDir: string, format: ExportFormat): string {
  const name = `export.${format}`;
  if (out === undefined) return join(runDir, name);
  const file = resolve(out);
  return existsSync(file) && statSync(file).isDirectory() ? join(file, name) : file;
}
