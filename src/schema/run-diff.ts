import { z } from 'zod';
import { marginSchema } from './margin.js';

export const RUN_DIFF_SCHEMA_VERSION = 1;

/** The files `rightsize diff` writes into its folder (default `<RUN_B>/diff-<run id of A>/`). */
export const DIFF_FILE = { json: 'diff.json', markdown: 'summary.md', html: 'diff.html' } as const;
export const DIFF_FILES = [DIFF_FILE.json, DIFF_FILE.markdown, DIFF_FILE.html] as const;
export type DiffFile = (typeof DIFF_FILES)[number];

const interval = z.tuple([z.number(), z.number()]).nullable();
const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });
const role = z.enum(['baseline', 'candidate']);

/**
 * How B compares with A for one model, from the paired non-inferiority verdict with A as the
 * baseline and B as the candidate: `regression` when B is worse than the margin allows with
 * confidence (the verdict's `keep`), `no-regression` when B is within the margin with confidence
 * (`switch`), `inconclusive` when neither is shown (or no case is shared).
 */
export const diffOutcomeSchema = z.enum(['regression', 'no-regression', 'inconclusive']);
export type DiffOutcome = z.infer<typeof diffOutcomeSchema>;

/** One side of a case whose passes changed: passing repeats of those answered with a pass/fail, mean score. */
const caseSideSchema = z.object({ passed: z.int(), answered: z.int(), score: z.number().nullable() });

/** A case (prompt × row) whose share of passing repeats fell (pass → fail) or rose (fail → pass). */
export const caseChangeSchema = z.object({
  promptId: z.string(),
  rowId: z.string(),
  a: caseSideSchema,
  b: caseSideSchema,
});
export type CaseChange = z.infer<typeof caseChangeSchema>;

export const modelDiffSchema = z.object({
  /** The model's label, the same in both runs. */
  id: z.string(),
  role: z.object({ a: role, b: role }),
  provider: z.object({ a: z.string(), b: z.string() }),
  outcome: diffOutcomeSchema,
  /** Cases (prompt × row) both runs scored for this model; cases scored in one run only. */
  pairs: z.int(),
  casesOnlyA: z.int(),
  casesOnlyB: z.int(),
  /** Mean per-case score of A and of B over the paired cases. */
  meanA: z.number().nullable(),
  meanB: z.number().nullable(),
  /** B − A on the paired cases, and its score interval. */
  diff: z.number().nullable(),
  diffCi: interval,
  /** mean(d) with B as the candidate and A as the baseline (docs/verdict.md), and the interval the outcome reads. */
  meanD: z.number().nullable(),
  ci: interval,
  ratio: z.number().nullable(),
  ratioCi: interval,
  /** Paired cases that would likely settle an inconclusive outcome (null: no estimate, or settled). */
  samplesNeeded: z.int().nullable(),
  /** Clustered McNemar p of B against A, over repeats both answered with a pass/fail. */
  mcnemarP: z.number().nullable(),
  /** Cases whose passes fell, and rose, from A to B, in case order (every one; outputs may cap the list). */
  passToFail: z.array(caseChangeSchema),
  failToPass: z.array(caseChangeSchema),
  /** Each run's own figures for the model (all its timed calls; cost as its summary reckons it). */
  latencyMs: z.object({ a: percentiles, b: percentiles }),
  costPer1k: z.object({ a: z.number().nullable(), b: z.number().nullable() }),
});
export type ModelDiff = z.infer<typeof modelDiffSchema>;

const runRefSchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  /** The directory as it was given to `rightsize diff`. */
  dir: z.string(),
});

/**
 * diff.json: two runs of one suite compared model by model on their shared cases (`rightsize diff`).
 * A record others read, like summary.json: add fields freely, rename none without a version bump.
 */
export const runDiffSchema = z.object({
  schemaVersion: z.literal(RUN_DIFF_SCHEMA_VERSION),
  suite: z.string(),
  a: runRefSchema,
  b: runRefSchema,
  margin: marginSchema,
  confidence: z.number(),
  /** Settings given as flags over the runs' own (absent when none was): what each run said and what was used. */
  overrides: z.record(z.string(), z.object({ a: z.unknown(), b: z.unknown(), used: z.unknown() })).optional(),
  /**
   * What differs between the runs' inputs, in the words of the fingerprint's parts (the prompts, the
   * dataset, the models…); null when a run.json has no fingerprint to tell.
   */
  differs: z.array(z.string()).nullable(),
  /**
   * Each run has one prompt, under different ids (a prompt edited without an `id:` gets a new hash id):
   * its cases are paired by row, the prompt being what changed. Absent: cases paired by prompt id and row.
   */
  promptsPaired: z.object({ a: z.string(), b: z.string() }).optional(),
  models: z.array(modelDiffSchema),
  /** Models only one run has: listed, not compared. */
  onlyInA: z.array(z.string()),
  onlyInB: z.array(z.string()),
  /** Models whose outcome is `regression`; `rightsize diff` exits 1 when there is any. */
  regressions: z.array(z.string()),
});
export type RunDiff = z.infer<typeof runDiffSchema>;
