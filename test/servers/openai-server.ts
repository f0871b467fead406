import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { held, pause, readBody } from './http-helpers.js';

/**
 * A loopback server speaking OpenAI's Chat Completions as OpenAI's API reference describes it: SSE
 * `data: {chat.completion.chunk}` events ending in `data: [DONE]`, usage on a final chunk with empty
 * `choices` when `stream_options.include_usage` is set (or, llama.cpp style, on the last content chunk
 * with `timings`, whatever the request says), `{"error": {message, type, param, code}}` bodies, 429 with
 * `retry-after`, 401 for a wrong key, 404 `model_not_found`, and /v1/models (optionally with llama.cpp's
 * `meta` or vLLM's `max_model_len`). It records every request and can inject failures.
 *
 * Each streamed piece is one token. With `logprobs: true` in the request, each content chunk's choice
 * carries `logprobs: { content: [{ token, logprob, bytes, top_logprobs }], refusal: null }` (`top_logprobs`
 * as many as asked, the chosen token first), and `logprobs: null` otherwise, as OpenAI's reference
 * shows. An empty piece is a scored token whose text is not sent (llama.cpp's stop-string token).
 */

export interface OpenAIChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: unknown;
  [key: string]: unknown;
}

export interface OpenAITestModel {
  id: string;
  owned_by?: string;
  /** llama.cpp server's metadata in /v1/models. */
  meta?: { n_ctx_train?: number; n_params?: number; size?: number; n_vocab?: number; vocab_type?: number };
  /** vLLM's served context length in /v1/models. */
  max_model_len?: number;
}

export type InjectedFailure =
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
  /** Sends `afterChunks` content chunks, then closes the socket. */
  | { kind: 'reset-mid-stream'; afterChunks: number }
  /** A 200 SSE stream whose data is not JSON. */
  | { kind: 'garbage' }
  /** Streams the content, then ends without a finish_reason or [DONE]. */
  | { kind: 'truncated' }
  /** Sends `afterChunks` chunks, then an `error` event, as OpenAI does when it fails mid-stream. */
  | { kind: 'error-mid-stream'; afterChunks: number; message: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  /** Waits until the test resolves `until` (or the server closes), then answers normally. */
  | { kind: 'hold'; until: Promise<void> };

export interface OpenAIServerOptions {
  /** Served models; requests for others get 404 model_not_found. Empty: any model name is served. */
  models?: OpenAITestModel[];
  /** The answer as streamed content chunks, or a function of the request. */
  reply?: string[] | ((body: OpenAIChatBody) => string[]);
  /** `separate` (OpenAI, only with include_usage), `last-chunk` (llama.cpp) or `none`. */
  usage?: 'separate' | 'last-chunk' | 'none';
  /** Reported prompt tokens (default: words in the messages + 7). */
  promptTokens?: number;
  /** Reported completion tokens (default: the number of content chunks). */
  completionTokens?: number;
  /** llama.cpp's `timings` on the last chunk. */
  timings?: { predicted_per_second: number; predicted_n?: number; prompt_n?: number };
  /** Expected `Authorization: Bearer <key>`; others get 401 invalid_api_key (echoing the key, as some servers do). */
  apiKey?: string;
  /** Pause between SSE events. */
  chunkDelayMs?: number;
  /** Answer 404 on /v1/models (servers without the route). */
  noModelsRoute?: boolean;
  /** Fails this share of chat calls with a 500, drawn from a seeded generator (reproducible runs). */
  failShare?: { share: number; seed: number };
  /**
   * The log-probability of each piece when the request asks (default `-(i + 1) / 8` for piece i), or
   * `ignored`: a server that accepts the parameter and sends none.
   */
  logprobs?: number[] | 'ignored';
  /** llama.cpp's `GET /props` (beside /v1): its parallel slots and weights file. Absent: 404, as other servers. */
  props?: { total_slots?: number; model_path?: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface OpenAITestServer {
  /** Base URL with /v1, as clients are configured. */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Bodies of the chat completion requests, in order. */
  readonly chatBodies: OpenAIChatBody[];
  /** Bodies of the streamed chat calls whose answer was sent to the end. */
  readonly completed: OpenAIChatBody[];
  calls(path?: string): number;
  /** Streams whose client went away before the answer ended. */
  readonly disconnects: number;
  /** Fails the next `times` requests on `paths` (default: /v1/chat/completions) this way. */
  failNext(failure: InjectedFailure, times?: number, paths?: string[]): void;
  /** Resolves once `n` content chunks have been written in total. */
  waitForChunks(n: number): Promise<void>;
  close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAITestServer> {
  const models = options.models ?? [{ id: 'gpt-4o-mini', owned_by: 'system' }];
  const usagePlacement = options.usage ?? 'separate';
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const requests: RecordedRequest[] = [];
  const chatBodies: OpenAIChatBody[] = [];
  const completed: OpenAIChatBody[] = [];
  const failures: { failure: InjectedFailure; paths: string[] }[] = [];
  const chunkWaiters: { n: number; resolve: () => void }[] = [];
  const closing = new AbortController();
  const sleep = (ms: number) => pause(ms, closing.signal);
  let chunksWritten = 0;
  let disconnects = 0;

  function countChunk(): void {
    chunksWritten++;
    for (const w of chunkWaiters.filter((w) => chunksWritten >= w.n)) {
      chunkWaiters.splice(chunkWaiters.indexOf(w), 1);
      w.resolve();
    }
  }

  // mulberry32: a tiny seeded generator, so a "30% of calls fail" server fails the same calls each run.
  let state = options.failShare?.seed ?? 0;
  const draw = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const served = (id: string) => models.length === 0 || models.some((m) => m.id === id);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] as string;
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

    const index = failures.findIndex((f) => f.paths.includes(path));
    const injected = index >= 0 ? failures.splice(index, 1)[0]?.failure : undefined;
    const unlucky = path === CHAT_PATH && options.failShare !== undefined && draw() < options.failShare.share;
    const failure: InjectedFailure | undefined =
      injected ?? (unlucky ? { kind: 'status', status: 500 } : undefined);
    if (failure?.kind === 'delay') await sleep(failure.ms);
    if (failure?.kind === 'hold') await held(failure.until, closing.signal);
    if (closing.signal.aborted || failure?.kind === 'hang') return;
    if (failure?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'status') {
      const fallback = failure.status === 429 ? 'Rate limit reached for requests' : 'The server had an error';
      return sendError(
        res,
        failure.status,
        failure.message ?? fallback,
        failure.type ?? 'server_error',
        failure.code ?? null,
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
          `Incorrect API key provided: ${given}.`,
          'invalid_request_error',
          'invalid_api_key',
        );
      }
    }

    if (req.method === 'GET' && path === '/props' && options.props) {
      return sendJson(res, 200, { default_generation_settings: { n_ctx: 4096 }, ...options.props });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      if (options.noModelsRoute) return sendError(res, 404, 'Not found', 'not_found_error', null);
      return sendJson(res, 200, { object: 'list', data: models.map(modelEntry) });
    }
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const m = models.find((x) => x.id === id);
      if (!m) return modelNotFound(res, id);
      return sendJson(res, 200, modelEntry(m));
    }
    if (req.method === 'POST' && path === CHAT_PATH) {
      return chat(body, req, res, failure);
    }
    sendError(res, 404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error', null);
  }

  async function chat(
    raw: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    failure: InjectedFailure | undefined,
  ) {
    if (raw === null || typeof raw !== 'object' || typeof (raw as OpenAIChatBody).model !== 'string') {
      return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null);
    }
    const body = raw as OpenAIChatBody;
    chatBodies.push(body);
    if (!served(body.model)) return modelNotFound(res, body.model);

    const all =
      typeof options.reply === 'function'
        ? options.reply(body)
        : (options.reply ?? ['Hello', ' from', ' OpenAI', '.']);
    const limit = body.max_completion_tokens ?? body.max_tokens;
    const pieces = typeof limit === 'number' && limit < all.length ? all.slice(0, limit) : all;
    const finishReason = pieces.length < all.length ? 'length' : 'stop';
    const words = body.messages
      .map((m) => m.content)
      .join(' ')
      .split(/\s+/)
      .filter(Boolean).length;
    const promptTokens = options.promptTokens ?? words + 7;
    const completionTokens = options.completionTokens ?? pieces.length;
    const usage = {
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
    };
    const id = `chatcmpl-${Math.random().toString(36).slice(2, 12)}`;
    const created = Math.floor(Date.now() / 1000);
    const includeUsage = body.stream_options?.include_usage === true && usagePlacement === 'separate';
    const scored = body.logprobs === true && options.logprobs !== 'ignored';
    const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
    const tokenLogprob = (piece: string, i: number) => {
      const logprob = Array.isArray(options.logprobs) ? (options.logprobs[i] ?? -1) : -(i + 1) / 8;
      const bytes = [...Buffer.from(piece)];
      const alternatives = Array.from({ length: Math.max(0, topK - 1) }, (_, j) => ({
        token: `alt${j}`,
        logprob: logprob - j - 1,
        bytes: [...Buffer.from(`alt${j}`)],
      }));
      return {
        token: piece,
        logprob,
        bytes,
        top_logprobs: topK > 0 ? [{ token: piece, logprob, bytes }, ...alternatives] : [],
      };
    };

    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: pieces.join(''), refusal: null },
            logprobs: scored ? { content: pieces.map(tokenLogprob), refusal: null } : null,
            finish_reason: finishReason,
          },
        ],
        ...(usagePlacement === 'none' ? {} : { usage }),
        system_fingerprint: 'fp_test',
      });
    }

    const chunk = (
      delta: Record<string, unknown>,
      finish: string | null,
      extra: Record<string, unknown> = {},
      logprobs: unknown = null,
    ) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      system_fingerprint: 'fp_test',
      choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    });
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        disconnects++;
      }
    });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const send = (data: unknown) =>
      res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    if (failure?.kind === 'garbage') {
      res.end('data: {"id": "chatcmpl-broken", "choices": [\n\n');
      return;
    }
    send(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const [i, content] of pieces.entries()) {
      if (failure?.kind === 'reset-mid-stream' && i === failure.afterChunks) {
        req.socket.destroy();
        return;
      }
      if (failure?.kind === 'error-mid-stream' && i === failure.afterChunks) {
        send({ error: { message: failure.message, type: 'server_error', param: null, code: null } });
        res.end();
        return;
      }
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
      if (gone || closing.signal.aborted) return;
      const logprobs = scored ? { content: [tokenLogprob(content, i)], refusal: null } : null;
      send(chunk({ content }, null, {}, logprobs));
      countChunk();
    }
    if (failure?.kind === 'truncated') {
      res.end();
      return;
    }
    const last =
      usagePlacement === 'last-chunk'
        ? {
            usage,
            ...(options.timings
              ? { timings: { prompt_n: promptTokens, predicted_n: completionTokens, ...options.timings } }
              : {}),
          }
        : options.timings
          ? { timings: { prompt_n: promptTokens, predicted_n: completionTokens, ...options.timings } }
          : {};
    send(chunk({}, finishReason, last));
    if (includeUsage)
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        system_fingerprint: 'fp_test',
        choices: [],
        usage,
      });
    send('[DONE]');
    res.end();
    completed.push(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(e), 'server_error', null);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatBodies,
    completed,
    calls: (path?: string) => (path ? requests.filter((r) => r.path === path).length : requests.length),
    get disconnects() {
      return disconnects;
    },
    failNext(failure, times = 1, paths = [CHAT_PATH]) {
      for (let i = 0; i < times; i++) failures.push({ failure, paths });
    },
    waitForChunks(n) {
      if (chunksWritten >= n) return Promise.resolve();
      return new Promise((resolve) => chunkWaiters.push({ n, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function modelEntry(m: OpenAITestModel) {
  return {
    id: m.id,
    object: 'model',
    created: 1_715_367_049,
    owned_by: m.owned_by ?? (m.meta ? 'llamacpp' : 'system'),
    ...(m.meta ? { meta: m.meta } : {}),
    ...(m.max_model_len !== undefined ? { max_model_len: m.max_model_len } : {}),
  };
}

function modelNotFound(res: ServerResponse, id: string): void {
  sendError(
    res,
    404,
    `The model \`${id}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
  );
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
