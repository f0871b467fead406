import { z } from 'zod';
import { ALL_ASSERTION_TYPES } from './assertion-types.js';
import { modelEntrySchema } from './model-config.js';

/** One assertion, as promptfoo writes it (`type`, `value`, `threshold`, `weight`, `metric`, ...). */
export const assertionSchema = z
  .strictObject({
    type: z.enum(ALL_ASSERTION_TYPES as [string, ...string[]]).describe('Assertion type (promptfoo names).'),
    value: z
      .unknown()
      .optional()
      .describe('Expected value, pattern, rubric or code; strings may use {{column}}.'),
    threshold: z.number().optional().describe('Score at or above which the assertion passes.'),
    weight: z.number().min(0).optional().describe('Weight in the case score (default 1).'),
    metric: z.string().optional().describe('Name under which this assertion is aggregated.'),
    transform: z
      .string()
      .optional()
      .describe('JavaScript expression over `output` applied before asserting.'),
    provider: modelEntrySchema.optional().describe('Judge model for this assertion.'),
    rubricPrompt: z
      .union([z.string(), z.array(z.unknown())])
      .optional()
      .describe('Judge prompt override.'),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('An assertion on the output.');
export type AssertionConfig = z.infer<typeof assertionSchema>;
