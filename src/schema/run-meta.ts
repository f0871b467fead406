import { z } from 'zod';
import { runDecideSchema } from './decide.js';
import { confidenceSchema, type EscalationPolicy } from './escalation.js';
import { gateSchema } from './gate.js';
import { marginSchema } from './margin.js';
import { costSchema } from './model-config.js';
import { modelProfileSchema } from './model-profile.js';

/** A model as later stages need it, without secrets (no apiKey, no headers, no baseURL credentials). */
export const runModelSchema = z.object({
  label: z.string(),
  provider: z.string(),
  role: z.enum(['baseline', 'candidate', 'judge']),
  local: z.boolean(),
  /** Calls in flight at once in this run (cost per hour is spread over the throughput this gives). */
  concurrency: z.int().positive().optional(),
  cost: costSchema.optional(),
  /** Its calls went through the Batch API (`batch: true`): priced at the batch price, no latency. */
  batch: z.boolean().optional(),
  /** What the runtime told at run start; null when it could not be asked (e.g. a resumed run with nothing to call). */
  profile: modelProfileSchema.nullable(),
});
export type RunModelMeta = z.infer<typeof runModelSchema>;

/**
 * An escalation policy as compare needs it: its id, how its signals combine, whether it has checks
 * (they ran in the score stage, whose records say whether they failed) and what confidence it reads.
 * The checks themselves are not kept: an assertion may name a judge model with its credentials.
 */
export const runEscalationPolicySchema = z.object({
  id: z.string(),
  when: z.enum(['any', 'all']).optional(),
  checks: z.boolean(),
  confidence: confidenceSchema.optional(),
});
export type RunEscalationPolicy = z.infer<typeof runEscalationPolicySchema>;

/** A suite's policy as run.json keeps it (`runEscalationPolicySchema`). */
export function runEscalationPolicy(policy: EscalationPolicy): RunEscalationPolicy {
  return {
    id: policy.id,
    ...(policy.when ? { when: policy.when } : {}),
    checks: policy.checks !== undefined,
    ...(policy.confidence ? { confidence: policy.confidence } : {}),
  };
}

/**
 * run.json: what a run directory holds, so that `compare` and `report` work from the directory alone
 * (a CI artifact), without the suite file or its dataset.
 */
export const runMetaSchema = z.object({
  schemaVersion: z.literal(1),
  suite: z.string(),
  runId: z.string(),
  suiteFile: z.string(),
  createdAt: z.string(),
  /** Filled before the first call (absent in a directory created by an older build). */
  models: z.array(runModelSchema).optional(),
  /**
   * Calls the suite plans per model label (baseline and candidates), written before the first call:
   * what `compare` counts the records against to tell a complete run from one that stopped short.
   */
  planned: z.record(z.string(), z.int().min(0)).optional(),
  /** Decision settings given as `run` flags over the suite's (the run's verdict of record uses them). */
  overrides: z
    .object({
      margin: marginSchema.optional(),
      confidence: z.number().optional(),
      resamples: z.int().optional(),
      gate: gateSchema.partial().optional(),
    })
    .optional(),
  settings: z
    .object({
      margin: marginSchema,
      confidence: z.number(),
      slices: z.array(z.string()),
      gate: gateSchema,
      requestsPerDay: z.number(),
      /** The suite's `traffic.peakFactor` and `traffic.peakRequestsPerSecond` (absent: not given). */
      peakFactor: z.number().optional(),
      peakRequestsPerSecond: z.number().optional(),
      seed: z.int(),
      judge: z.object({ model: z.string(), defaulted: z.boolean() }).nullable(),
      /** Escalation policies per candidate label (absent: none), for compare's cascades. */
      escalation: z.record(z.string(), z.array(runEscalationPolicySchema)).optional(),
      /** A sequential run's settings and rounds (absent: the fixed-sample procedure). */
      decide: runDecideSchema.optional(),
      /** The suite's `maxErrorRate`: more failed calls than this share and `run` (or `merge`) exits 3. */
      maxErrorRate: z.number().optional(),
    })
    .optional(),
  /**
   * What must agree for runs to be shards of one run (src/run/run-fingerprint.ts): a hash of each part
   * (suite, dataset, prompts, models, scoring, settings, concurrency) and of them all. `merge` compares
   * them part by part to say what differs.
   */
  fingerprint: z.object({ hash: z.string(), parts: z.record(z.string(), z.string()) }).optional(),
  /**
   * A shard of a run (`run --shard K/N`): its index (1-based), the shard count, its rows, and the whole
   * run's rows and calls per model (a merge of some shards knows what is missing). `planned` above
   * counts this shard's calls. Absent: the run holds every row.
   */
  shard: z
    .object({
      index: z.int().min(1),
      count: z.int().min(1),
      rows: z.int().min(0),
      total: z.object({ rows: z.int().min(0), planned: z.record(z.string(), z.int().min(0)) }),
    })
    .optional(),
  /** A run put together by `rightsize merge`: the shard count and the shards it holds (absent: not merged). */
  merged: z
    .object({
      count: z.int().min(1),
      shards: z.array(z.object({ index: z.int().min(1), runId: z.string() })),
    })
    .optional(),
});
export type RunMeta = z.infer<typeof runMetaSchema>;
