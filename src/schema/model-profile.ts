import { z } from 'zod';

/**
 * What a runtime can tell about a model; null where it cannot, never a guess. Adapters fill it
 * (`Model.profile()`), run.json keeps it, summary.json reports part of it.
 */
export const modelProfileSchema = z.object({
  parameters: z.number().nullable(),
  quantization: z.string().nullable(),
  /** The window the model was trained for (its metadata), or the suite's `contextWindow` override. */
  contextWindow: z.number().nullable(),
  /**
   * The window the runtime actually serves the model with, where that can be smaller than the trained
   * one (Ollama loads models with its own default unless asked for num_ctx). Null: the runtime has such
   * a window but did not tell it; absent: the runtime serves the model's own window.
   */
  servingWindow: z.number().nullable().optional(),
  memoryBytes: z.number().nullable(),
  /**
   * Requests the server decodes at once for this model, where it says (llama.cpp's `/props`
   * `total_slots`); null where it does not (Ollama, vLLM and cloud APIs expose no such figure).
   */
  parallelSlots: z.number().nullable().optional(),
  /** Model family or architecture where known (e.g. 'llama', 'qwen2'). */
  family: z.string().nullable().optional(),
  /** Per-million-token prices where known (frontier model table or the suite). */
  prices: z.object({ inputPerMillion: z.number(), outputPerMillion: z.number() }).nullable().optional(),
});
export type ModelProfile = z.infer<typeof modelProfileSchema>;

/** The part of the profile summary.json reports per model (a public contract). */
export const summaryProfileSchema = modelProfileSchema.pick({
  parameters: true,
  quantization: true,
  contextWindow: true,
  servingWindow: true,
  memoryBytes: true,
});
