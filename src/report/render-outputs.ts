import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_FILES, type OutputFile } from '../schema/run-files.js';
import { junitXml } from './junit-xml.js';
import { type ReportInput, renderReport } from './render-report.js';
import { summaryMarkdown } from './summary-markdown.js';

/** Every output of a run, by file name: the one place that says how each is made from the records. */
export function renderOutputs(input: ReportInput): Record<OutputFile, string> {
  return {
    'summary.json': `${JSON.stringify(input.summary, null, 2)}\n`,
    'report.html': renderReport(input),
    'junit.xml': junitXml(input.summary, input.scores, input.results),
    'summary.md': summaryMarkdown(input.summary),
  };
}

/**
 * Writes the given outputs into `dir`, each beside itself and renamed, so a reader (a browser, a CI
 * step) never sees half a file. Returns the paths written, in OUTPUT_FILES order.
 */
export function writeOutputFiles(dir: string, outputs: Partial<Record<OutputFile, string>>): string[] {
  const written: string[] = [];
  for (const name of OUTPUT_FILES) {
    const text = outputs[name];
    if (text === undefined) continue;
    const file = join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    written.push(file);
  }
  return written;
}
