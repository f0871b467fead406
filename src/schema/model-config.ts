import { z } from 'zod';

/** Generation options shared by every runtime; adapters map them to their own names. */
export const generationOptionsSchema = z
  .strictObject({
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature; 0 is greedy.'),
    maxTokens: z.int().positive().optional().describe('Upper bound on generated tokens.'),
    seed: z.int().optional().describe('Sampling seed, where the runtime honours one.'),
    topP: z.number().gt(0).max(1).optional(),
    stop: z.array(z.string()).optional().describe('Stop sequences.'),
    contextSize: z
      .int()
      .positive()
      .optional()
      .describe('Context window to run the model with (Ollama num_ctx, llama.cpp context size).'),
    jsonSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('JSON Schema the answer must follow (structured output / grammar).'),
    keepAlive: z.union([z.string(), z.number()]).optional().describe('Ollama keep_alive.'),
    logprobs: z
      .boolean()
      .optional()
      .describe('Ask for token log-probabilities (set for a candidate whose escalation policy reads them).'),
  })
  .describe('Generation options.');
export type GenerationOptions = z.infer<typeof generationOptionsSchema>;

export const costSchema = z
  .strictObject({
    inputPerMillion: z.number().min(0).optional().describe('Price in USD per million input tokens.'),
    outputPerMillion: z.number().min(0).optional().describe('Price in USD per million output tokens.'),
    perHour: z
      .number()
      .min(0)
      .optional()
      .describe('Cost in USD per hour of the machine serving a local model.'),
  })
  .describe('Prices; frontier prices default to the built-in model table.');
export type CostConfig = z.infer<typeof costSchema>;

/**
 * A provider id: `ollama:qwen2.5:0.5b`, `openai:gpt-4o`, `gguf:./m.gguf`, `gguf:hf:u/r/m.gguf`,
 * `recorded:./answers.jsonl`, `file://provider.js` (the user's own JavaScript/TypeScript provider).
 */
export const providerIdSchema = z
  .string()
  .min(1)
  .describe(
    "Provider id: ollama:<model>, openai:<model>, gguf:<path>, gguf:hf:<user>/<repo>/<file>.gguf (downloaded into the models folder when missing), recorded:<file.jsonl>, file://<provider.js|.ts> (your own provider, promptfoo's callApi contract) (promptfoo ids such as openai:chat:gpt-4o also work).",
  );

/** One server of an endpoint pool (`endpoints:`), as the suite writes it. */
export const endpointSchema = z.strictObject({
  url: z
    .string()
    .url()
    .describe('Server URL; user:password@ in it is sent as HTTP Basic authentication, never written out.'),
  concurrency: z
    .int()
    .positive()
    .optional()
    .describe(
      "The most calls in flight to this server at once. Without it the server is not capped, and takes calls in proportion to the parallel slots it states (llama.cpp's /props), else to a lone server's default (1 on your own hardware, 8 remote).",
    ),
});
export type ModelEndpoint = z.infer<typeof endpointSchema>;

export const modelObjectSchema = z.strictObject({
  id: z.string().min(1).optional().describe('Label shown in reports; defaults to the provider id.'),
  provider: providerIdSchema.optional(),
  options: generationOptionsSchema.optional(),
  baseURL: z
    .union([z.string().url(), z.array(z.string().url()).min(1)])
    .optional()
    .describe(
      'Server URL (OpenAI-compatible servers, a remote Ollama), or a list of servers that all serve this model (an endpoint pool: calls are spread over them and fail over between them).',
    ),
  endpoints: z
    .array(endpointSchema)
    .min(1)
    .optional()
    .describe(
      'Servers that all serve this model (an endpoint pool), each with its own limit of calls at once; instead of baseURL. ollama: and openai: models only.',
    ),
  apiKeyEnv: z.string().optional().describe('Name of the environment variable holding the API key.'),
  apiKey: z.string().optional().describe('API key; prefer apiKeyEnv. Never written to any output.'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra HTTP headers (never written out).'),
  cost: costSchema.optional(),
  contextWindow: z.int().positive().optional().describe('Override the context window the runtime reports.'),
  concurrency: z.int().positive().optional().describe('Calls in flight to this model at once.'),
  requestsPerMinute: z.number().positive().optional(),
  timeoutMs: z.int().positive().optional(),
  batch: z
    .boolean()
    .optional()
    .describe(
      "openai: models: send this model's calls through OpenAI's Batch API (answered within 24 hours at half price; no latency figures).",
    ),
  config: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "file:// providers: handed to your provider as `options.config` (promptfoo's contract), with `basePath` (the suite's folder).",
    ),
  key: z
    .string()
    .min(1)
    .optional()
    .describe(
      'recorded: models: the dataset column whose value each recorded line\'s "id" holds (a request id from production logs), instead of the row id.',
    ),
  answers: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The dataset column holding this model's answers (production logs as the baseline): no call is made, every row must have one. Instead of `provider:`.",
    ),
  latency: z
    .string()
    .min(1)
    .optional()
    .describe(
      "With `answers:`: the dataset column holding each answer's latency in ms (else latency is unknown).",
    ),
  usage: z
    .strictObject({
      input: z.string().min(1).optional().describe('Column of input (prompt) tokens.'),
      output: z.string().min(1).optional().describe('Column of output (completion) tokens.'),
    })
    .optional()
    .describe("With `answers:`: the dataset columns holding each answer's token counts."),
});

export const modelEntrySchema = z.union([providerIdSchema, modelObjectSchema]);
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export type Runtime = 'ollama' | 'openai' | 'gguf' | 'recorded' | 'file' | 'dataset';

/** One answer read from the dataset (`answers:`), with the figures its columns give (null where none). */
export interface DatasetAnswer {
  output: string;
  latencyMs: number | null;
  usage: { input: number | null; output: number | null };
}

/** A provider id, parsed. `api` is `completion` only for promptfoo's `ollama:completion:`. */
export interface ProviderRef {
  runtime: Runtime;
  model: string;
  api: 'chat' | 'completion';
}

export type ModelRole = 'baseline' | 'candidate' | 'judge';

/** A model as the rest of the pipeline sees it, after either layout has been normalised. */
export interface ModelConfig {
  /** Label: unique in the suite, shown in reports, recorded as `model`. */
  label: string;
  /** The provider id as written. */
  provider: string;
  ref: ProviderRef;
  role: ModelRole;
  options: GenerationOptions;
  baseURL?: string;
  /**
   * An endpoint pool: two or more servers serving this model, instead of `baseURL` (which is then
   * absent). URLs as written, credentials included: never serialised, like `apiKey`.
   */
  endpoints?: ModelEndpoint[];
  /** Resolved secret; never serialised (see `publicModelConfig`). */
  apiKey?: string;
  headers?: Record<string, string>;
  cost?: CostConfig;
  contextWindow?: number;
  concurrency?: number;
  requestsPerMinute?: number;
  timeoutMs?: number;
  /** promptfoo's provider `prompts:` filter: ids or labels of the prompts this model gets. */
  prompts?: string[];
  /** Calls go through the Batch API (`openai:` only): src/run/batch-calls.ts. */
  batch?: boolean;
  /** A `file://` provider's `config:`, handed to it as promptfoo does (`options.config`). */
  providerConfig?: Record<string, unknown>;
  /**
   * A `recorded:` model keyed by a dataset column (`key:`) instead of the row id: the column, and each
   * row's value of it by row id (read at load, src/suite/row-answers.ts).
   */
  recordedKey?: { column: string; byRow: ReadonlyMap<string, string> };
  /**
   * The `dataset:` runtime (`answers:`): the columns, and each row's answer by row id (read at load,
   * src/suite/row-answers.ts, which refuses rows without one).
   */
  answers?: {
    column: string;
    latency?: string;
    usage?: { input?: string; output?: string };
    byRow: ReadonlyMap<string, DatasetAnswer>;
  };
}
