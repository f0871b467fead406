import { z } from 'zod';
import { decideSchema } from './decide.js';
import { escalateSchema } from './escalation.js';
import { modelEntrySchema } from './model-config.js';
import {
  assertionSchema,
  classificationMetricSchema,
  gateSchema,
  sloSchema,
  thresholdSchema,
  trafficSchema,
} from './suite-schema.js';

/**
 * A provider as promptfoo writes it: an id, `{ id, label, config, prompts }`, or `{ "<id>": { config } }`.
 * `escalate:` (a candidate's own escalation policies) is rightsize's extension.
 */
export const promptfooProviderSchema = z.union([
  z.string().min(1),
  z.looseObject({
    id: z.string().min(1),
    label: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    prompts: z.array(z.string()).optional(),
    escalate: escalateSchema.optional(),
  }),
  z.record(
    z.string(),
    z.looseObject({
      config: z.record(z.string(), z.unknown()).optional(),
      escalate: escalateSchema.optional(),
    }),
  ),
]);

export const promptfooTestSchema = z.looseObject({
  vars: z.record(z.string(), z.unknown()).optional(),
  assert: z.array(assertionSchema).optional(),
  description: z.string().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  threshold: z.number().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const promptfooPromptSchema = z.union([
  z.string().min(1),
  z.looseObject({ id: z.string().optional(), label: z.string().optional(), raw: z.string().optional() }),
]);

/**
 * promptfoo's config layout. Keys promptfoo has that do not affect an evaluation's answers
 * (sharing, outputPath, ...) are accepted and ignored with a warning; rightsize's own decision keys
 * (baseline, threshold, gate, ...) may be added.
 */
export const promptfooConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  name: z.string().optional(),
  prompts: z.union([z.string().min(1), z.array(promptfooPromptSchema).min(1)]),
  providers: z.union([z.string().min(1), z.array(promptfooProviderSchema).min(1)]).optional(),
  targets: z.union([z.string().min(1), z.array(promptfooProviderSchema).min(1)]).optional(),
  tests: z
    .union([z.string().min(1), z.array(z.union([z.string().min(1), promptfooTestSchema])).min(1)])
    .optional(),
  defaultTest: z.union([z.string(), promptfooTestSchema]).optional(),
  evaluateOptions: z
    .looseObject({
      maxConcurrency: z.int().positive().optional(),
      repeat: z.int().positive().optional(),
      timeoutMs: z.int().positive().optional(),
    })
    .optional(),
  // Accepted for compatibility; they do not change what is evaluated.
  outputPath: z.unknown().optional(),
  sharing: z.unknown().optional(),
  writeLatestResults: z.unknown().optional(),
  tags: z.unknown().optional(),
  metadata: z.unknown().optional(),
  env: z.record(z.string(), z.unknown()).optional(),
  commandLineOptions: z.unknown().optional(),
  tracing: z.unknown().optional(),
  // rightsize's decision keys, usable in a promptfoo config.
  baseline: z.union([z.string(), modelEntrySchema]).optional(),
  threshold: thresholdSchema.optional(),
  confidence: z.number().min(0.5).lt(1).optional(),
  gate: gateSchema.optional(),
  judge: modelEntrySchema.optional(),
  slices: z.array(z.string().min(1)).optional(),
  metrics: z.array(classificationMetricSchema).optional(),
  escalate: escalateSchema.optional(),
  traffic: trafficSchema.optional(),
  maxErrorRate: z.number().min(0).max(1).optional(),
  seed: z.int().optional(),
  decide: decideSchema.optional(),
  slo: sloSchema.optional(),
});
export type PromptfooConfig = z.infer<typeof promptfooConfigSchema>;

/** Keys that only promptfoo's layout has; any of them at the top level selects that layout. */
export const PROMPTFOO_ONLY_KEYS = [
  'providers',
  'targets',
  'defaultTest',
  'evaluateOptions',
  'outputPath',
] as const;

/** promptfoo keys that rightsize rejects with a reason rather than ignoring. */
export const PROMPTFOO_UNSUPPORTED_KEYS: Record<string, string> = {
  scenarios: 'promptfoo scenarios are not supported; list the tests directly under `tests:`',
  redteam: 'red-teaming is out of rightsize scope; run it with promptfoo itself',
  extensions: 'extension hooks are not supported',
  derivedMetrics: 'derived metrics are not supported; use `metrics:` for classification metrics',
  nunjucksFilters: 'custom Nunjucks filters are not supported (the built-in ones and `load`/`dump` are)',
};
