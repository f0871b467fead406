import type { ModelConfig } from '../schema/model-config.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { Suite } from '../suite/suite.js';
import { shortHash } from '../util/hash.js';

type Fingerprint = NonNullable<RunMeta['fingerprint']>;

/** The parts of a fingerprint, each with the words `merge` names it by when shards disagree on it. */
export const FINGERPRINT_PARTS = {
  suite: 'the suite name',
  dataset: "the dataset (its rows' ids and values)",
  prompts: 'the prompts',
  models: 'the models (provider ids, options, prices, prompt filters) or the judge',
  scoring: 'the assertions, metrics or escalation policies',
  settings:
    'the decision settings (margin, confidence, gate, slices, traffic, seed, repeat, decide, maxErrorRate, or the decision flags of `run`)',
  concurrency: 'the calls in flight (--concurrency, or the suite’s concurrency:)',
} as const;
export type FingerprintPart = keyof typeof FINGERPRINT_PARTS;

export interface FingerprintOptions {
  /** The repeats the run makes (`--repeat` over the suite's). */
  repeat: number;
  /** `run --concurrency`, when given. */
  concurrency?: number;
  /** The decision flags given to `run` (run.json's `overrides`). */
  overrides?: RunMeta['overrides'];
}

/**
 * What must be the same for runs to be shards of one run: every input that decides which calls are
 * made, what they send, how they are scored and what the verdict is. Of the dataset, every row (so a
 * shard of another dataset, or of an edited one, is caught, not only one with other ids); of a model,
 * what it is and how it is asked, not where it is served (`baseURL`, keys, headers, time-outs and rate
 * limits may differ between shard machines without changing an answer's meaning). Source positions
 * (file and line) are left out: the suite may be checked out at another path on each machine.
 */
export function runFingerprint(suite: Suite, opts: FingerprintOptions): Fingerprint {
  const model = (m: ModelConfig) => ({
    label: m.label,
    provider: m.provider,
    role: m.role,
    options: m.options,
    cost: m.cost ?? null,
    contextWindow: m.contextWindow ?? null,
    prompts: m.prompts ?? null,
    // Only when set, so fingerprints of suites without them stay as they were.
    ...(m.answers
      ? {
          answers: {
            column: m.answers.column,
            latency: m.answers.latency ?? null,
            usage: m.answers.usage ?? null,
          },
        }
      : {}),
    ...(m.recordedKey ? { key: m.recordedKey.column } : {}),
    ...(m.providerConfig ? { config: m.providerConfig } : {}),
  });
  const inputs: Record<FingerprintPart, unknown> = {
    suite: suite.name,
    dataset: suite.rows.map((r) => ({
      id: r.id,
      vars: r.vars,
      assert: r.assert,
      options: r.options ?? null,
      threshold: r.threshold ?? null,
      metadata: r.metadata ?? null,
    })),
    prompts: suite.prompts.map((p) => ({ id: p.id, label: p.label, engine: p.engine, template: p.template })),
    models: { models: suite.models.map(model), judge: suite.judge ? model(suite.judge) : null },
    scoring: {
      assert: suite.assert,
      defaultOptions: suite.defaultOptions ?? null,
      metrics: suite.metrics,
      escalation: Object.fromEntries(suite.escalation ?? []),
    },
    settings: {
      margin: suite.margin,
      confidence: suite.confidence,
      slices: suite.slices,
      gate: suite.gate,
      requestsPerDay: suite.requestsPerDay,
      peakFactor: suite.peakFactor ?? null,
      peakRequestsPerSecond: suite.peakRequestsPerSecond ?? null,
      seed: suite.seed,
      repeat: opts.repeat,
      decide: suite.decide,
      maxErrorRate: suite.maxErrorRate,
      overrides: opts.overrides ?? null,
    },
    // The calls in flight a model was given are in run.json and in the summary, and a local model's
    // cost per request is its hourly price spread over the throughput they give.
    concurrency: {
      flag: opts.concurrency ?? null,
      suite: suite.concurrency ?? null,
      models: suite.models.map((m) => m.concurrency ?? null),
    },
  };
  const parts = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, shortHash(value, 16)]),
  ) as Record<FingerprintPart, string>;
  return { hash: shortHash(parts, 16), parts };
}

/** The parts on which two fingerprints differ, in the words of FINGERPRINT_PARTS. */
export function fingerprintDifferences(a: Fingerprint, b: Fingerprint): string[] {
  const names = new Set([...Object.keys(a.parts), ...Object.keys(b.parts)]);
  return [...names]
    .filter((name) => a.parts[name] !== b.parts[name])
    .map((name) => FINGERPRINT_PARTS[name as FingerprintPart] ?? name);
}
