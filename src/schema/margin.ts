import { z } from 'zod';

/**
 * The switch-over margin as every stage after loading holds it: relative (the candidate may score
 * down to (1 − value) × the baseline) or absolute (down to the baseline − value). A suite writes it
 * in friendlier forms (`threshold:` in suite-schema.ts); `suite/margin.ts` turns those into this.
 */
export const marginSchema = z.object({ type: z.enum(['relative', 'absolute']), value: z.number() });
export type Margin = z.infer<typeof marginSchema>;
