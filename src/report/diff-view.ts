import type { CaseChange, DiffOutcome, ModelDiff, RunDiff } from '../schema/run-diff.js';
import {
  formatChange,
  formatConfidence,
  formatCost,
  formatDifference,
  formatInt,
  formatMargin,
  formatMs,
  formatPValue,
  formatScore,
  samplesNeededText,
} from './format.js';

/** The outcome of B against A in words, the same in summary.md, diff.html and the CLI. */
export const OUTCOME_WORD: Record<DiffOutcome, string> = {
  regression: 'regression',
  'no-regression': 'no regression',
  inconclusive: 'inconclusive',
};

export interface DiffCaveat {
  title: string;
  text: string;
}

export interface DiffModelRow {
  id: string;
  outcome: DiffOutcome;
  outcomeWord: string;
  /** What the outcome means for this model, in one sentence. */
  reading: string;
  provider: string;
  meanD: string;
  diff: string;
  means: string;
  pairs: string;
  passToFail: string;
  failToPass: string;
  mcnemarP: string;
  latencyP50: string;
  latencyP95: string;
  costPer1k: string;
}

export interface DiffCaseRow {
  promptId: string;
  rowId: string;
  passedA: string;
  passedB: string;
  score: string;
}

export interface DiffCaseList {
  model: string;
  direction: 'pass → fail' | 'fail → pass';
  total: number;
  rows: DiffCaseRow[];
  /** Cases left out of `rows` by the cap (all of them are in diff.json). */
  more: number;
}

export interface DiffView {
  suite: string;
  passed: boolean;
  /** The regression check's result in one sentence. */
  gate: string;
  /** How B was checked against A: margin, confidence, pairing. */
  method: string;
  runA: string;
  runB: string;
  caveats: DiffCaveat[];
  models: DiffModelRow[];
  cases: DiffCaseList[];
  /** Models one run has and the other lacks (listed, not compared); null when none. */
  unpaired: string | null;
}

/**
 * What summary.md and diff.html show of a diff, as text: one wording for both (figures through
 * format.ts). `cap` is the most cases listed per model and direction.
 */
export function diffView(diff: RunDiff, cap: number): DiffView {
  const conf = formatConfidence(diff.confidence);
  const margin = formatMargin(diff.margin);
  const regressed = diff.regressions;
  const inconclusive = diff.models.filter((m) => m.outcome === 'inconclusive').map((m) => m.id);
  const gate = regressed.length
    ? `B is worse than A by more than the margin allows for ${regressed.join(', ')}, at ${conf} confidence.`
    : `No model of B is confidently worse than A by more than the margin${inconclusive.length ? ` (inconclusive: ${inconclusive.join(', ')}; more cases would tell)` : ''}.`;
  return {
    suite: diff.suite,
    passed: regressed.length === 0,
    gate,
    method:
      `Each model of run B is checked against the same model of run A on the cases both runs scored ` +
      `(prompt × row, repeats averaged), A as the baseline: within ${margin} of A at ${conf} confidence.`,
    runA: runText(diff.a),
    runB: runText(diff.b),
    caveats: caveats(diff),
    models: diff.models.map((m) => modelRow(m, diff)),
    cases: diff.models.flatMap((m) => [
      caseList(m.id, 'pass → fail', m.passToFail, cap),
      caseList(m.id, 'fail → pass', m.failToPass, cap),
    ]),
    unpaired: unpairedText(diff),
  };
}

function runText(r: RunDiff['a']): string {
  return `${r.runId} (${r.createdAt}, ${r.dir})`;
}

function caveats(diff: RunDiff): DiffCaveat[] {
  const out: DiffCaveat[] = [];
  const changed = Object.entries(diff.overrides ?? {});
  if (changed.length)
    out.push({
      title: 'Settings overridden',
      text: `Compared at settings given as flags, not the runs' own: ${changed
        .map(
          ([key, v]) =>
            `${key} ${settingText(key, v.used)} (A: ${settingText(key, v.a)}, B: ${settingText(key, v.b)})`,
        )
        .join('; ')}.`,
    });
  if (diff.differs === null)
    out.push({
      title: 'Inputs not compared',
      text: "A run.json has no fingerprint (an older build wrote it), so what differs between the runs' inputs is not known; only the cases both runs scored are compared.",
    });
  else if (diff.differs.length)
    out.push({
      title: 'Inputs differ',
      text: `The runs differ in ${diff.differs.join('; ')}. Only the cases both runs scored are compared.`,
    });
  if (diff.promptsPaired)
    out.push({
      title: 'Prompt replaced',
      text: `Each run has one prompt, under another id (A: ${diff.promptsPaired.a}, B: ${diff.promptsPaired.b}), so cases are paired by row; cases are listed under A's prompt id.`,
    });
  const uneven = diff.models.filter((m) => m.casesOnlyA + m.casesOnlyB > 0);
  if (uneven.length)
    out.push({
      title: 'Cases not shared',
      text: `${uneven
        .map((m) => `${m.id}: ${formatInt(m.casesOnlyA)} only in A, ${formatInt(m.casesOnlyB)} only in B`)
        .join('; ')}; these are left out.`,
    });
  return out;
}

function settingText(key: string, value: unknown): string {
  if (key === 'margin') return formatMargin(value as RunDiff['margin']);
  if (key === 'confidence' && typeof value === 'number') return formatConfidence(value);
  return String(value);
}

function modelRow(m: ModelDiff, diff: RunDiff): DiffModelRow {
  return {
    id: m.id,
    outcome: m.outcome,
    outcomeWord: OUTCOME_WORD[m.outcome],
    reading: reading(m, diff),
    provider: m.provider.a === m.provider.b ? m.provider.a : `${m.provider.a} → ${m.provider.b}`,
    meanD: formatDifference(m.meanD, m.ci),
    diff: formatDifference(m.diff, m.diffCi),
    means: `${formatScore(m.meanA)} → ${formatScore(m.meanB)}`,
    pairs: formatInt(m.pairs),
    passToFail: formatInt(m.passToFail.length),
    failToPass: formatInt(m.failToPass.length),
    mcnemarP: formatPValue(m.mcnemarP),
    latencyP50: formatChange(m.latencyMs.a.p50, m.latencyMs.b.p50, formatMs),
    latencyP95: formatChange(m.latencyMs.a.p95, m.latencyMs.b.p95, formatMs),
    costPer1k: formatChange(m.costPer1k.a, m.costPer1k.b, formatCost),
  };
}

function reading(m: ModelDiff, diff: RunDiff): string {
  const margin = formatMargin(diff.margin);
  if (m.outcome === 'regression') return `B is worse than A by more than ${margin}, with confidence.`;
  if (m.outcome === 'no-regression') return `B is within ${margin} of A, with confidence.`;
  if (m.pairs === 0) return 'No case was scored in both runs.';
  return `Neither shown: ${samplesNeededText(m.samplesNeeded, m.pairs)}.`;
}

function caseList(
  model: string,
  direction: DiffCaseList['direction'],
  changes: readonly CaseChange[],
  cap: number,
): DiffCaseList {
  return {
    model,
    direction,
    total: changes.length,
    rows: changes.slice(0, cap).map((c) => ({
      promptId: c.promptId,
      rowId: c.rowId,
      passedA: `${formatInt(c.a.passed)} of ${formatInt(c.a.answered)}`,
      passedB: `${formatInt(c.b.passed)} of ${formatInt(c.b.answered)}`,
      score: `${formatScore(c.a.score)} → ${formatScore(c.b.score)}`,
    })),
    more: Math.max(0, changes.length - cap),
  };
}

function unpairedText(diff: RunDiff): string | null {
  const parts = [
    ...(diff.onlyInA.length ? [`only in A: ${diff.onlyInA.join(', ')}`] : []),
    ...(diff.onlyInB.length ? [`only in B: ${diff.onlyInB.join(', ')}`] : []),
  ];
  return parts.length ? `Not compared (${parts.join('; ')}).` : null;
}
