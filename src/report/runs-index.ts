import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIFF_FILE, runDiffSchema } from '../schema/run-diff.js';
import { RUN_FILE } from '../schema/run-files.js';
import { runMetaSchema } from '../schema/run-meta.js';
import { type ModelSummary, summarySchema, type Verdict } from '../schema/summary.js';
import { type TrendChart, trendChart } from './charts/trend-chart.js';
import { formatCost, formatMeanScore, formatPassRate, gateWord } from './format.js';
import type { QualityKind } from './quality.js';
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
  /** Each model's quality and cost as summary.json states them (empty without a summary). */
  models: Pick<ModelSummary, 'id' | 'role' | 'passRate' | 'meanScore' | 'costPer1k'>[];
  /** `rightsize diff` folders inside the run (its default place for a diff against an earlier run). */
  diffs: RunDiffEntry[];
}

/** A diff of this run (B) against an earlier one, as the index links it. */
export interface RunDiffEntry {
  /** The folder's name inside the run folder: the only other path segment the server accepts. */
  folder: string;
  againstRunId: string;
  regressions: string[];
}

/** A suite's runs, newest first, and its models' quality across them. */
export interface SuiteHistory {
  suite: string;
  runs: RunEntry[];
  /** One quality figure for the whole suite, so its runs compare on one axis. */
  kind: QualityKind;
  trend: TrendChart | null;
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
      models: summary.success
        ? summary.data.models.map((m) => ({
            id: m.id,
            role: m.role,
            passRate: m.passRate,
            meanScore: m.meanScore,
            costPer1k: m.costPer1k,
          }))
        : [],
      diffs: listDiffs(runDir),
    });
  }
  return runs.sort((a, b) =>
    a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt < b.createdAt ? 1 : -1,
  );
}

/** Folders inside a run holding a diff (diff.json and diff.html), by folder name. */
function listDiffs(runDir: string): RunDiffEntry[] {
  const out: RunDiffEntry[] = [];
  for (const d of readdirSync(runDir, { withFileTypes: true })) {
    if (!d.isDirectory() || !existsSync(join(runDir, d.name, DIFF_FILE.html))) continue;
    const diff = runDiffSchema.safeParse(readJson(join(runDir, d.name, DIFF_FILE.json)));
    if (!diff.success) continue;
    out.push({ folder: d.name, againstRunId: diff.data.a.runId, regressions: diff.data.regressions });
  }
  return out.sort((a, b) => a.folder.localeCompare(b.folder));
}

/**
 * The runs grouped by suite, each group newest first with its trend (oldest run first on the chart);
 * the group with the newest run comes first. Runs whose suite is unknown (no readable run.json or
 * summary) form a group of their own.
 */
export function suiteHistories(runs: readonly RunEntry[]): SuiteHistory[] {
  const bySuite = new Map<string, RunEntry[]>();
  for (const r of runs) {
    const list = bySuite.get(r.suite);
    if (list) list.push(r);
    else bySuite.set(r.suite, [r]);
  }
  const newestFirst = (a: RunEntry, b: RunEntry) =>
    a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt < b.createdAt ? 1 : -1;
  return [...bySuite]
    .map(([suite, list]) => {
      const sorted = [...list].sort(newestFirst);
      const kind = suiteQualityKind(sorted);
      return { suite, runs: sorted, kind, trend: trendChart([...sorted].reverse(), kind) };
    })
    .sort((a, b) => newestFirst(a.runs[0] as RunEntry, b.runs[0] as RunEntry));
}

/** The mean score when any run has one (as the report charts it, `qualityKind`), else the pass rate. */
function suiteQualityKind(runs: readonly RunEntry[]): QualityKind {
  return runs.some((r) => r.models.some((m) => m.meanScore !== null)) ? 'mean score' : 'pass rate';
}

const WORDS: Record<Verdict, string> = { switch: 'switch', keep: 'keep', inconclusive: 'inconclusive' };

/**
 * The index page of `rightsize view`: the runs grouped by suite, each with its models' quality and
 * cost, verdicts, gate and diffs, linking to its report, and each suite's quality across its runs.
 */
export function renderIndex(folder: string, runs: readonly RunEntry[]): string {
  const t = loadTemplates();
  return t.index({
    csp: contentSecurityPolicy(null, t.indexCss),
    css: t.indexCss,
    folder,
    suites: suiteHistories(runs).map((g) => ({
      suite: g.suite || '(unknown suite)',
      kind: g.kind,
      count: `${g.runs.length} run${g.runs.length === 1 ? '' : 's'}`,
      trend: g.trend,
      trendNote: g.trend ? null : 'one run with figures so far: the trend needs two',
      runs: g.runs.map((r) => ({
        name: r.name,
        href: r.hasReport ? `${encodeURIComponent(r.name)}/report.html` : null,
        createdAt: r.createdAt,
        verdicts: r.verdicts.map((v) => ({ ...v, word: WORDS[v.verdict] })),
        baselineOnly: r.baselineOnly,
        gate: r.gate,
        problem: r.problem,
        models: r.models.map((m) => ({
          id: m.id,
          quality:
            g.kind === 'mean score' ? formatMeanScore(m.meanScore, null) : formatPassRate(m.passRate, null),
          cost: formatCost(m.costPer1k),
        })),
        diffs: r.diffs.map((d) => ({
          href: `${encodeURIComponent(r.name)}/${encodeURIComponent(d.folder)}/${DIFF_FILE.html}`,
          against: d.againstRunId,
          regressions: d.regressions.length ? d.regressions.join(', ') : null,
        })),
      })),
    })),
  });
}
