import type { OnDownloadProgress } from '../models/gguf-download-progress.js';
import type { BatchState } from '../models/openai-batch.js';
import { executeCalls } from '../run/execute-calls.js';
import { readResults } from '../run/results-file.js';
import type { ModelConfig } from '../schema/model-config.js';
import { parseProviderId } from '../schema/provider-id.js';
import type { ResultRecord } from '../schema/result-record.js';
import { type AssertionResult, SCORE_SCHEMA_VERSION, type ScoreRecord } from '../schema/score-record.js';
import type { AssertionConfig } from '../schema/suite-schema.js';
import type { Case } from '../suite/expand-cases.js';
import type { Row, Suite } from '../suite/suite.js';
import { renderTemplate } from '../suite/template.js';
import { UserError } from '../util/user-error.js';
import { isJudgeAssertion, type JudgePlan } from './assertion-module.js';
import { assertionModule } from './assertion-modules.js';
import { callCost } from './call-cost.js';
import { combineAssertions } from './combine-assertions.js';
import { escalationSignals } from './escalation-signals.js';
import { inputText } from './judge-task.js';
import { renderValue } from './render-value.js';
import { runAssertion } from './run-assertion.js';
import { transformOutput } from './transform-output.js';

export interface ScoreOptions {
  env: Record<string, string | undefined>;
  /** Told as a judge model's file downloads (the CLI draws it; nothing with --quiet). */
  onDownloadProgress?: OnDownloadProgress;
  cacheDir: string | null;
  concurrency?: number;
  signal?: AbortSignal;
  onJudgePlan?: (plan: { total: number }) => void;
  onJudgeRecord?: (record: ResultRecord) => void;
  /** As the run stage's: a judge model whose serving window is unknown. */
  onWarning?: (line: string) => void;
  /** A `batch: true` judge's batch moved on. */
  onBatchStatus?: (model: string, state: BatchState) => void;
  /**
   * Use only judge answers already in results.jsonl and call no model (`compare` on a run that
   * stopped before its scores were written): a judge call not yet made leaves its assertion unscored
   * and is counted in `judgeMissing`.
   */
  recordedJudgesOnly?: boolean;
}

export interface ScoreResult {
  scores: ScoreRecord[];
  judgeCalls: number;
  judgeErrors: number;
  /** Judge calls planned but not in results.jsonl (only with `recordedJudgesOnly`; else 0). */
  judgeMissing: number;
  interrupted: boolean;
}

const pairKey = (r: { rowId: string; promptId: string; repeat: number }) =>
  `${r.rowId}\u0000${r.promptId}\u0000${r.repeat}`;

/**
 * The score stage: every baseline and candidate output is scored with the suite's assertions and its
 * row's. Judge assertions become judge calls made through the run stage (cached, retried and appended
 * to results.jsonl like any call), then their answers are parsed. An errored or skipped call is not
 * scored; an assertion that cannot be scored is null with its reason, and stays out of statistics.
 * A candidate with escalation policies also gets, per output, each policy's signals (`escalation`).
 */
export async function scoreRun(
  suite: Suite,
  resultsFile: string,
  results: readonly ResultRecord[],
  opts: ScoreOptions,
): Promise<ScoreResult> {
  const rows = new Map(suite.rows.map((r) => [r.id, r]));
  const configs = new Map(suite.models.map((m) => [m.label, m]));
  const engine = suite.prompts[0]?.engine ?? 'handlebars';
  const targets = results.filter((r) => r.role !== 'judge' && configs.has(r.model));
  const baselines = new Map(targets.filter((r) => r.role === 'baseline').map((r) => [pairKey(r), r]));

  // Plan every judge call first, so they run as one batch with the run stage's concurrency.
  const plans = new Map<string, JudgePlan>();
  const judges = new Map<string, ModelConfig>();
  for (const record of targets) {
    const row = rows.get(record.rowId);
    if (!row || record.output === null) continue;
    for (const [i, a] of assertionsOf(suite, row).entries()) {
      const module = assertionModule(a.type);
      if (!module || !isJudgeAssertion(module)) continue;
      const plan = module.plan({
        assertion: a,
        target: record,
        baseline: baselines.get(pairKey(record)),
        vars: row.vars,
        rubric: () => rubricText(a, row, engine, suite.dir),
        judge: () => {
          const judge = judgeFor(a, suite);
          judges.set(judge.label, judge);
          return judge;
        },
        where: { suiteDir: suite.dir, file: suite.file, field: `assert[${i}].rubricPrompt` },
        tag: String(i),
      });
      plans.set(`${record.caseId}#${i}`, plan);
    }
  }
  const calls: Case[] = [...plans.values()].flatMap((p) => p.calls);
  opts.onJudgePlan?.({ total: calls.length });
  const judged =
    calls.length === 0
      ? { records: [], interrupted: false }
      : opts.recordedJudgesOnly
        ? recordedJudgeAnswers(resultsFile, calls)
        : await executeCalls(calls, [...judges.values()], resultsFile, {
            env: opts.env,
            baseDir: suite.dir,
            cacheDir: opts.cacheDir,
            ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
            ...(suite.timeoutMs ? { timeoutMs: suite.timeoutMs } : {}),
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.onJudgeRecord ? { onRecord: opts.onJudgeRecord } : {}),
            ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
            ...(opts.onBatchStatus ? { onBatchStatus: opts.onBatchStatus } : {}),
            ...(opts.onDownloadProgress ? { onDownloadProgress: opts.onDownloadProgress } : {}),
          });
  const judgeRecords = new Map(judged.records.map((r) => [r.caseId, r]));

  const escalation = await escalationSignals(suite, targets);
  const scores: ScoreRecord[] = [];
  for (const record of targets) {
    const row = rows.get(record.rowId);
    const config = configs.get(record.model);
    if (!row || !config) continue;
    const scored = await scoreOne(suite, row, record, config, engine, plans, judgeRecords);
    const signals = escalation.get(record.caseId);
    scores.push(signals ? { ...scored, escalation: signals } : scored);
  }
  return {
    scores,
    judgeCalls: calls.length,
    judgeErrors: judged.records.filter((r) => r.error).length,
    judgeMissing: calls.length - judged.records.length,
    interrupted: judged.interrupted,
  };
}

/** The judge calls of `calls` that results.jsonl already holds (the last record of each wins). */
function recordedJudgeAnswers(
  resultsFile: string,
  calls: readonly Case[],
): { records: ResultRecord[]; interrupted: false } {
  const byId = new Map<string, ResultRecord>();
  for (const r of readResults(resultsFile).records) if (r.role === 'judge') byId.set(r.caseId, r);
  const records = calls.map((c) => byId.get(c.id)).filter((r): r is ResultRecord => r !== undefined);
  return { records, interrupted: false };
}

function assertionsOf(suite: Suite, row: Row): AssertionConfig[] {
  return [...suite.assert, ...row.assert];
}

/** Who judges: the assertion's own `provider` (a model label or a provider id), the suite's judge, else the baseline. */
function judgeFor(a: AssertionConfig, suite: Suite): ModelConfig {
  const named = typeof a.provider === 'string' ? a.provider : (a.provider?.id ?? a.provider?.provider);
  if (named !== undefined) {
    const known = [...suite.models, ...(suite.judge ? [suite.judge] : [])].find(
      (m) => m.label === named || m.provider === named,
    );
    if (known) return known;
    const parsed = parseProviderId(named);
    if (!parsed.ok) {
      throw new UserError(
        `the judge "${named}" is not a configured model or a provider id: ${parsed.message}`,
        {
          file: suite.file,
          field: 'assert.provider',
          hint: 'name a model of the suite by its id, or write a provider id such as openai:gpt-4o',
        },
      );
    }
    return { label: named, provider: named, ref: parsed.ref, role: 'judge', options: {} };
  }
  const fallback = suite.judge ?? suite.models.find((m) => m.role === 'baseline');
  if (!fallback) {
    throw new UserError(
      'a judge assertion needs a judge model, and the suite has no baseline to default to',
      {
        file: suite.file,
        field: 'judge',
        hint: 'add `judge: <provider id>` to the suite',
      },
    );
  }
  return fallback;
}

function rubricText(
  a: AssertionConfig,
  row: Row,
  engine: 'handlebars' | 'nunjucks',
  baseDir: string,
): string {
  const value = renderValue(a.value, row.vars, engine, baseDir);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function scoreOne(
  suite: Suite,
  row: Row,
  record: ResultRecord,
  config: ModelConfig,
  engine: 'handlebars' | 'nunjucks',
  plans: ReadonlyMap<string, JudgePlan>,
  judgeRecords: ReadonlyMap<string, ResultRecord>,
): Promise<ScoreRecord> {
  const base = {
    schemaVersion: SCORE_SCHEMA_VERSION,
    caseId: record.caseId,
    rowId: record.rowId,
    promptId: record.promptId,
    model: record.model,
    role: record.role === 'baseline' ? ('baseline' as const) : ('candidate' as const),
    repeat: record.repeat,
    slices: Object.fromEntries(suite.slices.map((s) => [s, stringOf(row.vars[s])])),
  };
  if (record.output === null) {
    const because = record.skipped ? ('skipped' as const) : ('error' as const);
    const reason = record.skipped
      ? `not called: ${record.skipped}`
      : `the call failed: ${record.error?.message ?? 'no output'}`;
    return {
      ...base,
      pass: null,
      score: null,
      reason,
      unscoredBecause: because,
      assertions: [],
      namedScores: {},
      classes: {},
    };
  }
  const output = record.output;
  const options = { ...(suite.defaultOptions ?? {}), ...(row.options ?? {}) };
  const testTransform = stringOrUndefined(options.transform) ?? stringOrUndefined(options.postprocess);
  const results: AssertionResult[] = [];
  for (const [i, a] of assertionsOf(suite, row).entries()) {
    const module = assertionModule(a.type);
    if (!module || !isJudgeAssertion(module)) {
      results.push(
        await runAssertion(a, {
          output,
          vars: row.vars,
          prompt: inputText(record.input),
          latencyMs: record.latencyMs,
          cost: callCost(config, record),
          finishReason: record.finishReason,
          engine,
          baseDir: suite.dir,
          ...(testTransform ? { testTransform } : {}),
        }),
      );
      continue;
    }
    const common = { type: a.type, metric: a.metric ?? null, weight: a.weight ?? 1 };
    const plan = plans.get(`${record.caseId}#${i}`);
    results.push(
      plan
        ? { ...common, ...plan.outcome(judgeRecords) }
        : { ...common, pass: null, score: null, reason: 'no judge call was planned' },
    );
  }
  const combined = combineAssertions(results, row.threshold);
  const classes: ScoreRecord['classes'] = {};
  for (const m of suite.metrics) {
    const expected = renderTemplate(engine, m.label, row.vars).trim();
    const predicted = predictionOf(m.prediction, output, row.vars);
    classes[m.name] = { expected, predicted };
  }
  return {
    ...base,
    pass: combined.pass,
    // promptfoo lets a JavaScript assertion score above 1; the verdict's statistics need 0..1.
    score: combined.score === null ? null : Math.min(1, Math.max(0, combined.score)),
    reason: combined.reason,
    unscoredBecause: combined.score === null ? 'unscored' : null,
    assertions: results,
    namedScores: combined.namedScores,
    classes,
  };
}

/** The predicted label: the schema's JavaScript expression over `output` (and `context.vars`), else the output. */
function predictionOf(expression: string | undefined, output: string, vars: Record<string, unknown>): string {
  if (!expression) return output.trim();
  try {
    return stringOf(transformOutput(expression, output, { vars, prompt: {} }, 5_000)).trim();
  } catch {
    return ''; // an expression that throws predicts nothing, which counts as a miss
  }
}

function stringOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
