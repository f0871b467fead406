import { z } from 'zod';
import { sizingSchema } from './load-record.js';
import { marginSchema } from './margin.js';
import { summaryProfileSchema } from './model-profile.js';

export const SUMMARY_SCHEMA_VERSION = 1;

const interval = z.tuple([z.number(), z.number()]);
const nullableInterval = interval.nullable();
const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });
export const verdictSchema = z.enum(['switch', 'keep', 'inconclusive']);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * A model's capacity from load.json: the highest load level meeting the latency target, and the
 * servers and cost for the run's traffic at it (docs/verdict.md, Sizing). `sizing` is load.json's,
 * with the traffic and hourly price the sentence about it needs; null when load.json has none.
 */
export const capacitySummarySchema = z.object({
  concurrency: z.int().positive(),
  requestsPerSecond: z.number(),
  target: z.object({ latencyP95Ms: z.number().nullable(), ttftP95Ms: z.number().nullable() }),
  sizing: sizingSchema.extend({ requestsPerDay: z.number(), perHour: z.number().nullable() }).nullable(),
});
export type CapacitySummary = z.infer<typeof capacitySummarySchema>;

/** One server of an endpoint pool: the calls that name it, and their latency and time to first token. */
export const endpointSummarySchema = z.object({
  endpoint: z.string(),
  calls: z.int(),
  latencyMs: percentiles,
  ttftMs: percentiles,
});
export type EndpointSummary = z.infer<typeof endpointSummarySchema>;

export const modelSummarySchema = z.object({
  id: z.string(),
  provider: z.string(),
  role: z.enum(['baseline', 'candidate']),
  /** Planned cases (rows × prompts × repeats) for this model. */
  cases: z.int(),
  /**
   * Calls the run planned for this model and calls recorded in results.jsonl (null planned: run.json
   * does not say, as in a directory written by an older build). Fewer recorded than planned: the
   * run stopped short, and every figure of this model covers only what was recorded.
   */
  calls: z.object({ planned: z.int().nullable(), recorded: z.int() }).optional(),
  /** Calls in flight the run allowed this model (its latency and TTFT were measured at up to this). */
  concurrency: z.int().nullable().optional(),
  /** Calls in flight when each call was sent, itself included (null: the records do not say). */
  inFlight: z.object({ p50: z.number().nullable(), max: z.number().nullable() }).optional(),
  /**
   * True when time to first token grows with the calls in flight: the server queued them, so the
   * latency and TTFT figures include waiting behind the harness's own calls. Null: too few records to tell.
   */
  queueing: z.boolean().nullable().optional(),
  scored: z.int(),
  unscored: z.int(),
  errors: z.int(),
  skipped: z.int(),
  cached: z.int(),
  passRate: z.number().nullable(),
  passRateCi: nullableInterval,
  meanScore: z.number().nullable(),
  meanScoreCi: nullableInterval,
  /** Dataset-level metrics (accuracy, macroF1, per named metric) and promptfoo named scores. */
  metrics: z.record(z.string(), z.number().nullable()),
  latencyMs: percentiles,
  ttftMs: percentiles,
  tokensPerSecond: z.number().nullable(),
  costPer1k: z.number().nullable(),
  monthlyCost: z.number().nullable(),
  /**
   * How `costPer1k` was found: token `prices`, the calls' own `reported` costs (a `file://` provider's),
   * `cost.perHour` spread over the run's throughput, or load.json's sizing (`load-sizing`). Null when
   * unknown, or free (a local model with no price).
   */
  costMethod: z
    .enum(['prices', 'reported', 'per-hour-at-run-throughput', 'load-sizing'])
    .nullable()
    .optional(),
  /**
   * Local models: where the latency figures to size by come from. `run`: `latencyMs` and `ttftMs`,
   * measured in this run at up to `concurrency` calls in flight. `load`: `loadLatencyMs` and
   * `loadTtftMs`, the load sweep's capacity level at `concurrency` (`latencyMs` stays the run's).
   */
  latencySource: z
    .object({ kind: z.enum(['run', 'load']), concurrency: z.int().positive().nullable() })
    .optional(),
  loadLatencyMs: percentiles.optional(),
  loadTtftMs: percentiles.optional(),
  /** Present when load.json has this model: its capacity at the target, null when no level met it. */
  capacity: capacitySummarySchema.nullable().optional(),
  /**
   * A model served by an endpoint pool whose records name two servers or more: each server's figures,
   * by URL (without credentials). Absent otherwise.
   */
  endpoints: z.array(endpointSummarySchema).optional(),
  /**
   * With `endpoints`: true when the servers answered at clearly different speeds (Kruskal–Wallis at 1%
   * and a median ratio of 1.25 or more: `latenciesDiffer`), so the latency figures mix them; null: too
   * few timed calls a server to tell.
   */
  endpointLatencyDiffers: z.boolean().nullable().optional(),
  profile: summaryProfileSchema,
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const sliceVerdictSchema = z.object({
  slice: z.string(),
  value: z.string(),
  cases: z.int(),
  verdict: verdictSchema,
  diff: z.number().nullable(),
  /** mean(d) within the slice, the point estimate `ci` is around (always written by compare). */
  meanD: z.number().nullable().optional(),
  ci: nullableInterval,
  samplesNeeded: z.int().nullable(),
});

/**
 * How a sequential run stopped calling a candidate (docs/verdict.md, Sequential stopping): `decided`
 * (its confidence sequence left 0 behind), `end-of-data` (every case used), `max-cases` (the suite's
 * cap reached), or `records-end` (the records stop before any of these: a run that stopped short, or
 * compare asked for settings under which the recorded cases do not settle it).
 */
export const sequentialStopSchema = z.enum(['decided', 'end-of-data', 'max-cases', 'records-end']);
export type SequentialStop = z.infer<typeof sequentialStopSchema>;

/** A candidate's sequential decision: what it used and what stopping early saved. */
export const candidateSequentialSchema = z.object({
  /** Looks taken up to and including the one that stopped it. */
  looks: z.int().min(0),
  /** Cases (rows under a prompt) used, in the run's order, and the cases the dataset offered (capped by maxCases). */
  casesUsed: z.int().min(0),
  casesAvailable: z.int().min(0),
  stoppedAt: sequentialStopSchema,
  /** This candidate's calls not made: (casesAvailable − casesUsed) × repeats; and what they would have cost (null: cost unknown or free). */
  callsSaved: z.int().min(0),
  costSaved: z.number().nullable(),
  /**
   * Inconclusive at the end of the data: further cases by which 80% of continuations simulated from the
   * observed cases settle it (null when decided, or when no count within reach would).
   */
  moreCasesNeeded: z.int().nullable(),
});
export type CandidateSequential = z.infer<typeof candidateSequentialSchema>;

export const candidateSummarySchema = z.object({
  id: z.string(),
  verdict: verdictSchema,
  /** Paired clusters (cases with both a candidate and a baseline score). */
  pairs: z.int(),
  /** Candidate mean minus baseline mean. */
  diff: z.number().nullable(),
  /** Interval of the non-inferiority statistic mean(d) (docs/verdict.md), at `confidence`. */
  ci: nullableInterval,
  /** mean(d) itself (docs/verdict.md), the point estimate the verdict interval `ci` is around. */
  meanD: z.number().nullable(),
  diffCi: nullableInterval,
  ratio: z.number().nullable(),
  ratioCi: nullableInterval,
  mcnemarP: z.number().nullable(),
  discordant: z.object({ candidateOnly: z.int(), baselineOnly: z.int() }),
  samplesNeeded: z.int().nullable(),
  slices: z.array(sliceVerdictSchema),
  /** Pairwise judging: share of verdicts that changed with the order of the two answers. */
  pairwiseInconsistency: z.number().nullable(),
  /** Sequential runs: the verdict and `ci` are the confidence sequence's at the look that stopped it. */
  sequential: candidateSequentialSchema.optional(),
});
export type CandidateSummary = z.infer<typeof candidateSummarySchema>;

const blendSchema = z.object({
  share: z.number(),
  quality: z.number().nullable(),
  qualityCi: nullableInterval,
  costPer1k: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
});

export const routingSchema = z.object({
  candidate: z.string(),
  slice: z.string(),
  /** Slice values whose traffic goes to the candidate (its verdict there is `switch`). */
  toCandidate: z.array(z.string()),
  hybrid: blendSchema,
  allBaseline: blendSchema,
  allCandidate: blendSchema,
});

/** A decision setting that differs from the suite's: what the suite says and what this output used. */
export const overrideSchema = z.object({ suite: z.unknown(), used: z.unknown() });

/**
 * One way to deploy a candidate: `all` (it takes every request), `slices` (the slice values whose
 * verdict is switch go to it, by `policy` = the slice column) or `cascade` (it answers first and
 * escalates to the baseline by the escalation policy named `policy`). Each has the paired verdict of
 * its quality against the baseline's, at the run's margin, and what it costs and how fast it is.
 */
export const deploymentSchema = z.object({
  candidate: z.string(),
  kind: z.enum(['all', 'slices', 'cascade']),
  policy: z.string().nullable(),
  /** Share of requests the candidate answers itself, with its interval. */
  share: z.number().nullable(),
  shareCi: nullableInterval.optional(),
  /** Cascades: 1 − share, the requests that also go to the baseline. */
  escalationShare: z.number().nullable(),
  quality: z.number().nullable(),
  qualityCi: nullableInterval,
  verdict: verdictSchema,
  /** Interval of mean(d) for the deployment's per-case quality against the baseline's. */
  ci: nullableInterval,
  samplesNeeded: z.int().nullable().optional(),
  costPer1k: z.number().nullable(),
  monthlyCost: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  /** Confidence cascades: the threshold used, and whether it was fixed or chosen on the other half. */
  threshold: z.number().nullable().optional(),
  thresholdChosen: z.enum(['fixed', 'cross-fit']).optional(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** A confidence policy swept over its threshold: quality and cost against the escalated share. */
export const cascadeCurveSchema = z.object({
  candidate: z.string(),
  policy: z.string(),
  points: z.array(
    z.object({
      threshold: z.number(),
      escalationShare: z.number(),
      quality: z.number().nullable(),
      qualityCi: nullableInterval,
      costPer1k: z.number().nullable(),
    }),
  ),
  /** Area under quality vs escalation share, normalised between all-candidate (0) and all-baseline (1). */
  apgr: z.number().nullable(),
  apgrCi: nullableInterval,
  /** Escalation share needed to recover 50% and 80% of the quality gap. */
  shareFor50: z.number().nullable(),
  shareFor50Ci: nullableInterval,
  shareFor80: z.number().nullable(),
  shareFor80Ci: nullableInterval,
});
export type CascadeCurve = z.infer<typeof cascadeCurveSchema>;

export const gateRuleSchema = z.object({ rule: z.string(), passed: z.boolean(), detail: z.string() });

/** summary.json: a public contract (docs/architecture.md, Records). Add fields freely; rename none without a version bump. */
export const summarySchema = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  suite: z.string(),
  runId: z.string(),
  /**
   * False when the run stopped short: a model has fewer calls recorded than planned, or judge calls
   * are missing. Every figure then covers only what was recorded, and the gate does not pass.
   */
  complete: z.boolean().optional(),
  /** What is missing when `complete` is false, one line each (e.g. "qwen: 0 of 80 calls recorded"). */
  incomplete: z.array(z.string()).optional(),
  /** Settings that differ from the suite's (flags given to `run` or `compare`), keyed by setting. */
  overrides: z.record(z.string(), overrideSchema).optional(),
  margin: marginSchema,
  confidence: z.number(),
  /**
   * Which procedure decided: `fixed` (every case, the bootstrap interval) or `sequential` (cases in a
   * seeded order, each candidate stopped once its confidence sequence settled). Absent: fixed.
   */
  procedure: z.enum(['fixed', 'sequential']).optional(),
  /** Sequential runs: the settings, and the baseline calls stopping early saved. */
  sequential: z
    .object({
      batch: z.int().min(1),
      maxCases: z.int().nullable(),
      casesAvailable: z.int().min(0),
      /** Cases the baseline was called on: the most any candidate needed. */
      baselineCasesUsed: z.int().min(0),
      baselineCallsSaved: z.int().min(0),
      baselineCostSaved: z.number().nullable(),
    })
    .optional(),
  seed: z.int(),
  resamples: z.int(),
  /** Who judged: the configured judge, or the baseline by default (`defaulted`). */
  judge: z.object({ model: z.string(), defaulted: z.boolean() }).nullable(),
  models: z.array(modelSummarySchema),
  candidates: z.array(candidateSummarySchema),
  /** Caveat printed with slice verdicts: several slices tested at once inflate false switches. */
  slicesNote: z.string().nullable(),
  routing: z.array(routingSchema),
  /** Every deployment of every candidate (all, slices, cascades), with its verdict, cost and latency. */
  deployments: z.array(deploymentSchema).optional(),
  cascadeCurves: z.array(cascadeCurveSchema).optional(),
  /**
   * The cheapest deployment that earns switch (then the fastest), as the decision to state first;
   * null when none does.
   */
  recommendation: z
    .object({ candidate: z.string(), kind: deploymentSchema.shape.kind, policy: z.string().nullable() })
    .nullable()
    .optional(),
  gate: z.object({ passed: z.boolean(), rules: z.array(gateRuleSchema) }),
});
export type Summary = z.infer<typeof summarySchema>;
