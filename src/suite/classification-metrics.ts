import type { z } from 'zod';
import type { classificationMetricSchema } from '../schema/suite-schema.js';
import type { ClassificationMetric } from './suite.js';

/**
 * The suite's `metrics:` as loaded, in either layout: each gets a name (`classification`, then
 * `classification-2`, ...) under which summary.json reports its accuracy and macro-F1.
 */
export function classificationMetrics(
  metrics: readonly z.infer<typeof classificationMetricSchema>[] | undefined,
): ClassificationMetric[] {
  return (metrics ?? []).map((m, i) => ({
    type: m.type,
    name: m.name ?? (i === 0 ? 'classification' : `classification-${i + 1}`),
    label: m.label,
    ...(m.prediction ? { prediction: m.prediction } : {}),
  }));
}
