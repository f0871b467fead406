import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunRecords } from './read-run-records.js';
import { renderReport } from './render-report.js';

/**
 * `rightsize report <run-dir>` (the HTML part): re-renders report.html from the run's records,
 * overwriting it. Written beside and renamed, so a reader never sees half a page.
 */
export function writeReport(dir: string): { file: string; bytes: number } {
  const records = readRunRecords(dir);
  const html = renderReport(records);
  const file = join(dir, 'report.html');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, file);
  return { file, bytes: Buffer.byteLength(html) };
}
