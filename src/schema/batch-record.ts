import { z } from 'zod';

/**
 * One line of a run directory's batches.jsonl: a Batch API batch (OpenAI's `batch_…` id) holding some
 * of a model's calls, by case id, written the moment it is created so that a resumed run goes back to
 * it instead of paying for the calls again; a second line with `done: true` once its answers are
 * recorded in results.jsonl.
 */
export const batchRecordSchema = z.object({
  schemaVersion: z.literal(1),
  /** The model's label. */
  model: z.string(),
  batchId: z.string(),
  /** The `rightsize_calls` metadata the batch was created with: a hash of the model and its calls. */
  tag: z.string(),
  customIds: z.array(z.string()),
  createdAt: z.string(),
  done: z.boolean().optional(),
});
export type BatchRecord = z.infer<typeof batchRecordSchema>;
