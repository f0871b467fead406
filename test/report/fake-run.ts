import { type ResultRecord, resultRecordSchema } from '../../src/schema/result-record.js';
import { type RunMeta, runMetaSchema } from '../../src/schema/run-meta.js';
import { type AssertionResult, type ScoreRecord, scoreRecordSchema } from '../../src/schema/score-record.js';
import { type Summary, summarySchema } from '../../src/schema/summary.js';
import { type FakeCandidate, fakeSummary } from './fake-summary.js';

export type { FakeCandidate } from './fake-summary.js';

/** A candidate of the fake run: its true pass rate and figures, and the verdict the summary states. */

export interface FakeRunOptions {
  rows?: number;
  prompts?: number;
  repeats?: number;
  candidates?: FakeCandidate[];
  /** Put this text in the first candidate's output of the first case (and the dataset's input). */
  hostile?: string;
  judgeDefaulted?: boolean;
  /** Share of candidate outputs judged pairwise against the baseline (both orders recorded). */
  pairwiseShare?: number;
  seed?: number;
}

export interface FakeRun {
  meta: RunMeta;
  summary: Summary;
  results: ResultRecord[];
  scores: ScoreRecord[];
}

export const DEFAULT_CANDIDATES: FakeCandidate[] = [
  { id: 'qwen2.5:7b', verdict: 'switch', passRate: 0.9, latencyMs: 420, costPer1k: 0.21, skipEvery: 0 },
  { id: 'llama3.2:1b', verdict: 'keep', passRate: 0.62, latencyMs: 140, costPer1k: 0.05, errorRate: 0.03 },
  {
    id: 'phi3.5:3.8b',
    verdict: 'inconclusive',
    passRate: 0.85,
    latencyMs: 260,
    costPer1k: 0.12,
    skipEvery: 37,
  },
];

const ROUTES = ['cards', 'billing', 'transfers', 'security', 'account'];
const SUBJECTS = ['my card', 'a transfer', 'the fee', 'my PIN', 'a refund', 'my account', 'the app'];
const PROBLEMS = [
  'has not arrived yet',
  'shows up twice on my statement',
  'was declined at the shop',
  'is blocked and I need it today',
  'looks wrong, can you check it?',
];

/** mulberry32: a small seeded generator, so the same options give the same run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(xs: readonly T[], r: number): T {
  return xs[Math.floor(r * xs.length) % xs.length] as T;
}

/**
 * A valid run directory's records (validated by the zod schemas) for `rows × prompts × repeats` cases
 * and a baseline plus candidates, with slices, failures, errors, skipped calls and pairwise judging.
 * The summary's verdicts are stated, not computed: the report shows what summary.json says.
 */
export function fakeRun(opts: FakeRunOptions = {}): FakeRun {
  const rows = opts.rows ?? 40;
  const prompts = opts.prompts ?? 1;
  const repeats = opts.repeats ?? 1;
  const candidates = opts.candidates ?? DEFAULT_CANDIDATES;
  const pairwiseShare = opts.pairwiseShare ?? 0.25;
  const rand = rng(opts.seed ?? 7);
  const baseline = { id: 'gpt-4o', passRate: 0.92, latencyMs: 1400, costPer1k: 2.5 };
  const judge = opts.judgeDefaulted === false ? 'gpt-4.1' : baseline.id;
  const models = [
    { id: baseline.id, provider: 'openai:gpt-4o', role: 'baseline' as const },
    ...candidates.map((c) => ({ id: c.id, provider: `ollama:${c.id}`, role: 'candidate' as const })),
  ];

  const results: ResultRecord[] = [];
  const scores: ScoreRecord[] = [];
  let n = 0;
  for (let row = 0; row < rows; row++) {
    const rowId = `msg-${String(row).padStart(5, '0')}`;
    const route = pick(ROUTES, rand());
    const text =
      row === 0 && opts.hostile !== undefined
        ? opts.hostile
        : `${pick(SUBJECTS, rand())} ${pick(PROBLEMS, rand())} (ref ${row})`;
    for (let p = 0; p < prompts; p++) {
      const promptId = p === 0 ? 'route' : `route-v${p + 1}`;
      const input =
        p === 0
          ? `Route this banking support message to one queue (cards, billing, transfers, security, account). Answer with the queue name only.\n\nMessage: ${text}`
          : [
              {
                role: 'system' as const,
                content: 'You route banking support messages. Answer with one queue name.',
              },
              { role: 'user' as const, content: text },
            ];
      for (let k = 0; k < repeats; k++) {
        let baselinePass = true;
        models.forEach((m, mi) => {
          const cand = mi === 0 ? null : (candidates[mi - 1] as FakeCandidate);
          const truth = cand ?? baseline;
          const caseId = `c-${(n++).toString(16).padStart(8, '0')}`;
          const skipped = cand?.skipEvery ? row % cand.skipEvery === cand.skipEvery - 1 : false;
          const errored = !skipped && cand?.errorRate ? rand() < cand.errorRate : false;
          const pass = rand() < truth.passRate;
          const wrong = pick(
            ROUTES.filter((r) => r !== route),
            rand(),
          );
          let output: string | null = skipped || errored ? null : pass ? route : `${wrong}`;
          if (row === 0 && mi === 1 && opts.hostile !== undefined) output = `${route} ${opts.hostile}`;
          const latency = skipped ? null : Math.round(truth.latencyMs * (0.6 + rand() * 0.9));
          results.push({
            schemaVersion: 1,
            caseId,
            rowId,
            promptId,
            model: m.id,
            provider: m.provider,
            role: m.role,
            repeat: k,
            input,
            output,
            error: errored
              ? { type: 'server', message: 'HTTP 503: model is loading', retryable: true, status: 503 }
              : null,
            skipped: skipped ? 'context_overflow' : null,
            attempts: skipped ? 0 : errored ? 3 : 1,
            cached: false,
            latencyMs: latency,
            ttftMs: latency === null ? null : Math.round(latency * 0.3),
            tokensPerSecond: latency === null ? null : cand ? 40 + rand() * 30 : null,
            usage: { input: skipped ? null : 58 + (row % 9), output: output === null ? null : 2 },
            finishReason: output === null ? null : 'stop',
            raw: { note: 'RAW-PAYLOAD-NOT-FOR-REPORT' },
            finishedAt: '2026-11-21T10:00:00.000Z',
          });
          const unscoredBecause = skipped ? 'skipped' : errored ? 'error' : null;
          const assertions: AssertionResult[] = [];
          if (!unscoredBecause) {
            assertions.push({
              type: 'equals',
              metric: 'accuracy',
              weight: 1,
              pass,
              score: pass ? 1 : 0,
              reason: pass ? 'Output equals the expected route' : `Expected "${route}" but got "${output}"`,
            });
            if (cand && rand() < pairwiseShare) {
              const inconsistent = rand() < 0.1;
              assertions.push({
                type: 'select-best',
                metric: null,
                weight: 0,
                pass: pass ? true : null,
                score: pass ? 1 : null,
                reason: pass
                  ? 'Both orders prefer or tie with the candidate'
                  : 'The orders disagree: unscored',
                judge: {
                  model: judge,
                  calls: [`${caseId}-j1`, `${caseId}-j2`],
                  orders: [
                    {
                      order: 'candidate-first',
                      winner: pass ? m.id : baseline.id,
                      reason: `Answer A routes to ${output ?? 'nothing'}, which ${pass ? 'matches' : 'does not match'} the message about ${route}.`,
                    },
                    {
                      order: 'baseline-first',
                      winner: inconsistent ? baseline.id : pass ? m.id : baseline.id,
                      reason: `Answer B ${pass ? 'is as good as' : 'is worse than'} answer A for a ${route} request.`,
                    },
                  ],
                  inconsistent,
                },
              });
            }
          }
          if (mi === 0) baselinePass = pass;
          scores.push({
            schemaVersion: 1,
            caseId,
            rowId,
            promptId,
            model: m.id,
            role: m.role,
            repeat: k,
            pass: unscoredBecause ? null : pass,
            score: unscoredBecause ? null : pass ? 1 : 0,
            reason: unscoredBecause
              ? unscoredBecause === 'error'
                ? 'The call failed'
                : 'Skipped: the prompt does not fit the context window'
              : pass
                ? 'All assertions passed'
                : `equals failed${baselinePass && mi > 0 ? ' (the baseline passed)' : ''}`,
            unscoredBecause,
            assertions,
            namedScores: unscoredBecause ? {} : { accuracy: pass ? 1 : 0 },
            slices: { route },
            classes: unscoredBecause ? {} : { accuracy: { expected: route, predicted: output ?? '' } },
          });
        });
      }
    }
  }
  // A judge call, as the run records it: it is not a case and must not show as one.
  results.push({
    ...(results[0] as ResultRecord),
    caseId: 'c-judge-0',
    model: judge,
    role: 'judge',
    output: '{"winner":"A"}',
  });

  const summary = fakeSummary({
    models,
    candidates,
    baseline,
    results,
    scores,
    judge,
    judgeDefaulted: opts.judgeDefaulted !== false,
    routes: ROUTES,
  });
  const meta: RunMeta = {
    schemaVersion: 1,
    suite: 'support-routing',
    runId: 'support-routing-2026-11-21T10-00-00',
    suiteFile: 'evals/support-routing.yaml',
    createdAt: '2026-11-21T10:00:00.000Z',
    models: models.map((m) => ({
      label: m.id,
      provider: m.provider,
      role: m.role,
      local: m.role === 'candidate',
      profile: null,
    })),
    settings: {
      margin: { type: 'relative', value: 0.05 },
      confidence: 0.95,
      slices: ['route'],
      gate: { requireSwitch: candidates[0]?.id ?? [] },
      requestsPerDay: 5000,
      seed: 1,
      judge: { model: judge, defaulted: opts.judgeDefaulted !== false },
    },
  };
  return {
    meta: runMetaSchema.parse(meta),
    summary: summarySchema.parse(summary),
    results: results.map((r) => resultRecordSchema.parse(r)),
    scores: scores.map((s) => scoreRecordSchema.parse(s)),
  };
}
