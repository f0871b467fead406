import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILE } from '../schema/run-files.js';
import { runMetaSchema } from '../schema/run-meta.js';
import { summarySchema, type Verdict } from '../schema/summary.js';
import { gateWord } from './format.js';
import { contentSecurityPolicy, loadTemplates } from './templates.js';

/** A run folder as the index lists it. */
export interface RunEntry {
  /** The folder's name under the reports folder: the only path segment the server accepts. */
  name: string;
  hasReport: boolean;
  suite: string;
  createdAt: string;
  verdicts: { id: string; verdict: Verdict }[];
  baselineOnly: boolean;
  /** The gate in report/format.ts's words: passed, failed, or no gate rules. */
  gate: string | null;
  /** False for a run that stopped short (its summary says so, or it has none). */
  complete: boolean;
  problem: string | null;
}

/** Any of these makes a folder a run's (a run stopped before its outputs has run.json alone). */
export const RUN_MARKERS = [RUN_FILE.meta, RUN_FILE.summary, RUN_FILE.report];

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The run folders directly under `dir` (those holding a run's files), newest first. */
export function listRuns(dir: string): RunEntry[] {
  const runs: RunEntry[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const runDir = join(dir, d.name);
    if (!RUN_MARKERS.some((f) => existsSync(join(runDir, f)))) continue;
    const meta = runMetaSchema.safeParse(readJson(join(runDir, RUN_FILE.meta)));
    const summary = summarySchema.safeParse(readJson(join(runDir, RUN_FILE.summary)));
    runs.push({
      name: d.name,
      hasReport: existsSync(join(runDir, RUN_FILE.report)),
      suite: meta.success ? meta.data.suite : summary.success ? summary.data.suite : '',
      createdAt: meta.success ? meta.data.createdAt : '',
      verdicts: summary.success ? summary.data.candidates.map((c) => ({ id: c.id, verdict: c.verdict })) : [],
      baselineOnly: summary.success && summary.data.candidates.length === 0,
      gate: summary.success ? gateWord(summary.data.gate) : null,
      complete: summary.success && summary.data.complete !== false,
      problem: !summary.success
        ? 'incomplete: no summary.json (the run did not finish; resume it with rightsize run … --resume)'
        : summary.data.complete === false
          ? `incomplete: ${(summary.data.incomplete ?? []).join('; ')}`
          : null,
    });
  }
  return runs.sort((a, b) =>
    a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt < b.createdAt ? 1 : -1,
  );
}

const WORDS: Record<Verdict, string> = { switch: 'switch', keep: 'keep', inconclusive: 'inconclusive' };

/** The index page of `rightsize view`: every run with its verdicts, linking to its report. */
export function renderIndex(folder: string, runs: readonly RunEntry[]): string {
  const t = loadTemplates();
  return t.index({
    csp: contentSecurityPolicy(null, t.indexCss),
    css: t.indexCss,
    folder,
    runs: runs.map((r) => ({
      name: r.name,
      href: r.hasReport ? `${encodeURIComponent(r.name)}/report.html` : null,
      suite: r.suite,
      createdAt: r.createdAt,
      verdicts: r.verdicts.map((v) => ({ ...v, word: WORDS[v.verdict] })),
      baselineOnly: r.baselineOnly,
      gate: r.gate,
      problem: r.problem,
    })),
  });
}
