import { renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { junitXml } from '../report/junit-xml.js';
import { readRunRecords } from '../report/read-run-records.js';
import { renderReport } from '../report/render-report.js';
import { summaryMarkdown } from '../report/summary-markdown.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

/** `rightsize report <run-dir>`: re-renders report.html, junit.xml and summary.md from the records and summary.json. */
export function reportCommand(dir: string, printer: Printer): number {
  const runDir = resolve(dir);
  const input = readRunRecords(runDir);
  const files = {
    'report.html': renderReport(input),
    'junit.xml': junitXml(input.summary, input.scores, input.results),
    'summary.md': summaryMarkdown(input.summary),
  };
  for (const [name, text] of Object.entries(files)) {
    const file = join(runDir, name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    printer.out(`wrote ${displayPath(file)}`);
  }
  return EXIT.ok;
}
