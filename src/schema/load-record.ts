import { z } from 'zod';

export const LOAD_SCHEMA_VERSION = 1 as const;

const percentiles3 = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

/** One concurrency level of a load sweep: what the server did with that many requests in flight. */
export const loadLevelSchema = z.object({
  concurrency: z.int().positive(),
  /** Requests finished at this level after the warm-up (errors included). */
  requests: z.int().min(0),
  durationMs: z.number().min(0),
  requestsPerSecond: z.number().nullable(),
  outputTokensPerSecond: z.number().nullable(),
  ttftMs: percentiles3,
  latencyMs: percentiles3,
  /** Share of requests that failed on the server's side (not counting connections the server closed, retried). */
  errorShare: z.number().min(0).max(1),
  /** Streamed answers cut by the server closing an idle kept-alive connection, retried on a fresh one. */
  connectionRetries: z.int().min(0).optional(),
  /** The server's own figures, where it gives them (llama.cpp `timings`, Ollama's durations), as medians. */
  server: z
    .object({
      decodeTokensPerSecond: z.number().nullable(),
      promptMs: z.number().nullable(),
    })
    .optional(),
});
export type LoadLevel = z.infer<typeof loadLevelSchema>;

/** How many servers a traffic needs at the latency target, and what a request then costs. */
export const sizingSchema = z.object({
  peakRequestsPerSecond: z.number(),
  servers: z.int().positive(),
  /** servers × cost.perHour × 730 hours (one month length everywhere). Null without `cost.perHour`. */
  monthlyCost: z.number().nullable(),
  costPer1k: z.number().nullable(),
});
export type Sizing = z.infer<typeof sizingSchema>;

/** load.json: the load sweep of each model, written by `rightsize load` (a record others read). */
export const loadRecordSchema = z.object({
  schemaVersion: z.literal(LOAD_SCHEMA_VERSION),
  suite: z.string(),
  createdAt: z.string(),
  /** The latency target the capacity is measured against (ms); null when the suite gives none. */
  slo: z.object({ latencyP95Ms: z.number().nullable(), ttftP95Ms: z.number().nullable() }),
  models: z.array(
    z.object({
      id: z.string(),
      provider: z.string(),
      levels: z.array(loadLevelSchema),
      /** Why the sweep stopped: `levels` (the given list ran out), `flat` (throughput rose < 5%), `slo`, `errors`, `interrupted`. */
      stoppedBy: z.enum(['levels', 'flat', 'slo', 'errors', 'interrupted']),
      /** The highest level that meets the target (null: none did, or no target). */
      capacity: z.object({ concurrency: z.int().positive(), requestsPerSecond: z.number() }).nullable(),
      sizing: sizingSchema.nullable(),
    }),
  ),
});
export type LoadRecord = z.infer<typeof loadRecordSchema>;
