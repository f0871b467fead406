import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompareOverrides, compareRun } from '../compare/compare-run.js';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import type { Summary } from '../schema/summary.js';
import { readScores } from '../score/scores-file.js';
import { junitXml } from './junit-xml.js';
import { renderReport } from './render-report.js';
import { summaryMarkdown } from './summary-markdown.js';

export const OUTPUT_FILES = ['summary.json', 'report.html', 'junit.xml', 'summary.md'] as const;

/** Written beside and renamed, so a reader (a browser, a CI step) never sees half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Compares the run's scored records and writes summary.json, report.html, junit.xml and summary.md
 * into its directory. Reads the directory alone (no suite, no model): `rightsize compare` and
 * `rightsize report` call it on a copied CI artifact as well as `rightsize run` at its end. The same
 * records and seed give the same files byte for byte.
 */
export function writeRunOutputs(
  dir: string,
  overrides?: CompareOverrides,
): { summary: Summary; files: string[] } {
  const meta = readRunMeta(dir);
  const scores = readScores(join(dir, 'scores.jsonl'));
  // Records of calls no longer in the suite (it was edited between resumes) are not this run's.
  const scored = new Set(scores.map((s) => s.caseId));
  const results = readResults(join(dir, 'results.jsonl')).records.filter(
    (r) => r.role === 'judge' || scored.has(r.caseId),
  );
  const summary = compareRun({ meta, results, scores, ...(overrides ? { overrides } : {}) });
  const files = {
    'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
    'junit.xml': junitXml(summary, scores, results),
    'summary.md': summaryMarkdown(summary),
    'report.html': renderReport({ meta, summary, results, scores }),
  };
  for (const [name, text] of Object.entries(files)) writeAtomic(join(dir, name), text);
  return { summary, files: OUTPUT_FILES.map((f) => join(dir, f)) };
}
