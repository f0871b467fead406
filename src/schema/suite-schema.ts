import { z } from 'zod';
import { assertionSchema } from './assertion-config.js';
import { chatMessageSchema } from './chat-message.js';
import { decideSchema } from './decide.js';
import { escalateSchema } from './escalation.js';
import { gateSchema } from './gate.js';
import { marginSchema } from './margin.js';
import { modelEntrySchema, modelObjectSchema, providerIdSchema } from './model-config.js';

// Assertions have their own file (escalation checks are assertions too); suites read them from here.
export { type AssertionConfig, assertionSchema } from './assertion-config.js';

export const promptSchema = z.union([
  z.string().min(1).describe('A Handlebars template sent as one user message.'),
  z.strictObject({
    id: z.string().min(1).optional().describe('Stable id; defaults to a hash of the template.'),
    label: z.string().optional(),
    template: z.string().min(1).describe('Handlebars template over the row columns.'),
  }),
  z.strictObject({
    id: z.string().min(1).optional().describe('Stable id; defaults to a hash of the messages.'),
    label: z.string().optional(),
    messages: z.array(chatMessageSchema).min(1),
  }),
]);
export type PromptConfig = z.infer<typeof promptSchema>;

/** A row: columns as variables; a promptfoo-style test case (`vars`, `assert`) is accepted too. */
export const rowSchema = z.record(z.string(), z.unknown());

/** The switch-over margin: `0.05` or `"5%"` (relative), or `{ type: absolute, value: 0.03 }`. */
export const thresholdSchema = z
  .union([
    z.number().gt(0).lt(1),
    z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'write a percentage such as "5%"'),
    z.strictObject({ type: marginSchema.shape.type, value: z.number().gt(0).lt(1) }),
  ])
  .describe('Switch-over margin: relative by default ("5%" or 0.05), or { type: absolute, value }.');

// The gate has one definition, shared with run.json; suites write it under `gate:`.
export { gateSchema } from './gate.js';

/**
 * A candidate: a model entry that may carry its own escalation policies (they replace the suite-wide
 * `escalate:` for this candidate). Declared here, not in model-config.ts, since escalation.ts imports
 * the assertion schema, which imports model-config.ts.
 */
export const candidateEntrySchema = z.union([
  providerIdSchema,
  modelObjectSchema.extend({
    escalate: escalateSchema
      .optional()
      .describe("This candidate's escalation policies (instead of the suite's)."),
  }),
]);
export type CandidateEntry = z.infer<typeof candidateEntrySchema>;

export const classificationMetricSchema = z.strictObject({
  type: z.literal('classification'),
  label: z.string().describe('The gold label, e.g. "{{label}}".'),
  prediction: z
    .string()
    .optional()
    .describe('JavaScript expression over `output` giving the predicted label.'),
  name: z.string().optional(),
});

/** The serving latency target `rightsize load` measures capacity against (p95, in ms). */
export const sloSchema = z
  .strictObject({
    latencyP95Ms: z.number().positive().optional().describe('p95 latency target of one request, in ms.'),
    ttftP95Ms: z.number().positive().optional().describe('p95 time-to-first-token target, in ms.'),
  })
  .refine((slo) => slo.latencyP95Ms !== undefined || slo.ttftP95Ms !== undefined, {
    message: 'a latency target needs `latencyP95Ms`, `ttftP95Ms`, or both',
  })
  .describe('Latency target for `rightsize load`: capacity is the highest concurrency that meets it.');
export type SloConfig = z.infer<typeof sloSchema>;

/** Production traffic: the monthly cost projection, and the peak `rightsize load` sizes servers for. */
export const trafficSchema = z
  .strictObject({
    requestsPerDay: z.number().positive().describe('Requests a day in production.'),
    peakFactor: z
      .number()
      .min(1)
      .optional()
      .describe('Peak requests per second over the daily mean (default 3), for sizing servers.'),
    peakRequestsPerSecond: z
      .number()
      .positive()
      .optional()
      .describe('Peak requests per second, when known (overrides peakFactor).'),
  })
  .describe('Production traffic, for the monthly cost projection and server sizing.');

export const suiteSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .min(1)
      .regex(/^[\w.-]+$/, 'use letters, digits, ".", "_" or "-" (it names the run folder)')
      .describe('Suite name; names the run folder.'),
    description: z.string().optional(),
    dataset: z
      .string()
      .min(1)
      .optional()
      .describe('file:// path (relative to this file) to CSV, JSONL, JSON or YAML.'),
    tests: z.array(rowSchema).min(1).optional().describe('Inline rows, instead of `dataset`.'),
    prompts: z.union([z.string().min(1), z.array(promptSchema).min(1)]),
    baseline: modelEntrySchema.describe('The model to replace (usually a frontier model).'),
    candidates: z
      .array(candidateEntrySchema)
      .optional()
      .describe('Small models that might replace the baseline.'),
    escalate: escalateSchema.optional(),
    assert: z.array(assertionSchema).optional().describe('Assertions applied to every row.'),
    metrics: z.array(classificationMetricSchema).optional().describe('Dataset-level metrics.'),
    judge: modelEntrySchema.optional().describe('Model for LLM judges; defaults to the baseline.'),
    threshold: thresholdSchema.optional(),
    confidence: z
      .number()
      .min(0.5)
      .lt(1)
      .optional()
      .describe('Two-sided confidence of the verdict (default 0.95).'),
    slices: z.array(z.string().min(1)).optional().describe('Dataset columns to give per-slice verdicts for.'),
    gate: gateSchema.optional(),
    repeat: z.int().min(1).max(100).optional().describe('Calls per case (distinct seeds).'),
    concurrency: z.int().min(1).optional().describe('Calls in flight per model.'),
    timeoutMs: z.int().positive().optional().describe('Per-call time limit.'),
    maxErrorRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Share of failed calls above which the run exits 3.'),
    traffic: trafficSchema.optional(),
    seed: z.int().optional().describe('Seed of the bootstrap (reproducible verdicts).'),
    decide: decideSchema.optional(),
    slo: sloSchema.optional(),
  })
  .describe('A rightsize eval suite.');
export type SuiteConfig = z.infer<typeof suiteSchema>;
