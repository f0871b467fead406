import { fingerprintDifferences } from '../run/run-fingerprint.js';
import type { Margin } from '../schema/margin.js';
import {
  type DiffOutcome,
  type ModelDiff,
  RUN_DIFF_SCHEMA_VERSION,
  type RunDiff,
} from '../schema/run-diff.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { ModelSummary, Summary, Verdict } from '../schema/summary.js';
import { UserError } from '../util/user-error.js';
import { caseChanges } from './case-changes.js';
import { clusteredMcnemar } from './clustered-mcnemar.js';
import { type CompareInput, compareRun } from './compare-run.js';
import { runSettings } from './decision-settings.js';
import { nonInferiority } from './non-inferiority.js';
import { clustersOf, pairClusters } from './paired-clusters.js';

/** One run of a diff: its records, as `compareRun` reads them, and the directory as the user named it. */
export interface DiffSide extends Omit<CompareInput, 'overrides'> {
  dir: string;
}

export interface DiffOverrides {
  margin?: Margin;
  confidence?: number;
}

export interface DiffRunsInput {
  a: DiffSide;
  b: DiffSide;
  /** `--margin` and `--confidence` of `rightsize diff`, over the runs' own settings. */
  overrides?: DiffOverrides;
}

/** The verdict of B as the candidate against A as the baseline, read as a regression check. */
const OUTCOME: Record<Verdict, DiffOutcome> = {
  keep: 'regression',
  switch: 'no-regression',
  inconclusive: 'inconclusive',
};

/**
 * `rightsize diff`: run B against run A of the same suite, model by model on the cases both scored
 * (prompt × row, repeats averaged), with the verdict's own statistic (docs/verdict.md) at the runs'
 * margin and confidence, A as the baseline and B as the candidate. So a model's `regression` is B
 * worse than A by more than the margin allows, with confidence: the same evidence that makes a
 * candidate `keep`. Pure: the same records give the same diff.
 *
 * Refused as bad input (exit 2): runs of different suites, runs that decide at different margins or
 * confidences without a flag choosing one, and runs without a model or a case in common. A run that
 * stopped short is refused with exit 3 (its figures are partial, so a regression or its absence would
 * be too). A different prompt, model build or dataset is what a diff is for: the cases both runs hold
 * are compared and what differs is said (`differs`).
 */
export function diffRuns(input: DiffRunsInput): RunDiff {
  const { a, b } = input;
  if (a.meta.suite !== b.meta.suite)
    throw new UserError(
      `${a.dir} is a run of suite "${a.meta.suite}" and ${b.dir} of suite "${b.meta.suite}": a diff compares two runs of one suite`,
      { hint: 'pass two run directories of the same suite (the `suite` of their run.json)' },
    );
  const summaryA = ownSummary(a);
  const summaryB = ownSummary(b);
  const { margin, confidence, overrides } = diffSettings(a, b, input.overrides ?? {});

  const promptsPaired = singlePrompts(a, b);
  // Paired by row under A's prompt id: B's records are renamed for the pairing only.
  const sideB: DiffSide = promptsPaired
    ? { ...b, scores: b.scores.map((s) => ({ ...s, promptId: promptsPaired.a })) }
    : b;

  const idsB = new Set(summaryB.models.map((m) => m.id));
  const idsA = new Set(summaryA.models.map((m) => m.id));
  const shared = summaryA.models.filter((m) => idsB.has(m.id));
  if (shared.length === 0)
    throw new UserError(`${a.dir} and ${b.dir} have no model in common, so there is nothing to compare`, {
      hint: `a diff pairs models by label: A has ${listOf(summaryA.models)}, B has ${listOf(summaryB.models)}`,
    });

  const models = shared.map((ma) =>
    modelDiff(ma, summaryB.models.find((m) => m.id === ma.id) as ModelSummary, a, sideB, {
      margin,
      confidence,
    }),
  );
  if (models.every((m) => m.pairs === 0))
    throw new UserError(`${a.dir} and ${b.dir} have no case scored in both runs`, {
      hint: 'a diff pairs cases by prompt id and row id: keep row ids stable, and give prompts an `id:` so an edited prompt keeps its cases',
    });

  return {
    schemaVersion: RUN_DIFF_SCHEMA_VERSION,
    suite: a.meta.suite,
    a: runRef(a),
    b: runRef(b),
    margin,
    confidence,
    ...(Object.keys(overrides).length ? { overrides } : {}),
    differs: differences(a.meta, b.meta),
    ...(promptsPaired ? { promptsPaired } : {}),
    models,
    onlyInA: summaryA.models.filter((m) => !idsB.has(m.id)).map((m) => m.id),
    onlyInB: summaryB.models.filter((m) => !idsA.has(m.id)).map((m) => m.id),
    regressions: models.filter((m) => m.outcome === 'regression').map((m) => m.id),
  };
}

/** A run's summary at its own settings; a run that stopped short is refused (exit 3). */
function ownSummary(side: DiffSide): Summary {
  // Only the models, their latency and cost, and completeness are read, none of which resamples: one
  // resample keeps a diff of large runs quick without changing any of them.
  const summary = compareRun({ ...side, overrides: { resamples: 1 } });
  if (summary.complete === false)
    throw new UserError(
      `${side.dir} is incomplete, so its figures are partial: ${(summary.incomplete ?? []).join('; ')}`,
      {
        hint: `finish it with \`rightsize run ${side.meta.suiteFile} --resume ${side.dir}\`, then diff again`,
        exitCode: 3,
      },
    );
  return summary;
}

/**
 * The margin and confidence of the comparison: a flag's, else the runs' own, which must then agree
 * (choosing one run's silently would let an edit to the suite pass for a regression or hide one).
 */
function diffSettings(
  a: DiffSide,
  b: DiffSide,
  o: DiffOverrides,
): { margin: Margin; confidence: number; overrides: NonNullable<RunDiff['overrides']> } {
  const sa = runSettings(a.meta);
  const sb = runSettings(b.meta);
  const overrides: NonNullable<RunDiff['overrides']> = {};
  const pick = <T>(key: 'margin' | 'confidence', va: T, vb: T, flag: T | undefined, example: string): T => {
    const same = JSON.stringify(va) === JSON.stringify(vb);
    if (flag !== undefined) {
      if (!same || JSON.stringify(flag) !== JSON.stringify(va)) overrides[key] = { a: va, b: vb, used: flag };
      return flag;
    }
    if (!same)
      throw new UserError(
        `${a.dir} and ${b.dir} decide at different ${key === 'margin' ? 'margins' : 'confidences'} (A: ${settingText(va)}, B: ${settingText(vb)})`,
        { field: `--${key}`, hint: `choose the one to compare at, e.g. --${key} ${example}` },
      );
    return va;
  };
  const margin = pick('margin', sa.margin, sb.margin, o.margin, '5%');
  const confidence = pick('confidence', sa.confidence, sb.confidence, o.confidence, '0.95');
  return { margin, confidence, overrides };
}

/** One record per case id (the last wins, as compare reads a resumed run), for one model. */
function scoresOf(side: DiffSide, model: string): ScoreRecord[] {
  const byCase = new Map<string, ScoreRecord>();
  for (const s of side.scores) if (s.model === model) byCase.set(s.caseId, s);
  return [...byCase.values()];
}

function modelDiff(
  ma: ModelSummary,
  mb: ModelSummary,
  a: DiffSide,
  b: DiffSide,
  opts: { margin: Margin; confidence: number },
): ModelDiff {
  const scoresA = scoresOf(a, ma.id);
  const scoresB = scoresOf(b, ma.id);
  // B is the candidate, A the baseline: d = B − (1 − m)·A, or B − A + m.
  const pairs = pairClusters(scoresB, scoresA);
  const v = nonInferiority(pairs.c, pairs.b, opts);
  const paired = new Set(pairs.keys);
  const scoredOnly = (records: ScoreRecord[]) =>
    [...clustersOf(records)].filter(([key, c]) => c.count > 0 && !paired.has(key)).length;
  const changes = caseChanges(scoresA, scoresB);
  return {
    id: ma.id,
    role: { a: ma.role, b: mb.role },
    provider: { a: ma.provider, b: mb.provider },
    outcome: OUTCOME[v.verdict],
    pairs: v.pairs,
    casesOnlyA: scoredOnly(scoresA),
    casesOnlyB: scoredOnly(scoresB),
    meanA: v.pairs ? mean(pairs.b) : null,
    meanB: v.pairs ? mean(pairs.c) : null,
    diff: v.diff,
    diffCi: v.diffCi,
    meanD: v.meanD,
    ci: v.ci,
    ratio: v.ratio,
    ratioCi: v.ratioCi,
    samplesNeeded: v.samplesNeeded,
    mcnemarP: clusteredMcnemar(pairs.caseDiscordance),
    passToFail: changes.passToFail,
    failToPass: changes.failToPass,
    latencyMs: { a: ma.latencyMs, b: mb.latencyMs },
    costPer1k: { a: ma.costPer1k, b: mb.costPer1k },
  };
}

/**
 * When each run scored one prompt and their ids differ, the two prompt ids: a prompt edited without an
 * `id:` gets a new hash id, and a new prompt is exactly what a diff is for, so its rows pair. With
 * several prompts there is no telling which replaced which: cases pair by prompt id.
 */
function singlePrompts(a: DiffSide, b: DiffSide): { a: string; b: string } | null {
  const ids = (side: DiffSide) => [...new Set(side.scores.map((s) => s.promptId))];
  const [pa, ...restA] = ids(a);
  const [pb, ...restB] = ids(b);
  if (pa === undefined || pb === undefined || restA.length || restB.length || pa === pb) return null;
  return { a: pa, b: pb };
}

/** What differs between the runs' inputs, by fingerprint part; null when either run.json lacks one. */
function differences(a: RunMeta, b: RunMeta): string[] | null {
  if (!a.fingerprint || !b.fingerprint) return null;
  return fingerprintDifferences(a.fingerprint, b.fingerprint);
}

function runRef(side: DiffSide): RunDiff['a'] {
  return { runId: side.meta.runId, createdAt: side.meta.createdAt, dir: side.dir };
}

/** A margin or confidence as run.json holds it, in a message: "relative 0.05", "0.95". */
function settingText(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'type' in value && 'value' in value)
    return `${String(value.type)} ${String(value.value)}`;
  return String(value);
}

function listOf(models: readonly ModelSummary[]): string {
  return models.map((m) => m.id).join(', ') || 'none';
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
