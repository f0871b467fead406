import type { z } from 'zod';
import type { Margin } from '../schema/margin.js';
import type { thresholdSchema } from '../schema/suite-schema.js';

export const DEFAULT_MARGIN: Margin = { type: 'relative', value: 0.05 };

/** `0.05`, `"5%"` and `{ type, value }` as one Margin. */
export function marginFrom(threshold: z.infer<typeof thresholdSchema> | undefined): Margin {
  if (threshold === undefined) return DEFAULT_MARGIN;
  if (typeof threshold === 'number') return { type: 'relative', value: threshold };
  if (typeof threshold === 'string') return { type: 'relative', value: Number.parseFloat(threshold) / 100 };
  return { type: threshold.type, value: threshold.value };
}
