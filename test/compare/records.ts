import { RESULT_SCHEMA_VERSION, type ResultRecord } from '../../src/schema/result-record.js';
import type { RunMeta, RunModelMeta } from '../../src/schema/run-meta.js';
import { SCORE_SCHEMA_VERSION, type ScoreRecord } from '../../src/schema/score-record.js';

/** A case id as the run stage builds it, close enough for compare (which only needs it unique). */
export function caseId(model: string, rowId: string, promptId = 'p', repeat = 0): string {
  return `${promptId}:${rowId}:${model}:${repeat}`;
}

export function scoreRecord(over: Partial<ScoreRecord> & { model: string; rowId: string }): ScoreRecord {
  const promptId = over.promptId ?? 'p';
  const repeat = over.repeat ?? 0;
  const score = over.score === undefined ? 1 : over.score;
  return {
    schemaVersion: SCORE_SCHEMA_VERSION,
    caseId: caseId(over.model, over.rowId, promptId, repeat),
    promptId,
    role: 'candidate',
    repeat,
    pass: score === null ? null : score >= 0.5,
    score,
    reason: score === null ? 'not scored' : score >= 0.5 ? 'ok' : 'wrong answer',
    unscoredBecause: score === null ? 'unscored' : null,
    assertions: [],
    namedScores: {},
    slices: {},
    classes: {},
    ...over,
  };
}

export function resultRecord(over: Partial<ResultRecord> & { model: string; rowId: string }): ResultRecord {
  const promptId = over.promptId ?? 'p';
  const repeat = over.repeat ?? 0;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    caseId: caseId(over.model, over.rowId, promptId, repeat),
    promptId,
    provider: `ollama:${over.model}`,
    role: 'candidate',
    repeat,
    input: 'question',
    output: 'answer',
    error: null,
    skipped: null,
    attempts: 1,
    cached: false,
    latencyMs: 100,
    ttftMs: 20,
    tokensPerSecond: 50,
    usage: { input: 100, output: 20 },
    finishReason: 'stop',
    finishedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function modelMeta(
  over: Partial<RunModelMeta> & { label: string; role: RunModelMeta['role'] },
): RunModelMeta {
  return { provider: `ollama:${over.label}`, local: true, profile: null, ...over };
}

export function runMeta(
  models: RunModelMeta[],
  settings: Partial<NonNullable<RunMeta['settings']>> = {},
  planned?: Record<string, number>,
): RunMeta {
  return {
    ...(planned ? { planned } : {}),
    schemaVersion: 1,
    suite: 'demo',
    runId: 'demo-2026-01-01T00-00-00',
    suiteFile: '/tmp/demo.yaml',
    createdAt: '2026-01-01T00:00:00.000Z',
    models,
    settings: {
      margin: { type: 'relative', value: 0.05 },
      confidence: 0.95,
      slices: [],
      gate: {},
      requestsPerDay: 10_000,
      seed: 1,
      judge: null,
      ...settings,
    },
  };
}
