import { seededRng } from '../../src/compare/seeded-rng.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { RunMeta } from '../../src/schema/run-meta.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import { modelMeta, resultRecord, runMeta, scoreRecord } from './records.js';

export interface DemoRun {
  meta: RunMeta;
  results: ResultRecord[];
  scores: ScoreRecord[];
}

/**
 * A run whose verdicts are known by construction: 400 rows (half `billing`, half `tech`), baseline
 * `gpt` (openai:gpt-4o) passing 90%; `twin` answers like the baseline (switch); `weak` passes 40%
 * (keep); `split` matches the baseline on billing and fails most of tech (switch on billing only);
 * `close` has only 60 rows, with the baseline's pass rate and 10% discordance (inconclusive).
 * Also: errors, a skipped call, unscored outputs, cached calls, judge calls, classification labels
 * and pairwise judgements.
 */
export function demoRun(): DemoRun {
  const rng = seededRng(77);
  const results: ResultRecord[] = [];
  const scores: ScoreRecord[] = [];
  const add = (
    model: string,
    role: 'baseline' | 'candidate',
    rowId: string,
    topic: string,
    pass: boolean | null,
    extra: { result?: Partial<ResultRecord>; score?: Partial<ScoreRecord> } = {},
  ) => {
    const provider = model === 'gpt' ? 'openai:gpt-4o' : `ollama:${model}`;
    const latencyMs = (model === 'gpt' ? 800 : 200) + Math.floor(rng.nextFloat() * 400);
    results.push(resultRecord({ model, role, rowId, provider, latencyMs, ...extra.result }));
    const label = topic === 'billing' ? 'refund' : 'bug';
    scores.push(
      scoreRecord({
        model,
        role,
        rowId,
        score: pass === null ? null : pass ? 1 : 0,
        slices: { topic },
        classes: pass === null ? {} : { intent: { expected: label, predicted: pass ? label : 'other' } },
        namedScores: pass === null ? {} : { exact: pass ? 1 : 0 },
        ...extra.score,
      }),
    );
  };

  for (let i = 0; i < 400; i++) {
    const rowId = `row${String(i).padStart(3, '0')}`;
    const topic = i < 200 ? 'billing' : 'tech';
    const basePass = i % 10 !== 0;
    if (i === 5) {
      add('gpt', 'baseline', rowId, topic, null, {
        result: {
          output: null,
          error: { type: 'rate_limit', message: '429 Too Many Requests', retryable: true },
        },
        score: { unscoredBecause: 'error', reason: 'call failed' },
      });
    } else {
      add('gpt', 'baseline', rowId, topic, basePass, { result: { cached: i < 20 } });
    }
    // `twin`: agrees with the baseline except 5% discordance each way.
    const flip = i % 20 === 3 || i % 20 === 10;
    add('twin', 'candidate', rowId, topic, flip ? !basePass : basePass, {
      score: {
        assertions: [
          {
            type: 'pairwise',
            metric: null,
            weight: 1,
            pass: true,
            score: 1,
            reason: 'tie',
            judge: { model: 'gpt', calls: [], inconsistent: i % 4 === 0 },
          },
        ],
      },
    });
    add('weak', 'candidate', rowId, topic, i % 5 < 2);
    const splitPass = topic === 'billing' ? basePass : i % 10 < 3;
    if (i === 7) {
      add('split', 'candidate', rowId, topic, null, {
        result: { output: null, skipped: 'context_overflow', latencyMs: null },
        score: { unscoredBecause: 'skipped', reason: 'prompt too long' },
      });
    } else if (i === 8) {
      add('split', 'candidate', rowId, topic, null, { score: { reason: 'judge did not answer' } });
    } else {
      add('split', 'candidate', rowId, topic, splitPass);
    }
    // `close`: flips one baseline failure to a pass and one pass to a failure in every 20 rows.
    if (i < 60) add('close', 'candidate', rowId, topic, i % 20 === 0 || i % 20 === 1 ? !basePass : basePass);
    // A judge call by the baseline model: never one of its answers.
    results.push(
      resultRecord({ model: 'gpt', role: 'judge', rowId, caseId: `judge:${rowId}`, latencyMs: 99_999 }),
    );
  }

  const meta = runMeta(
    [
      modelMeta({ label: 'gpt', role: 'baseline', provider: 'openai:gpt-4o', local: false }),
      modelMeta({
        label: 'twin',
        role: 'candidate',
        cost: { perHour: 0.9 },
        profile: { parameters: 494e6, quantization: 'Q4_K_M', contextWindow: 32768, memoryBytes: 4e8 },
      }),
      modelMeta({ label: 'weak', role: 'candidate' }),
      modelMeta({ label: 'split', role: 'candidate' }),
      modelMeta({ label: 'close', role: 'candidate' }),
    ],
    { slices: ['topic'], gate: { requireSwitch: 'any', minPassRate: { twin: 0.8 } } },
    // The plan is what was recorded: every call of this run finished.
    Object.fromEntries(
      ['gpt', 'twin', 'weak', 'split', 'close'].map((m) => [
        m,
        results.filter((r) => r.model === m && r.role !== 'judge').length,
      ]),
    ),
  );
  return { meta, results, scores };
}
