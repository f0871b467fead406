import { z } from 'zod';
import { chatMessageSchema } from './chat-message.js';
import { logprobSummarySchema } from './escalation.js';

export const RESULT_SCHEMA_VERSION = 1;

/** One finished call, as appended to results.jsonl (a public contract: docs/architecture.md, Records). */
export const resultRecordSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  caseId: z.string(),
  rowId: z.string(),
  promptId: z.string(),
  model: z.string(),
  provider: z.string(),
  role: z.enum(['baseline', 'candidate', 'judge']),
  repeat: z.int().min(0),
  /** The rendered prompt: a string for a single user message, else the chat messages. */
  input: z.union([z.string(), z.array(chatMessageSchema)]),
  output: z.string().nullable(),
  error: z
    .object({
      type: z.string(),
      message: z.string(),
      retryable: z.boolean(),
      status: z.number().nullable().optional(),
    })
    .nullable(),
  /** Why the call was not made (e.g. the prompt cannot fit the model's context window). */
  skipped: z.enum(['context_overflow']).nullable().default(null),
  attempts: z.int().min(0),
  cached: z.boolean(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  usage: z.object({ input: z.number().nullable(), output: z.number().nullable() }),
  finishReason: z.string().nullable(),
  /** The call's price in USD as the runtime reported it (a `file://` provider's `cost`); absent when it did not. */
  cost: z.number().min(0).optional(),
  promptTruncated: z.boolean().optional(),
  /**
   * Calls in flight to this model when this one was sent, itself included (its last attempt); null
   * when no call was made (a cache hit, a skip). Latency measured at 4 in flight includes what the
   * server does with the other 3. Absent in records written before it was added.
   */
  inFlight: z.int().positive().nullable().optional(),
  /**
   * A sequential run's position of this call's case (a row under a prompt) in its seeded order, from
   * 0: compare replays the looks in this order. Absent in a fixed-sample run.
   */
  sequence: z.int().min(0).optional(),
  /**
   * A model served by an endpoint pool: the server that gave this answer or this final error, by its
   * URL without credentials; null when no server did (all were out, a skip). Absent for a model with
   * one server.
   */
  endpoint: z.string().nullable().optional(),
  /** The answer's token log-probabilities, summarised, when asked for (an escalation policy reads them); null where the runtime gives none. */
  logprobs: logprobSummarySchema.nullable().optional(),
  /** The runtime's own figures (durations, timings), for audit. Never holds secrets. */
  raw: z.unknown().optional(),
  finishedAt: z.string(),
});
export type ResultRecord = z.infer<typeof resultRecordSchema>;
