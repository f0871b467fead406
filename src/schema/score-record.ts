import { z } from 'zod';
import { escalationSignalSchema } from './escalation.js';

export const SCORE_SCHEMA_VERSION = 1 as const;

/** One assertion's outcome on one output. `score` and `pass` are null when it could not be scored. */
export const assertionResultSchema = z.object({
  /** The assertion type as written, `not-` prefix included. */
  type: z.string(),
  /** promptfoo's `metric` name, when given. */
  metric: z.string().nullable(),
  weight: z.number().min(0),
  pass: z.boolean().nullable(),
  score: z.number().nullable(),
  reason: z.string(),
  /** Judge assertions: which model judged, the case ids of its calls in results.jsonl, and its answers. */
  judge: z
    .object({
      model: z.string(),
      calls: z.array(z.string()),
      /** Pairwise only: the verdicts in each order and whether they disagreed. */
      orders: z
        .array(
          z.object({
            order: z.enum(['candidate-first', 'baseline-first']),
            winner: z.string().nullable(),
            reason: z.string(),
          }),
        )
        .optional(),
      inconsistent: z.boolean().optional(),
    })
    .optional(),
});
export type AssertionResult = z.infer<typeof assertionResultSchema>;

/**
 * One scored output (a baseline or candidate call), as written to scores.jsonl beside results.jsonl.
 * Scores are derived data: the file is rewritten whole by `rightsize run` and `rightsize report`.
 */
export const scoreRecordSchema = z.object({
  schemaVersion: z.literal(SCORE_SCHEMA_VERSION),
  caseId: z.string(),
  rowId: z.string(),
  promptId: z.string(),
  model: z.string(),
  role: z.enum(['baseline', 'candidate']),
  repeat: z.int().min(0),
  /** Null when the call errored, was skipped, or no assertion could be scored. */
  pass: z.boolean().nullable(),
  /** Weighted mean of the scored assertions (promptfoo's rule), 0..1; null when unscored. */
  score: z.number().nullable(),
  reason: z.string(),
  /** 'error' | 'skipped' | 'unscored' when there is no score, else null. */
  unscoredBecause: z.enum(['error', 'skipped', 'unscored']).nullable(),
  assertions: z.array(assertionResultSchema),
  /** promptfoo named metrics (`metric:` on assertions): the weighted score per name. */
  namedScores: z.record(z.string(), z.number()),
  /** The row's value of each slice column named in the suite. */
  slices: z.record(z.string(), z.string()),
  /** Classification metrics: per metric name, the expected label and the predicted one. */
  classes: z.record(z.string(), z.object({ expected: z.string(), predicted: z.string() })),
  /** Candidates with escalation policies: per policy, what its checks and confidence said of this output. */
  escalation: z.array(escalationSignalSchema).optional(),
});
export type ScoreRecord = z.infer<typeof scoreRecordSchema>;
