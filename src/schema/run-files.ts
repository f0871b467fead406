/**
 * The files of a run directory, a public contract (README, docs/architecture.md): the records `run`
 * writes as it goes, and the outputs computed from them (re-rendered by `compare` and `report`).
 */
export const RUN_FILE = {
  meta: 'run.json',
  results: 'results.jsonl',
  scores: 'scores.jsonl',
  /** The Batch API batches of `batch: true` models, written as each is created (src/schema/batch-record.ts). */
  batches: 'batches.jsonl',
  summary: 'summary.json',
  report: 'report.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
} as const;

export const RECORD_FILES = [RUN_FILE.meta, RUN_FILE.results, RUN_FILE.scores, RUN_FILE.batches] as const;
export const OUTPUT_FILES = [RUN_FILE.summary, RUN_FILE.report, RUN_FILE.junit, RUN_FILE.markdown] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];
