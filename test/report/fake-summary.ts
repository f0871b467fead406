import type { ResultRecord } from '../../src/schema/result-record.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import type { Summary, Verdict } from '../../src/schema/summary.js';

/** A candidate of the fake run: its true pass rate and figures, and the verdict the summary states. */
export interface FakeCandidate {
  id: string;
  verdict: Verdict;
  passRate: number;
  latencyMs: number;
  costPer1k: number | null;
  errorRate?: number;
  /** Every n-th row is skipped for context overflow (0: never). */
  skipEvery?: number;
}

function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

const VERDICT_CI: Record<Verdict, [number, number]> = {
  switch: [0.004, 0.041],
  keep: [-0.31, -0.19],
  inconclusive: [-0.052, 0.018],
};

/**
 * The summary.json of a fake run: figures from its records, verdicts as stated by the candidates
 * (the report shows what the summary says; computing verdicts is src/compare's job).
 */
export function fakeSummary(x: {
  models: { id: string; provider: string; role: 'baseline' | 'candidate' }[];
  candidates: FakeCandidate[];
  baseline: { id: string; costPer1k: number };
  results: ResultRecord[];
  scores: ScoreRecord[];
  judge: string;
  judgeDefaulted: boolean;
  routes: readonly string[];
}): Summary {
  const modelSummaries = x.models.map((m, mi) => {
    const own = x.scores.filter((s) => s.model === m.id);
    const scored = own.filter((s) => s.pass !== null);
    const passRate = scored.length ? scored.filter((s) => s.pass).length / scored.length : null;
    const lat = x.results
      .filter((r) => r.model === m.id && r.latencyMs !== null)
      .map((r) => r.latencyMs as number);
    const cand = mi === 0 ? null : x.candidates[mi - 1];
    const p50 = percentile(lat, 0.5);
    const cost = cand ? cand.costPer1k : x.baseline.costPer1k;
    const half =
      passRate === null ? 0 : 1.96 * Math.sqrt((passRate * (1 - passRate)) / Math.max(1, scored.length));
    const ci: [number, number] | null =
      passRate === null ? null : [Math.max(0, passRate - half), Math.min(1, passRate + half)];
    return {
      id: m.id,
      provider: m.provider,
      role: m.role,
      cases: own.length,
      scored: scored.length,
      unscored: own.length - scored.length,
      errors: own.filter((s) => s.unscoredBecause === 'error').length,
      skipped: own.filter((s) => s.unscoredBecause === 'skipped').length,
      cached: 0,
      passRate,
      passRateCi: ci,
      meanScore: passRate,
      meanScoreCi: ci,
      metrics: { accuracy: passRate },
      latencyMs: { p50: percentile(lat, 0.5), p95: percentile(lat, 0.95) },
      ttftMs: { p50: cand && p50 !== null ? p50 * 0.3 : null, p95: null },
      tokensPerSecond: cand ? 55.2 : null,
      costPer1k: cost,
      monthlyCost: cost === null ? null : cost * 150,
      profile: cand
        ? {
            parameters: mi === 1 ? 7.6e9 : mi === 2 ? 1.24e9 : 3.8e9,
            quantization: 'Q4_K_M',
            contextWindow: mi === 3 ? 4096 : 32768,
            memoryBytes: mi === 1 ? 5.4e9 : mi === 2 ? 1.3e9 : null,
          }
        : { parameters: null, quantization: null, contextWindow: 128000, memoryBytes: null },
    };
  });
  const base = modelSummaries[0];
  const candidates = x.candidates.map((c, i) => {
    const m = modelSummaries[i + 1];
    const [lo, hi] = VERDICT_CI[c.verdict];
    const diff = m?.passRate != null && base?.passRate != null ? m.passRate - base.passRate : null;
    return {
      id: c.id,
      verdict: c.verdict,
      pairs: m?.scored ?? 0,
      diff,
      ci: [lo, hi] as [number, number],
      meanD: (lo + hi) / 2,
      diffCi: diff === null ? null : ([diff - 0.035, diff + 0.035] as [number, number]),
      ratio: m?.passRate != null && base?.passRate ? m.passRate / base.passRate : null,
      ratioCi: null,
      mcnemarP: c.verdict === 'keep' ? 0.0004 : 0.21,
      discordant: { candidateOnly: 3, baselineOnly: c.verdict === 'keep' ? 40 : 5 },
      samplesNeeded: c.verdict === 'inconclusive' ? 1240 : null,
      slices: x.routes.map((route, j) => {
        const verdict: Verdict =
          c.verdict === 'keep'
            ? j === 0
              ? 'inconclusive'
              : 'keep'
            : j % 3 === 2
              ? 'inconclusive'
              : 'switch';
        return {
          slice: 'route',
          value: route,
          cases: Math.round((m?.cases ?? 0) / x.routes.length),
          verdict,
          diff: verdict === 'switch' ? 0.01 : verdict === 'keep' ? -0.22 : -0.03,
          ci: VERDICT_CI[verdict],
          samplesNeeded: verdict === 'inconclusive' ? 300 : null,
        };
      }),
      pairwiseInconsistency: 0.1,
    };
  });
  const first = candidates[0];
  return {
    schemaVersion: 1,
    suite: 'support-routing',
    runId: 'support-routing-2026-11-21T10-00-00',
    margin: { type: 'relative', value: 0.05 },
    confidence: 0.95,
    seed: 1,
    resamples: 2000,
    judge: { model: x.judge, defaulted: x.judgeDefaulted },
    models: modelSummaries,
    candidates,
    slicesNote: candidates.length
      ? 'Several slices are tested at once: expect about one false switch in 20 slice verdicts.'
      : null,
    routing: first
      ? [
          {
            candidate: first.id,
            slice: 'route',
            toCandidate: first.slices.filter((s) => s.verdict === 'switch').map((s) => s.value),
            hybrid: {
              share: 0.6,
              quality: 0.9,
              qualityCi: [0.87, 0.93],
              costPer1k: 1.13,
              latencyP95Ms: 1700,
            },
            allBaseline: {
              share: 0,
              quality: base?.passRate ?? null,
              qualityCi: null,
              costPer1k: 2.5,
              latencyP95Ms: 1900,
            },
            allCandidate: { share: 1, quality: 0.88, qualityCi: null, costPer1k: 0.21, latencyP95Ms: 600 },
          },
        ]
      : [],
    // Each candidate alone, and the first one first in a cascade that escalates off-label answers.
    deployments: [
      ...candidates.map((c) => {
        const m = modelSummaries.find((x) => x.id === c.id);
        return {
          candidate: c.id,
          kind: 'all' as const,
          policy: null,
          share: 1,
          escalationShare: 0,
          quality: m?.passRate ?? null,
          qualityCi: m?.passRateCi ?? null,
          verdict: c.verdict,
          ci: c.ci,
          costPer1k: m?.costPer1k ?? null,
          monthlyCost: m?.monthlyCost ?? null,
          latencyP95Ms: m?.latencyMs.p95 ?? null,
        };
      }),
      ...(first
        ? [
            {
              candidate: first.id,
              kind: 'cascade' as const,
              policy: 'off-label',
              share: 0.91,
              shareCi: [0.88, 0.94] as [number, number],
              escalationShare: 0.09,
              quality: 0.92,
              qualityCi: [0.9, 0.94] as [number, number],
              verdict: 'switch' as const,
              ci: [0.004, 0.041] as [number, number],
              costPer1k: 0.42,
              monthlyCost: 63,
              latencyP95Ms: 640,
            },
          ]
        : []),
    ],
    recommendation: first ? { candidate: first.id, kind: 'cascade', policy: 'off-label' } : null,
    gate: first
      ? {
          passed: first.verdict === 'switch',
          rules: [
            {
              rule: `requireSwitch: ${first.id}`,
              passed: first.verdict === 'switch',
              detail: `${first.id}: ${first.verdict}`,
            },
          ],
        }
      : { passed: true, rules: [] },
  };
}
