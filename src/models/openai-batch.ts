import OpenAI, { toFile } from 'openai';
import type { ModelConfig } from '../schema/model-config.js';
import { isRecord } from '../util/unknown-value.js';
import { summarizeLogprobs, tokenLogprobs } from './logprob-summary.js';
import type { GenerateRequest, GenerateResponse } from './model.js';
import { ModelError } from './model-error.js';
import { isOpenAIBaseURL, resolveOpenAIBaseURL } from './openai-base-url.js';
import { chatParams } from './openai-request.js';

/** A batch's state as the Batch API reports it (docs: platform.openai.com/docs/guides/batch). */
export interface BatchState {
  id: string;
  status:
    | 'validating'
    | 'failed'
    | 'in_progress'
    | 'finalizing'
    | 'completed'
    | 'expired'
    | 'cancelling'
    | 'cancelled';
  total: number;
  completed: number;
  failed: number;
  /** Why a batch failed validation, one line each (`errors.data`). */
  errors: string[];
  outputFileId: string | null;
  errorFileId: string | null;
}

/** Statuses after which nothing changes. */
export const FINAL_BATCH_STATUSES: ReadonlySet<BatchState['status']> = new Set([
  'failed',
  'completed',
  'expired',
  'cancelled',
]);

/**
 * What became of one request of a batch: an answer; a failure the request itself earned (its HTTP
 * status in the error file: a 400 stays a 400, a 429 or 5xx is retryable); or `not-run` (expired,
 * cancelled, or in neither file), to be sent again.
 */
export type BatchAnswer =
  | { customId: string; kind: 'answer'; response: GenerateResponse }
  | { customId: string; kind: 'failed'; error: ModelError }
  | { customId: string; kind: 'not-run'; reason: string };

export interface BatchLine {
  customId: string;
  request: GenerateRequest;
}

/**
 * The Batch API for one `openai:` model (`batch: true`): its calls go as one input file of
 * `/v1/chat/completions` requests, answered within the 24-hour window at the batch price. The run stage
 * (src/run/batch-calls.ts) owns what is durable: which batch holds which calls, and their records.
 */
export interface BatchApi {
  /** The pre-flight: the Batch API answers with this key (a list of one batch). */
  check(signal?: AbortSignal): Promise<void>;
  /** Uploads the lines as a JSONL file and creates the batch, tagged with `tag` in its metadata. */
  submit(lines: readonly BatchLine[], tag: string, signal?: AbortSignal): Promise<BatchState>;
  /** The newest batch tagged `tag` that has not failed, expired or been cancelled (a create whose answer was lost). */
  findByTag(tag: string, signal?: AbortSignal): Promise<BatchState | null>;
  state(id: string, signal?: AbortSignal): Promise<BatchState>;
  /** The answers of a finished batch for `customIds` (its requests): both files read, matched by custom id. */
  answers(state: BatchState, customIds: readonly string[], signal?: AbortSignal): Promise<BatchAnswer[]>;
}

/** The metadata key rightsize tags its batches with. */
export const BATCH_TAG_KEY = 'rightsize_calls';
/** How far back `findByTag` looks: the newest batches first. */
const FIND_LIMIT = 100;
const PLACEHOLDER_KEY = 'sk-no-key-required';

/**
 * `createOpenAIBatchApi(config, env)`: the Batch API at the model's base URL with its key. Creating a
 * batch is not retried by the client (a lost answer would otherwise create a second batch): a failed
 * create is reconciled by its tag instead (`findByTag`).
 */
export function createOpenAIBatchApi(
  config: ModelConfig,
  env: Record<string, string | undefined>,
  deps: { fetch?: typeof fetch } = {},
): BatchApi {
  const baseURL = resolveOpenAIBaseURL(config.baseURL, env);
  const isOpenAI = isOpenAIBaseURL(baseURL);
  const apiKey = config.apiKey || env.OPENAI_API_KEY || undefined;
  const client = new OpenAI({
    apiKey: apiKey ?? PLACEHOLDER_KEY,
    baseURL,
    maxRetries: 0,
    organization: isOpenAI ? (env.OPENAI_ORG_ID ?? null) : null,
    project: isOpenAI ? (env.OPENAI_PROJECT_ID ?? null) : null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: config.headers,
    logLevel: 'off',
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const model = config.ref.model;
  const fail = (what: string, err: unknown): ModelError => {
    if (err instanceof ModelError) return err;
    const status = err instanceof OpenAI.APIError ? (err.status ?? null) : null;
    const message = err instanceof Error ? err.message : String(err);
    const type = status === 401 || status === 403 ? 'auth' : status === null ? 'connection' : 'http';
    return new ModelError(type, `${what} at ${baseURL}: ${message}`, { status, cause: err });
  };

  return {
    async check(signal) {
      if (isOpenAI && !apiKey)
        throw new ModelError('auth', `${config.label}: the Batch API at ${baseURL} needs an API key`, {
          retryable: false,
        });
      try {
        await client.batches.list({ limit: 1 }, { signal });
      } catch (err) {
        const e = fail('reaching the Batch API', err);
        throw e.type === 'connection' ? new ModelError('unreachable', e.message, { cause: err }) : e;
      }
    },

    async submit(lines, tag, signal) {
      const body = lines
        .map((l) => {
          const params: Record<string, unknown> = {
            ...chatParams(model, l.request.messages, l.request.options, isOpenAI),
          };
          // A batch answers whole, not streamed.
          delete params.stream;
          delete params.stream_options;
          return JSON.stringify({
            custom_id: l.customId,
            method: 'POST',
            url: '/v1/chat/completions',
            body: params,
          });
        })
        .join('\n');
      try {
        const file = await client.files.create(
          { file: await toFile(Buffer.from(`${body}\n`), 'rightsize-batch.jsonl'), purpose: 'batch' },
          { signal },
        );
        const batch = await client.batches.create(
          {
            input_file_id: file.id,
            endpoint: '/v1/chat/completions',
            completion_window: '24h',
            metadata: { [BATCH_TAG_KEY]: tag },
          },
          { signal },
        );
        return toState(batch);
      } catch (err) {
        throw fail('creating a batch', err);
      }
    },

    async findByTag(tag, signal) {
      try {
        const page = await client.batches.list({ limit: FIND_LIMIT }, { signal });
        const found = page.data.find(
          (b) =>
            (b.metadata as Record<string, string> | null)?.[BATCH_TAG_KEY] === tag &&
            !['failed', 'expired', 'cancelled', 'cancelling'].includes(b.status),
        );
        return found ? toState(found) : null;
      } catch (err) {
        throw fail('listing batches', err);
      }
    },

    async state(id, signal) {
      try {
        return toState(await client.batches.retrieve(id, { signal }));
      } catch (err) {
        throw fail(`reading batch ${id}`, err);
      }
    },

    async answers(state, customIds, signal) {
      const read = async (fileId: string | null) => {
        if (!fileId) return [];
        try {
          const text = await (await client.files.content(fileId, { signal })).text();
          return text
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l) as unknown);
        } catch (err) {
          throw fail(`reading the results of batch ${state.id}`, err);
        }
      };
      const lines = [...(await read(state.outputFileId)), ...(await read(state.errorFileId))];
      const byId = new Map<string, BatchAnswer>();
      for (const line of lines) {
        const answer = toAnswer(line, state.id);
        if (answer) byId.set(answer.customId, answer);
      }
      return customIds.map(
        (customId) =>
          byId.get(customId) ?? {
            customId,
            kind: 'not-run',
            reason: `batch ${state.id} ${state.status} without it`,
          },
      );
    },
  };
}

function toState(b: OpenAI.Batches.Batch): BatchState {
  return {
    id: b.id,
    status: b.status,
    total: b.request_counts?.total ?? 0,
    completed: b.request_counts?.completed ?? 0,
    failed: b.request_counts?.failed ?? 0,
    errors: (b.errors?.data ?? []).map(
      (e) => `${e.line != null ? `line ${e.line}: ` : ''}${e.message ?? e.code ?? 'invalid'}`,
    ),
    outputFileId: b.output_file_id ?? null,
    errorFileId: b.error_file_id ?? null,
  };
}

/**
 * One output or error line, `{custom_id, response: {status_code, request_id, body}, error}`: success is
 * a 200 in `response`; a 4xx/5xx there is the request's own failure; `response: null` with an `error`
 * (`batch_expired`, `batch_cancelled`) means it never ran.
 */
function toAnswer(line: unknown, batchId: string): BatchAnswer | null {
  if (!isRecord(line) || typeof line.custom_id !== 'string') return null;
  const customId = line.custom_id;
  const response = isRecord(line.response) ? line.response : null;
  const status = typeof response?.status_code === 'number' ? response.status_code : null;
  if (response && status === 200 && isRecord(response.body)) {
    return { customId, kind: 'answer', response: toResponse(response.body, batchId, response.request_id) };
  }
  if (response && status !== null) {
    const body = isRecord(response.body) && isRecord(response.body.error) ? response.body.error : null;
    const message = typeof body?.message === 'string' ? body.message : `status ${status}`;
    return {
      customId,
      kind: 'failed',
      error: new ModelError(status === 429 ? 'rate_limited' : 'http', `batch ${batchId}: ${message}`, {
        status,
      }),
    };
  }
  const error = isRecord(line.error) ? line.error : null;
  const code = typeof error?.code === 'string' ? error.code : 'unknown';
  return {
    customId,
    kind: 'not-run',
    reason: `${code}${typeof error?.message === 'string' ? `: ${error.message}` : ''}`,
  };
}

/** A chat.completion as a response: no latency, TTFT or decode rate (a batch has none of them). */
function toResponse(body: Record<string, unknown>, batchId: string, requestId: unknown): GenerateResponse {
  const choice = Array.isArray(body.choices) && isRecord(body.choices[0]) ? body.choices[0] : {};
  const message = isRecord(choice.message) ? choice.message : {};
  const usage = isRecord(body.usage) ? body.usage : null;
  const logprobs = isRecord(choice.logprobs) ? tokenLogprobs(choice.logprobs.content) : null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    text: typeof message.content === 'string' ? message.content : '',
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage: { input: num(usage?.prompt_tokens), output: num(usage?.completion_tokens) },
    latencyMs: null,
    ttftMs: null,
    tokensPerSecond: null,
    ...(logprobs ? { logprobs: summarizeLogprobs(logprobs) } : {}),
    raw: {
      batch: batchId,
      ...(typeof requestId === 'string' ? { request_id: requestId } : {}),
      ...(typeof body.id === 'string' ? { id: body.id } : {}),
      ...(usage ? { usage } : {}),
    },
  };
}
