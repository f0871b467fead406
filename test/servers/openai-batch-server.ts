import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { held, pause, readBody } from './http-helpers.js';
import type { OpenAIChatBody } from './openai-server.js';

/**
 * A loopback server speaking OpenAI's Batch API (and the part of the Files API it needs) as OpenAI's
 * API reference and Batch guide describe them:
 *
 * - `POST /v1/files` (multipart: `purpose`, `file`, optional `expires_after[anchor|seconds]`) stores the
 *   file and answers a File object (`status: "processed"`, batch files expire after 30 days). A `batch`
 *   file whose name does not end in `.jsonl` is refused (400), as OpenAI does; its lines are NOT checked
 *   at upload: as with OpenAI, a malformed file is accepted and the batch made from it ends `failed`.
 *   `GET /v1/files`, `GET /v1/files/{id}`, `GET /v1/files/{id}/content` (output and error files; the
 *   input of a batch cannot be downloaded), `DELETE /v1/files/{id}`.
 * - `POST /v1/batches` (`endpoint` must be `/v1/chat/completions`, `completion_window` `24h`) answers a
 *   Batch in `validating`; `GET /v1/batches/{id}`; `POST /v1/batches/{id}/cancel`; `GET /v1/batches`
 *   (newest first, `after`/`limit`, `has_more`, `first_id`, `last_id`).
 *
 * Batches move on when the test says, never on wall-clock time: in `progress: 'poll'` mode (default)
 * each `GET /v1/batches/{id}` moves the batch one step before answering; in `'manual'` mode only
 * `server.advance(id)` does (it works in both modes). The steps, and the timestamps they set (a virtual
 * clock that ticks one second a step):
 *
 *   validating  → failed (the input does not validate, or the plan says `failed`; `errors.data` lists why)
 *               → in_progress (`request_counts.total` set)
 *   in_progress → finalizing (every request run: `reply` answers it, `outcome` may fail it)
 *               → expired (plan `expired`: the first `done` requests ran, the rest are `batch_expired`
 *                 lines in the error file)
 *   finalizing  → completed (`output_file_id` if any request succeeded, `error_file_id` if any failed)
 *   cancelling  → cancelled (the first `doneBeforeCancel` requests ran, if the cancel came while in
 *                 progress; the others are `batch_cancelled` lines in the error file, or left out)
 *
 * Output and error lines are `{id, custom_id, response: {status_code, request_id, body}, error}`: a
 * success carries a non-streamed `chat.completion` with `usage`; an HTTP failure carries the status and
 * an `{error: {message, type, param, code}}` body with `error: null`; a non-HTTP failure (expiry,
 * cancellation, `outcome` kind `error`) carries `response: null` and `error: {code, message}`. The lines
 * come in reverse input order by default (`order`), as OpenAI says not to rely on their order.
 *
 * It records every request, counts uploads and batch creations, checks the API key and can inject
 * HTTP failures on any route.
 */

export interface BatchInputLine {
  custom_id: string;
  method: string;
  url: string;
  body: OpenAIChatBody;
}

/** One entry of a failed batch's `errors.data`. */
export interface BatchErrorData {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** What happens to one request of the batch (undefined: it succeeds). */
export type RequestOutcome =
  | { kind: 'ok' }
  /** The request is answered with this HTTP status and an OpenAI error body (the error file). */
  | { kind: 'status'; status: number; message?: string; type?: string; code?: string | null }
  /** The request fails without an HTTP response: `response: null`, `error: {code, message}`. */
  | { kind: 'error'; code: string; message: string };

/** How a batch ends, unless it is cancelled or its input does not validate. */
export type BatchEnding =
  | { kind: 'completed' }
  /** Fails at validation with these errors (default: the enqueued-token limit error). */
  | { kind: 'failed'; errors?: BatchErrorData[] }
  /** Expires after the first `done` requests (in input order) ran; the rest are `batch_expired`. */
  | { kind: 'expired'; done: number };

export type BatchServerFailure =
  | {
      kind: 'status';
      status: number;
      message?: string;
      type?: string;
      code?: string | null;
      headers?: Record<string, string>;
    }
  /** Closes the socket before answering. */
  | { kind: 'reset' }
  /** Does what the request asks (a batch is created, a file stored...), then closes the socket unanswered. */
  | { kind: 'lost-response' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  /** Waits until the test resolves `until` (or the server closes), then answers normally. */
  | { kind: 'hold'; until: Promise<void> };

export interface OpenAIBatchServerOptions {
  /** The answer to each request line, as pieces (tokens) joined into the message content. */
  reply?: string[] | ((body: OpenAIChatBody) => string[]);
  /** Per-request failures of a batch that runs (undefined: success). `index` is the line's, from 0. */
  outcome?: (line: BatchInputLine, index: number) => RequestOutcome | undefined;
  /** How batches end unless `endNext` says otherwise for one (default `completed`). */
  ending?: BatchEnding;
  /** `poll` (default): each GET /v1/batches/{id} moves the batch one step. `manual`: only `advance`. */
  progress?: 'poll' | 'manual';
  /** Requests that ran before a cancel took effect, when the batch was cancelled in progress (default 0). */
  doneBeforeCancel?: number;
  /** Requests a cancellation left unrun: `batch_cancelled` lines in the error file (default) or left out. */
  cancelledRequests?: 'error-file' | 'omit';
  /** Order of the output and error file lines (default `reversed`: not the input's, as OpenAI warns). */
  order?: 'input' | 'reversed';
  /** Reported prompt tokens per request (default: words in the messages + 7). */
  promptTokens?: number;
  /** Reported completion tokens per request (default: the number of pieces). */
  completionTokens?: number;
  /** Expected `Authorization: Bearer <key>`; others get 401 invalid_api_key. */
  apiKey?: string;
  /** Unix seconds of the virtual clock's start (default: now). */
  startTime?: number;
}

export interface RecordedBatchRequest {
  method: string;
  path: string;
  /** The route matched, e.g. `GET /v1/batches/{id}` (`unknown` when none). */
  route: string;
  headers: IncomingHttpHeaders;
  query: Record<string, string>;
  /** Parsed JSON, the multipart fields (`{purpose, file: {filename, content}}`), or null. */
  body: unknown;
}

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  model: string | null;
  errors: { object: 'list'; data: BatchErrorData[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

export interface OpenAIBatchTestServer {
  /** Base URL with /v1, as clients are configured. */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedBatchRequest[];
  /** Requests by exact path (`/v1/batches/batch_x`) or route (`GET /v1/batches/{id}`); all without one. */
  calls(pathOrRoute?: string): number;
  /** Files stored by POST /v1/files (refused uploads not counted). */
  readonly filesUploaded: number;
  /** Batches created by POST /v1/batches (refused creations not counted). */
  readonly batchesCreated: number;
  readonly filesDeleted: number;
  /** Chat bodies of the request lines the server ran, in the order it ran them. */
  readonly chatBodies: OpenAIChatBody[];
  /** A copy of the batch as the API would show it now. */
  batch(id: string): BatchObject | undefined;
  /** Every batch, oldest first. */
  batches(): BatchObject[];
  /** The parsed lines of a batch's input file (what was submitted). */
  inputLines(batchId: string): BatchInputLine[];
  /** A stored file (not deleted) and its text. */
  file(id: string): { object: FileObject; content: string } | undefined;
  /** Moves a batch `steps` steps on (terminal states stay); returns it as it is then. */
  advance(batchId: string, steps?: number): BatchObject;
  /** Moves a batch on until it is in a terminal state. */
  finish(batchId: string): BatchObject;
  /** The next `times` batches created end this way (before the `ending` option). */
  endNext(ending: BatchEnding, times?: number): void;
  /** Fails the next `times` requests on these paths or routes (default `GET /v1/batches/{id}`). */
  failNext(failure: BatchServerFailure, times?: number, routes?: string[]): void;
  close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';
const DAY = 24 * 60 * 60;
const MAX_REQUESTS = 50_000;
const TERMINAL: BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];
const PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];
const ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
];
const EXPIRED_MESSAGE = 'This request could not be executed before the completion window expired.';
const CANCELLED_MESSAGE = 'This request was not executed because the batch was cancelled.';

interface StoredFile {
  object: FileObject;
  content: string;
}

interface BatchState {
  object: BatchObject;
  ending: BatchEnding;
  lines: BatchInputLine[];
  /** Status when the cancel came (decides whether requests ran before it). */
  cancelledFrom: BatchStatus | null;
  /** Output and error lines, once the requests have run. */
  results: { output: unknown[]; errors: unknown[] } | null;
}

const ROUTES: { method: string; pattern: RegExp; route: string }[] = [
  { method: 'POST', pattern: /^\/v1\/files$/, route: 'POST /v1/files' },
  { method: 'GET', pattern: /^\/v1\/files$/, route: 'GET /v1/files' },
  { method: 'GET', pattern: /^\/v1\/files\/[^/]+$/, route: 'GET /v1/files/{id}' },
  { method: 'GET', pattern: /^\/v1\/files\/[^/]+\/content$/, route: 'GET /v1/files/{id}/content' },
  { method: 'DELETE', pattern: /^\/v1\/files\/[^/]+$/, route: 'DELETE /v1/files/{id}' },
  { method: 'POST', pattern: /^\/v1\/batches$/, route: 'POST /v1/batches' },
  { method: 'GET', pattern: /^\/v1\/batches$/, route: 'GET /v1/batches' },
  { method: 'GET', pattern: /^\/v1\/batches\/[^/]+$/, route: 'GET /v1/batches/{id}' },
  { method: 'POST', pattern: /^\/v1\/batches\/[^/]+\/cancel$/, route: 'POST /v1/batches/{id}/cancel' },
];

export async function startOpenAIBatchServer(
  options: OpenAIBatchServerOptions = {},
): Promise<OpenAIBatchTestServer> {
  const progress = options.progress ?? 'poll';
  const order = options.order ?? 'reversed';
  const requests: RecordedBatchRequest[] = [];
  const chatBodies: OpenAIChatBody[] = [];
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, BatchState>();
  const endings: BatchEnding[] = [];
  const failures: { failure: BatchServerFailure; routes: string[] }[] = [];
  const closing = new AbortController();
  const t0 = options.startTime ?? Math.floor(Date.now() / 1000);
  let ticks = 0;
  let serial = 0;
  let filesUploaded = 0;
  let batchesCreated = 0;
  let filesDeleted = 0;

  const now = () => t0 + ticks;
  // Ids are unique and reproducible: a serial number in the style of OpenAI's ids.
  const newId = (prefix: string) => `${prefix}${(++serial).toString(16).padStart(24, '0')}`;

  function storeFile(filename: string, purpose: string, content: string, expiresAfter?: number): FileObject {
    const createdAt = now();
    const object: FileObject = {
      id: newId('file-'),
      object: 'file',
      bytes: Buffer.byteLength(content, 'utf8'),
      created_at: createdAt,
      filename,
      purpose,
      status: 'processed',
      // "By default, files with purpose=batch expire after 30 days", and batch outputs likewise.
      expires_at:
        expiresAfter !== undefined
          ? createdAt + expiresAfter
          : purpose === 'batch' || purpose === 'batch_output'
            ? createdAt + 30 * DAY
            : null,
      status_details: null,
    };
    files.set(object.id, { object, content });
    return object;
  }

  // ---- the batch lifecycle ----

  function validate(state: BatchState): BatchErrorData[] {
    const b = state.object;
    const stored = files.get(b.input_file_id);
    if (!stored) {
      return [
        {
          code: 'invalid_request',
          message: `Could not find file ${b.input_file_id}.`,
          param: 'input_file_id',
          line: null,
        },
      ];
    }
    if (stored.object.purpose !== 'batch') {
      return [
        {
          code: 'invalid_request',
          message: `File ${b.input_file_id} was not uploaded with purpose 'batch'.`,
          param: 'input_file_id',
          line: null,
        },
      ];
    }
    const raw = stored.content.split(/\r?\n/);
    if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    if (raw.length === 0) {
      return [{ code: 'empty_file', message: 'The batch input file is empty.', param: null, line: null }];
    }
    if (raw.length > MAX_REQUESTS) {
      return [
        {
          code: 'too_many_tasks',
          message: `The batch input file has ${raw.length} requests; the limit is ${MAX_REQUESTS}.`,
          param: null,
          line: null,
        },
      ];
    }
    const errors: BatchErrorData[] = [];
    const seen = new Set<string>();
    const lines: BatchInputLine[] = [];
    let model: string | null = null;
    for (const [i, text] of raw.entries()) {
      const fail = (code: string, message: string, param: string | null = null) => {
        errors.push({ code, message, param, line: i + 1 });
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        fail('invalid_json_line', 'This line is not parseable as valid JSON.');
        continue;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        fail('invalid_request', 'Each line must be a JSON object.');
        continue;
      }
      const r = parsed as Record<string, unknown>;
      const missing = ['custom_id', 'method', 'url', 'body'].filter((param) => r[param] === undefined);
      for (const param of missing)
        fail('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
      if (missing.length > 0) continue;
      if (typeof r.custom_id !== 'string' || r.custom_id === '') {
        fail('invalid_request', 'custom_id must be a non-empty string.', 'custom_id');
        continue;
      }
      if (seen.has(r.custom_id)) {
        fail(
          'duplicate_custom_id',
          'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each individual request in a batch.',
          'custom_id',
        );
        continue;
      }
      seen.add(r.custom_id);
      if (r.method !== 'POST') {
        fail('invalid_request', `Invalid method '${String(r.method)}': only POST is supported.`, 'method');
        continue;
      }
      if (r.url !== b.endpoint) {
        const message = `The url of this request ('${String(r.url)}') does not match the batch endpoint ('${b.endpoint}').`;
        fail('url_mismatch', message, 'url');
        continue;
      }
      const body = r.body as Record<string, unknown> | null;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        fail('invalid_request', 'body must be a JSON object.', 'body');
        continue;
      }
      if (typeof body.model !== 'string') {
        fail('missing_required_parameter', "Missing required parameter: 'body.model'.", 'body.model');
        continue;
      }
      if (model !== null && body.model !== model) {
        // "Each input file can only include requests to a single model."
        const message = `A batch can only use one model: this request uses '${body.model}', an earlier one '${model}'.`;
        fail('model_mismatch', message, 'body.model');
        continue;
      }
      model = body.model;
      if (!Array.isArray(body.messages)) {
        fail('missing_required_parameter', "Missing required parameter: 'body.messages'.", 'body.messages');
        continue;
      }
      lines.push(r as unknown as BatchInputLine);
    }
    if (errors.length === 0) {
      state.lines = lines;
      b.model = model;
    }
    return errors;
  }

  function tokenLimitError(state: BatchState): BatchErrorData {
    const model = state.object.model ?? 'gpt-4o-mini';
    return {
      code: 'token_limit_exceeded',
      message: `Enqueued token limit reached for ${model} in organization org-test. Limit: 90,000 enqueued tokens. Please try again once some in_progress batches have been completed.`,
      param: null,
      line: null,
    };
  }

  function completion(body: OpenAIChatBody) {
    const all =
      typeof options.reply === 'function'
        ? options.reply(body)
        : (options.reply ?? ['Hello', ' from', ' the', ' batch', '.']);
    const limit = body.max_completion_tokens ?? body.max_tokens;
    const pieces = typeof limit === 'number' && limit < all.length ? all.slice(0, limit) : all;
    const words = (body.messages ?? [])
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
      .join(' ')
      .split(/\s+/)
      .filter(Boolean).length;
    const promptTokens = options.promptTokens ?? words + 7;
    const completionTokens = options.completionTokens ?? pieces.length;
    const scored = body.logprobs === true;
    const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
    const tokenLogprob = (piece: string, i: number) => {
      const logprob = -(i + 1) / 8;
      const bytes = [...Buffer.from(piece)];
      return {
        token: piece,
        logprob,
        bytes,
        top_logprobs: topK > 0 ? [{ token: piece, logprob, bytes }] : [],
      };
    };
    return {
      id: newId('chatcmpl-'),
      object: 'chat.completion',
      created: now(),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: pieces.join(''), refusal: null, annotations: [] },
          logprobs: scored ? { content: pieces.map(tokenLogprob), refusal: null } : null,
          finish_reason: pieces.length < all.length ? 'length' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_test',
    };
  }

  /** Runs the first `count` requests; the others get a non-HTTP error `unrun` (or none, when null). */
  function run(state: BatchState, count: number, unrun: { code: string; message: string } | null): void {
    const b = state.object;
    const output: unknown[] = [];
    const errors: unknown[] = [];
    for (const [i, line] of state.lines.entries()) {
      const id = newId('batch_req_');
      if (i >= count) {
        if (unrun) errors.push({ id, custom_id: line.custom_id, response: null, error: unrun });
        continue;
      }
      chatBodies.push(line.body);
      const outcome = options.outcome?.(line, i) ?? { kind: 'ok' };
      if (outcome.kind === 'error') {
        errors.push({
          id,
          custom_id: line.custom_id,
          response: null,
          error: { code: outcome.code, message: outcome.message },
        });
        continue;
      }
      const requestId = newId('req_');
      if (outcome.kind === 'status') {
        errors.push({
          id,
          custom_id: line.custom_id,
          response: {
            status_code: outcome.status,
            request_id: requestId,
            body: {
              error: {
                message: outcome.message ?? defaultMessage(outcome.status),
                type: outcome.type ?? (outcome.status >= 500 ? 'server_error' : 'invalid_request_error'),
                param: null,
                code: outcome.code ?? null,
              },
            },
          },
          error: null,
        });
        continue;
      }
      const body = completion(line.body);
      b.usage.input_tokens += body.usage.prompt_tokens;
      b.usage.output_tokens += body.usage.completion_tokens;
      b.usage.total_tokens += body.usage.total_tokens;
      output.push({
        id,
        custom_id: line.custom_id,
        response: { status_code: 200, request_id: requestId, body },
        error: null,
      });
    }
    if (order === 'reversed') {
      output.reverse();
      errors.reverse();
    }
    state.results = { output, errors };
    b.request_counts = { total: state.lines.length, completed: output.length, failed: errors.length };
  }

  function writeFiles(state: BatchState): void {
    const b = state.object;
    const results = state.results ?? { output: [], errors: [] };
    const jsonl = (lines: unknown[]) => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
    if (results.output.length > 0) {
      b.output_file_id = storeFile('batch_output.jsonl', 'batch_output', jsonl(results.output)).id;
    }
    if (results.errors.length > 0) {
      b.error_file_id = storeFile('batch_errors.jsonl', 'batch_output', jsonl(results.errors)).id;
    }
  }

  function step(state: BatchState): void {
    const b = state.object;
    if (TERMINAL.includes(b.status)) return;
    ticks++;
    switch (b.status) {
      case 'validating': {
        const errors = validate(state);
        if (errors.length === 0 && state.ending.kind === 'failed') {
          errors.push(...(state.ending.errors ?? [tokenLimitError(state)]));
        }
        if (errors.length > 0) {
          b.status = 'failed';
          b.failed_at = now();
          b.errors = { object: 'list', data: errors };
          return;
        }
        b.status = 'in_progress';
        b.in_progress_at = now();
        b.request_counts = { total: state.lines.length, completed: 0, failed: 0 };
        return;
      }
      case 'in_progress': {
        if (state.ending.kind === 'expired') {
          run(state, state.ending.done, { code: 'batch_expired', message: EXPIRED_MESSAGE });
          b.status = 'expired';
          b.expired_at = now();
          writeFiles(state);
          return;
        }
        run(state, state.lines.length, null);
        b.status = 'finalizing';
        b.finalizing_at = now();
        return;
      }
      case 'finalizing': {
        b.status = 'completed';
        b.completed_at = now();
        writeFiles(state);
        return;
      }
      case 'cancelling': {
        if (state.results === null) {
          const done = state.cancelledFrom === 'in_progress' ? (options.doneBeforeCancel ?? 0) : 0;
          const unrun =
            options.cancelledRequests === 'omit'
              ? null
              : { code: 'batch_cancelled', message: CANCELLED_MESSAGE };
          run(state, Math.min(done, state.lines.length), unrun);
        }
        b.status = 'cancelled';
        b.cancelled_at = now();
        writeFiles(state);
        return;
      }
    }
  }

  function getState(id: string): BatchState {
    const state = batches.get(id);
    if (!state) throw new Error(`no batch ${id}`);
    return state;
  }

  // ---- HTTP ----

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(path))?.route ?? 'unknown';
    const query = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = null;
    let form: MultipartForm | null = null;
    if (contentType.startsWith('multipart/form-data')) {
      form = parseMultipart(text, contentType);
      body = form ? { ...form.fields, ...form.files } : text;
    } else {
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
    }
    requests.push({ method, path, route, headers: req.headers, query, body });

    const index = failures.findIndex((f) => f.routes.includes(route) || f.routes.includes(path));
    const failure = index >= 0 ? failures.splice(index, 1)[0]?.failure : undefined;
    if (failure?.kind === 'delay') await pause(failure.ms, closing.signal);
    if (failure?.kind === 'hold') await held(failure.until, closing.signal);
    if (closing.signal.aborted || failure?.kind === 'hang') return;
    if (failure?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'lost-response') {
      // Everything below runs; only the answer never leaves.
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as unknown as typeof res.end;
    }
    if (failure?.kind === 'status') {
      const fallback =
        failure.status === 429 ? 'Rate limit reached for requests' : defaultMessage(failure.status);
      return sendError(
        res,
        failure.status,
        failure.message ?? fallback,
        failure.type ?? (failure.status >= 500 ? 'server_error' : 'invalid_request_error'),
        failure.code ?? null,
        null,
        failure.headers,
      );
    }

    if (options.apiKey !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${options.apiKey}`) {
        const given = auth.replace(/^Bearer /, '');
        return sendError(
          res,
          401,
          `Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        );
      }
    }

    const id = decodeURIComponent(path.split('/')[3] ?? '');
    switch (route) {
      case 'POST /v1/files':
        return uploadFile(res, form);
      case 'GET /v1/files':
        return listFiles(res, query);
      case 'GET /v1/files/{id}': {
        const f = files.get(id);
        if (!f) return noSuchFile(res, id);
        return sendJson(res, 200, f.object);
      }
      case 'GET /v1/files/{id}/content': {
        const f = files.get(id);
        if (!f) return noSuchFile(res, id);
        if (f.object.purpose !== 'batch_output') {
          return sendError(
            res,
            400,
            `Not allowed to download files of purpose: ${f.object.purpose}`,
            'invalid_request_error',
            null,
          );
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(f.content);
        return;
      }
      case 'DELETE /v1/files/{id}': {
        if (!files.delete(id)) return noSuchFile(res, id);
        filesDeleted++;
        return sendJson(res, 200, { id, object: 'file', deleted: true });
      }
      case 'POST /v1/batches':
        return createBatch(res, body);
      case 'GET /v1/batches':
        return listBatches(res, query);
      case 'GET /v1/batches/{id}': {
        const state = batches.get(id);
        if (!state) return noSuchBatch(res, id);
        if (progress === 'poll') step(state);
        return sendJson(res, 200, state.object);
      }
      case 'POST /v1/batches/{id}/cancel': {
        const state = batches.get(id);
        if (!state) return noSuchBatch(res, id);
        const b = state.object;
        if (b.status === 'cancelling' || b.status === 'cancelled') return sendJson(res, 200, b);
        if (TERMINAL.includes(b.status)) {
          return sendError(
            res,
            409,
            `Cannot cancel a batch with status '${b.status}'.`,
            'invalid_request_error',
            null,
          );
        }
        ticks++;
        state.cancelledFrom = b.status;
        b.status = 'cancelling';
        b.cancelling_at = now();
        return sendJson(res, 200, b);
      }
    }
    sendError(res, 404, `Invalid URL (${method} ${path})`, 'invalid_request_error', null);
  }

  function uploadFile(res: ServerResponse, form: MultipartForm | null) {
    if (!form) {
      return sendError(
        res,
        400,
        'The request must be multipart/form-data with a file and a purpose.',
        'invalid_request_error',
        null,
      );
    }
    const purpose = form.fields.purpose;
    if (purpose === undefined) return missingParameter(res, 'purpose');
    const file = form.files.file;
    if (!file) return missingParameter(res, 'file');
    if (!PURPOSES.includes(purpose)) {
      return sendError(
        res,
        400,
        `'${purpose}' is not one of ${PURPOSES.map((p) => `'${p}'`).join(', ')} - 'purpose'`,
        'invalid_request_error',
        null,
        'purpose',
      );
    }
    if (purpose === 'batch' && !file.filename.toLowerCase().endsWith('.jsonl')) {
      // What OpenAI answers for a batch file that is not .jsonl.
      return sendError(
        res,
        400,
        'Invalid file format for Batch API. Must be .jsonl',
        'invalid_request_error',
        null,
      );
    }
    const seconds = form.fields['expires_after[seconds]'];
    let expiresAfter: number | undefined;
    if (seconds !== undefined) {
      expiresAfter = Number(seconds);
      if (!Number.isInteger(expiresAfter) || expiresAfter < 3600 || expiresAfter > 2_592_000) {
        return sendError(
          res,
          400,
          'expires_after.seconds must be between 3600 and 2592000.',
          'invalid_request_error',
          null,
          'expires_after.seconds',
        );
      }
    }
    const object = storeFile(file.filename, purpose, file.content, expiresAfter);
    filesUploaded++;
    sendJson(res, 200, object);
  }

  function listFiles(res: ServerResponse, query: Record<string, string>): void {
    let all = [...files.values()].map((f) => f.object);
    if (query.purpose) all = all.filter((f) => f.purpose === query.purpose);
    if (query.order !== 'asc') all.reverse();
    sendJson(res, 200, page(all, query, 10_000));
  }

  function createBatch(res: ServerResponse, raw: unknown) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return sendError(res, 400, 'The request body must be a JSON object.', 'invalid_request_error', null);
    }
    const p = raw as Record<string, unknown>;
    for (const param of ['input_file_id', 'endpoint', 'completion_window']) {
      if (p[param] === undefined) return missingParameter(res, param);
    }
    if (typeof p.endpoint !== 'string' || !ENDPOINTS.includes(p.endpoint)) {
      return invalidValue(res, 'endpoint', p.endpoint, ENDPOINTS);
    }
    if (p.endpoint !== CHAT_PATH) {
      return sendError(
        res,
        400,
        `This test server runs only ${CHAT_PATH} batches, not ${p.endpoint}.`,
        'invalid_request_error',
        null,
        'endpoint',
      );
    }
    if (p.completion_window !== '24h')
      return invalidValue(res, 'completion_window', p.completion_window, ['24h']);
    if (typeof p.input_file_id !== 'string') {
      return sendError(
        res,
        400,
        'input_file_id must be a string.',
        'invalid_request_error',
        null,
        'input_file_id',
      );
    }
    const metadata = p.metadata ?? null;
    if (metadata !== null) {
      const entries =
        typeof metadata === 'object' && !Array.isArray(metadata) ? Object.entries(metadata) : null;
      const valid =
        entries !== null &&
        entries.length <= 16 &&
        entries.every(([k, v]) => k.length <= 64 && typeof v === 'string' && v.length <= 512);
      if (!valid) {
        return sendError(
          res,
          400,
          'metadata must be at most 16 string pairs, keys up to 64 characters and values up to 512.',
          'invalid_request_error',
          null,
          'metadata',
        );
      }
    }
    const createdAt = now();
    const object: BatchObject = {
      id: newId('batch_'),
      object: 'batch',
      endpoint: p.endpoint,
      model: null,
      errors: null,
      input_file_id: p.input_file_id,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: createdAt,
      in_progress_at: null,
      expires_at: createdAt + DAY,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      usage: {
        input_tokens: 0,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 0,
      },
      metadata: metadata as Record<string, string> | null,
    };
    const ending = endings.shift() ?? options.ending ?? { kind: 'completed' };
    batches.set(object.id, { object, ending, lines: [], cancelledFrom: null, results: null });
    batchesCreated++;
    sendJson(res, 200, object);
  }

  function listBatches(res: ServerResponse, query: Record<string, string>): void {
    const all = [...batches.values()].map((s) => s.object).reverse();
    sendJson(res, 200, page(all, query, 100));
  }

  /** A cursor page as OpenAI's list endpoints give it: `after` an id, `limit` 1 to `max` (default 20). */
  function page<T extends { id: string }>(all: T[], query: Record<string, string>, max: number) {
    const limit = query.limit === undefined ? 20 : Math.max(1, Math.min(max, Number(query.limit) || 20));
    const start = query.after === undefined ? 0 : all.findIndex((x) => x.id === query.after) + 1;
    const data = start === 0 && query.after !== undefined ? [] : all.slice(start, start + limit);
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: start + limit < all.length,
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(e), 'server_error', null);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const copy = (b: BatchObject): BatchObject => structuredClone(b);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    calls: (x?: string) =>
      x ? requests.filter((r) => r.path === x || r.route === x).length : requests.length,
    get filesUploaded() {
      return filesUploaded;
    },
    get batchesCreated() {
      return batchesCreated;
    },
    get filesDeleted() {
      return filesDeleted;
    },
    chatBodies,
    batch: (id) => {
      const state = batches.get(id);
      return state ? copy(state.object) : undefined;
    },
    batches: () => [...batches.values()].map((s) => copy(s.object)),
    inputLines: (id) => {
      const state = getState(id);
      if (state.lines.length > 0) return structuredClone(state.lines);
      // Not validated yet: read the file as it is.
      const content = files.get(state.object.input_file_id)?.content ?? '';
      return content
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as BatchInputLine);
    },
    file: (id) => {
      const f = files.get(id);
      return f ? { object: { ...f.object }, content: f.content } : undefined;
    },
    advance(id, steps = 1) {
      const state = getState(id);
      for (let i = 0; i < steps; i++) step(state);
      return copy(state.object);
    },
    finish(id) {
      const state = getState(id);
      while (!TERMINAL.includes(state.object.status)) step(state);
      return copy(state.object);
    },
    endNext(ending, times = 1) {
      for (let i = 0; i < times; i++) endings.push(ending);
    },
    failNext(failure, times = 1, routes = ['GET /v1/batches/{id}']) {
      for (let i = 0; i < times; i++) failures.push({ failure, routes });
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- multipart/form-data ----

interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; content: string; contentType: string | null }>;
}

/** Parses a multipart/form-data body (text parts and text files, which is all a batch needs). */
function parseMultipart(text: string, contentType: string): MultipartForm | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return null;
  const form: MultipartForm = { fields: {}, files: {} };
  const parts = text.split(`--${mark}`);
  // parts[0] is the preamble; the last is "--" and the epilogue.
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    let content = part.slice(split + 4);
    if (content.endsWith('\r\n')) content = content.slice(0, -2);
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? null;
      form.files[name] = { filename, content, contentType: type };
    } else {
      form.fields[name] = content;
    }
  }
  return form;
}

// ---- errors ----

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return 'Invalid request.';
}

function missingParameter(res: ServerResponse, param: string): void {
  sendError(
    res,
    400,
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    'missing_required_parameter',
    param,
  );
}

function invalidValue(res: ServerResponse, param: string, value: unknown, allowed: string[]): void {
  sendError(
    res,
    400,
    `Invalid value: '${String(value)}'. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`,
    'invalid_request_error',
    'invalid_value',
    param,
  );
}

function noSuchFile(res: ServerResponse, id: string): void {
  sendError(res, 404, `No such File object: ${id}`, 'invalid_request_error', null, 'id');
}

function noSuchBatch(res: ServerResponse, id: string): void {
  sendError(res, 404, `No batch found with id '${id}'.`, 'invalid_request_error', null, 'id');
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param, code } }, headers);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
