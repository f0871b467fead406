import type { ResultRecord } from '../../src/schema/result-record.js';
import type { RunEscalationPolicy } from '../../src/schema/run-meta.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import type { DemoRun } from './demo-run.js';
import { modelMeta, resultRecord, runMeta, scoreRecord } from './records.js';

/** One dataset row of a hand-built cascade run: the candidate's repeats and the baseline's answer. */
export interface CascadeRow {
  id: string;
  /** The candidate's score per repeat. */
  c: number[];
  b: number;
  /** Per repeat: whether the checks failed, and the confidence (logprobs) read. */
  checksFailed: (boolean | null)[];
  confidence: (number | null)[];
  /** Per repeat: the candidate call's latency; the baseline's call. */
  latencyMs?: number[];
  baselineLatencyMs?: number;
  slices?: Record<string, string>;
}

/**
 * A run of baseline `gpt` ($10 per million tokens each way: 100 + 20 tokens a call = $1.20 per 1,000)
 * and candidate `slm` ($1 per million: $0.12 per 1,000) with `policies`, whose score records carry
 * each policy's signals: the row's checks result for a policy with checks, its confidence for a
 * policy reading one, null otherwise (as the score stage writes them).
 */
export function cascadeRun(
  rows: readonly CascadeRow[],
  policies: RunEscalationPolicy[],
  settings: Parameters<typeof runMeta>[1] = {},
): DemoRun {
  const results: ResultRecord[] = [];
  const scores: ScoreRecord[] = [];
  for (const row of rows) {
    results.push(
      resultRecord({
        model: 'gpt',
        role: 'baseline',
        rowId: row.id,
        provider: 'openai:gpt-4o',
        latencyMs: row.baselineLatencyMs ?? 1000,
      }),
    );
    scores.push(
      scoreRecord({ model: 'gpt', role: 'baseline', rowId: row.id, score: row.b, slices: row.slices ?? {} }),
    );
    row.c.forEach((score, repeat) => {
      results.push(
        resultRecord({ model: 'slm', rowId: row.id, repeat, latencyMs: row.latencyMs?.[repeat] ?? 100 }),
      );
      scores.push(
        scoreRecord({
          model: 'slm',
          rowId: row.id,
          repeat,
          score,
          slices: row.slices ?? {},
          escalation: policies.map((p) => ({
            policy: p.id,
            checksFailed: p.checks ? (row.checksFailed[repeat] ?? null) : null,
            confidence: p.confidence ? (row.confidence[repeat] ?? null) : null,
          })),
        }),
      );
    });
  }
  const meta = runMeta(
    [
      modelMeta({
        label: 'gpt',
        role: 'baseline',
        provider: 'openai:gpt-4o',
        local: false,
        cost: { inputPerMillion: 10, outputPerMillion: 10 },
      }),
      modelMeta({ label: 'slm', role: 'candidate', cost: { inputPerMillion: 1, outputPerMillion: 1 } }),
    ],
    { escalation: { slm: policies }, ...settings },
    {
      gpt: rows.length,
      slm: rows.reduce((n, r) => n + r.c.length, 0),
    },
  );
  return { meta, results, scores };
}
