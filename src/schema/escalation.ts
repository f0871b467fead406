import { z } from 'zod';
import { assertionSchema } from './assertion-config.js';

/**
 * The confidence an escalation policy reads, as a probability in 0..1:
 * - `from: logprobs`: the candidate's token log-probabilities, summarised as `mean` (the geometric
 *   mean token probability, exp of the mean log-probability), `min` (the least likely token) or
 *   `first` (the first answer token);
 * - `from: repeats`: the share of the candidate's repeats of the case that give the modal answer.
 * Without `below`, the threshold is chosen from the data (swept, then cross-fitted: docs/verdict.md).
 */
export const confidenceSchema = z
  .strictObject({
    from: z.enum(['logprobs', 'repeats']),
    summary: z
      .enum(['mean', 'min', 'first'])
      .optional()
      .describe('How token log-probabilities are summarised (default mean).'),
    below: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Escalate when confidence is below this; absent: chosen from the data.'),
  })
  .describe('Escalate when the candidate is unsure.');
export type ConfidenceConfig = z.infer<typeof confidenceSchema>;

/**
 * An escalation policy: the candidate answers first; the request goes to the baseline when its
 * reference-free checks fail (`checks`, run on the candidate's output as production could) or its
 * confidence is low; `when` says whether any or all of the two kinds of signal must agree.
 */
export const escalationPolicySchema = z
  .strictObject({
    id: z.string().min(1).describe('Names the policy in every output.'),
    when: z.enum(['any', 'all']).optional().describe('Escalate when any (default) or all signals say so.'),
    checks: z
      .array(assertionSchema)
      .min(1)
      .optional()
      .describe('Reference-free assertions on the candidate output; escalate when one fails.'),
    confidence: confidenceSchema.optional(),
  })
  .refine((p) => p.checks !== undefined || p.confidence !== undefined, {
    message: 'an escalation policy needs `checks`, `confidence`, or both',
  })
  .describe('When a request the candidate answered goes on to the baseline.');
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

export const escalateSchema = z
  .array(escalationPolicySchema)
  .min(1)
  .describe('Escalation policies: deploy the candidate first and escalate to the baseline.');

/**
 * What the run records about the candidate's token log-probabilities (natural logs): enough to
 * compute every confidence summary without keeping every token. Null where the runtime gives none.
 */
export const logprobSummarySchema = z.object({
  tokens: z.int().min(0),
  mean: z.number(),
  min: z.number(),
  first: z.number(),
});
export type LogprobSummary = z.infer<typeof logprobSummarySchema>;

/**
 * What the score stage records per candidate output and policy, for compare to simulate the cascade:
 * whether the policy's checks failed (null: no checks, or none could be scored) and the confidence
 * it reads (null: no confidence, or the runtime gave none).
 */
export const escalationSignalSchema = z.object({
  policy: z.string(),
  checksFailed: z.boolean().nullable(),
  confidence: z.number().min(0).max(1).nullable(),
});
export type EscalationSignal = z.infer<typeof escalationSignalSchema>;
