import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { held, pause, readBody } from './http-helpers.js';

/**
 * A loopback server speaking Ollama's HTTP API as its docs/api.md and docs.ollama.com/api/errors describe
 * it: streamed NDJSON (`application/x-ndjson`) for /api/chat and /api/generate ending in a `done: true`
 * chunk with the metrics, `{"error": "..."}` bodies, 404 `model "x" not found, try pulling it first` for
 * unknown models, mid-stream errors as an `{"error"}` line after a 200, and /api/show, /api/ps,
 * /api/tags, /api/version. Answers are scripted; failures can be injected for retry and resume tests.
 *
 * Loading as Ollama does it: a model is loaded by its first request (or the documented empty-prompt
 * /api/generate, answered with one `done_reason: "load"` object) with num_ctx from the request, else the
 * Modelfile's, else the server's default, and loaded again when a request asks for another num_ctx.
 * A prompt longer than that window is cut to it, and prompt_eval_count says how much was evaluated.
 * /api/ps lists loaded models with `context_length`, as newer servers do (`psContextLength: false`
 * emulates older ones).
 *
 * Log-probabilities as Ollama 0.12.11 added them (its release notes; server/routes.go): with `logprobs:
 * true`, every streamed chunk carries `logprobs: [{ token, logprob, bytes }]` for its tokens, each with
 * `top_logprobs` when the request sets that; each piece is one token, and an empty piece is a token
 * whose text a parser held back. A server whose `version` is older ignores the field.
 */

export interface OllamaMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export interface OllamaChatBody {
  model: string;
  messages?: { role: string; content: string }[];
  prompt?: string;
  system?: string;
  stream?: boolean;
  format?: unknown;
  keep_alive?: string | number;
  logprobs?: boolean;
  top_logprobs?: number;
  options?: Record<string, unknown>;
}

export interface OllamaTestModel {
  /** As pulled, e.g. `qwen2.5:0.5b`; a name without a tag means `:latest`, as in Ollama. */
  name: string;
  /** The answer as streamed chunks, or a function of the request. */
  reply?: string[] | ((body: OllamaChatBody) => string[]);
  /** Figures for the final chunk; unset ones are derived from the request and the answer. */
  metrics?: Partial<OllamaMetrics>;
  parameterSize?: string;
  quantization?: string;
  family?: string;
  /** /api/show's model_info; defaults describe a small qwen2 model. */
  modelInfo?: Record<string, unknown>;
  /** Bytes on disk (/api/tags). */
  size?: number;
  /**
   * Loaded when the server starts, with this memory and window (default: the window a request without
   * num_ctx gets); false (default) when not loaded until a request loads it.
   */
  loaded?: { size: number; sizeVram: number; contextLength?: number } | false;
  /** Memory /api/ps reports once a request has loaded the model. */
  memory?: { size: number; sizeVram: number };
  /** `PARAMETER num_ctx` of its Modelfile, listed in /api/show's `parameters`. */
  modelfileNumCtx?: number;
  /** The log-probability of each piece when asked (default `-(i + 1) / 8` for piece i). */
  logprobs?: number[];
}

export type InjectedFailure =
  | { kind: 'status'; status: number; error?: string; headers?: Record<string, string> }
  /** Closes the socket before answering. */
  | { kind: 'reset' }
  /** Sends `afterChunks` chunks, then closes the socket. */
  | { kind: 'reset-mid-stream'; afterChunks: number }
  /** Sends `afterChunks` chunks, then an `{"error"}` line, as Ollama does when the runner fails. */
  | { kind: 'error-mid-stream'; error: string; afterChunks: number }
  /** A 200 whose body is not NDJSON. */
  | { kind: 'garbage' }
  /** Streams the answer but ends without the `done: true` chunk. */
  | { kind: 'no-done' }
  /** Waits, then answers normally. */
  | { kind: 'delay'; ms: number }
  /** Never answers, until the client goes away or the server closes. */
  | { kind: 'hang' }
  /** Waits until the test resolves `until` (or the server closes), then answers normally. */
  | { kind: 'hold'; until: Promise<void> };

export interface OllamaServerOptions {
  models?: OllamaTestModel[];
  /** Pause between streamed chunks (0: as fast as the socket takes them). */
  chunkDelayMs?: number;
  /** Reported by /api/version (default 0.6.8); log-probabilities need 0.12.11 or later. */
  version?: string;
  /** The window a model is served with when neither the request nor the Modelfile sets num_ctx (OLLAMA_CONTEXT_LENGTH). */
  defaultContextLength?: number;
  /** Whether /api/ps gives each loaded model's `context_length` (newer servers); default true. */
  psContextLength?: boolean;
  /**
   * Generation requests served at once (OLLAMA_NUM_PARALLEL); more wait in a first-come queue, as
   * Ollama's scheduler holds them. Default: no limit.
   */
  slots?: number;
  /** Time a generation request holds its slot before its answer streams (the model's compute); default 0. */
  serviceTimeMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface OllamaTestServer {
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests received on a path, or in total. */
  calls(path?: string): number;
  /** Generation requests whose client went away before the answer ended. */
  readonly disconnects: number;
  /** Every time a model was loaded (or loaded again for another num_ctx), in order. */
  readonly loads: { model: string; contextLength: number }[];
  /** Unloads every model, as its keep_alive running out does. */
  expire(): void;
  /** Fails the next `times` requests on `paths` (default: the two generation endpoints) this way. */
  failNext(failure: InjectedFailure, times?: number, paths?: string[]): void;
  /** Resolves once `n` content chunks have been written in total. */
  waitForChunks(n: number): Promise<void>;
  /** Generation requests holding a slot now, and the most that ever did at once. */
  readonly busy: number;
  readonly maxBusy: number;
  close(): Promise<void>;
}

export const DEFAULT_OLLAMA_MODEL: OllamaTestModel = {
  name: 'qwen2.5:0.5b',
  reply: ['Hello', ' from', ' Ollama', '.'],
  parameterSize: '494.03M',
  quantization: 'Q4_K_M',
  family: 'qwen2',
  size: 397_821_319,
};

const GENERATION_PATHS = ['/api/chat', '/api/generate'];
const DEFAULT_VERSION = '0.6.8';
const LOGPROBS_VERSION = '0.12.11';
/** Ollama's default window since 0.6.x (2048 before; the newest choose by free VRAM). */
const DEFAULT_CONTEXT_LENGTH = 4096;
const DEFAULT_MEMORY = { size: 995_000_000, sizeVram: 995_000_000 };
const JSON_TYPE = 'application/json; charset=utf-8';

export async function startOllamaServer(options: OllamaServerOptions = {}): Promise<OllamaTestServer> {
  const models = options.models ?? [DEFAULT_OLLAMA_MODEL];
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const requests: RecordedRequest[] = [];
  const failures: { failure: InjectedFailure; paths: string[] }[] = [];
  const chunkWaiters: { n: number; resolve: () => void }[] = [];
  let chunksWritten = 0;
  let disconnects = 0;
  const defaultContextLength = options.defaultContextLength ?? DEFAULT_CONTEXT_LENGTH;
  const servedWindow = (m: OllamaTestModel, body: OllamaChatBody | null) => {
    const numCtx = body?.options?.num_ctx;
    return typeof numCtx === 'number' ? numCtx : (m.modelfileNumCtx ?? defaultContextLength);
  };
  const loaded = new Map<string, { size: number; sizeVram: number; contextLength: number }>();
  for (const m of models) {
    if (m.loaded) loaded.set(tagged(m.name), { contextLength: servedWindow(m, null), ...m.loaded });
  }
  const loads: { model: string; contextLength: number }[] = [];
  /** The scheduler: loads the model unless it is loaded with the window this request needs. */
  function ensureLoaded(m: OllamaTestModel, body: OllamaChatBody): number {
    const name = tagged(m.name);
    const window = servedWindow(m, body);
    if (loaded.get(name)?.contextLength === window) return window;
    loaded.set(name, { ...(m.memory ?? DEFAULT_MEMORY), contextLength: window });
    loads.push({ model: name, contextLength: window });
    return window;
  }
  // Ends pending pauses when the server closes, so no timer outlives it.
  const closing = new AbortController();
  const sleep = (ms: number) => pause(ms, closing.signal);

  // Slots: a request beyond them waits for one to free, first come first served.
  const slotLimit = options.slots ?? Number.POSITIVE_INFINITY;
  const serviceTimeMs = options.serviceTimeMs ?? 0;
  const slotQueue: (() => void)[] = [];
  let busy = 0;
  let maxBusy = 0;
  async function withSlot(work: () => Promise<void>): Promise<void> {
    if (busy >= slotLimit) await new Promise<void>((resolve) => slotQueue.push(resolve));
    else busy++;
    maxBusy = Math.max(maxBusy, busy);
    try {
      if (serviceTimeMs > 0) await sleep(serviceTimeMs);
      await work();
    } finally {
      // Hand the slot straight to the next in line (busy stays the same), else free it.
      const next = slotQueue.shift();
      if (next) next();
      else busy--;
    }
  }

  const find = (name: unknown) =>
    typeof name === 'string' ? models.find((m) => tagged(m.name) === tagged(name)) : undefined;

  function countChunk(): void {
    chunksWritten++;
    for (const w of chunkWaiters.filter((w) => chunksWritten >= w.n)) {
      chunkWaiters.splice(chunkWaiters.indexOf(w), 1);
      w.resolve();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] as string;
    const text = await readBody(req);
    let body: unknown = null;
    let badJson: string | null = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch (e) {
        badJson = (e as Error).message;
      }
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

    const failureIndex = failures.findIndex((f) => f.paths.includes(path));
    const failure = failureIndex >= 0 ? failures.splice(failureIndex, 1)[0]?.failure : undefined;
    if (failure?.kind === 'delay') await sleep(failure.ms);
    if (failure?.kind === 'hold') await held(failure.until, closing.signal);
    if (closing.signal.aborted) return;
    if (failure?.kind === 'hang') return; // closed by the client or by close()
    if (failure?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'status') {
      sendJson(res, failure.status, { error: failure.error ?? 'injected failure' }, failure.headers);
      return;
    }

    const route = `${req.method} ${path}`;
    if (badJson !== null && req.method === 'POST') return sendJson(res, 400, { error: badJson });
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Ollama is running');
        return;
      case 'GET /api/version':
        return sendJson(res, 200, { version: options.version ?? DEFAULT_VERSION });
      case 'GET /api/tags':
        return sendJson(res, 200, { models: models.map((m) => listEntry(m)) });
      case 'GET /api/ps':
        return sendJson(res, 200, {
          models: models.flatMap((m) => {
            const state = loaded.get(tagged(m.name));
            return state ? [psEntry(m, state, options.psContextLength !== false)] : [];
          }),
        });
      case 'POST /api/show': {
        const name = field(body, 'model') ?? field(body, 'name');
        const m = find(name);
        if (!m) return sendJson(res, 404, { error: `model '${String(name)}' not found` });
        return sendJson(res, 200, showEntry(m));
      }
      case 'POST /api/chat':
      case 'POST /api/generate':
        if (slotLimit === Number.POSITIVE_INFINITY && serviceTimeMs === 0)
          return generate(path === '/api/chat', body as OllamaChatBody | null, req, res, failure);
        return withSlot(() =>
          generate(path === '/api/chat', body as OllamaChatBody | null, req, res, failure),
        );
      default:
        // Ollama's router (gin) answers unknown routes in plain text.
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    }
  }

  async function generate(
    chat: boolean,
    body: OllamaChatBody | null,
    req: IncomingMessage,
    res: ServerResponse,
    failure: InjectedFailure | undefined,
  ): Promise<void> {
    if (!body || typeof body.model !== 'string' || body.model === '') {
      return sendJson(res, 400, { error: 'model is required' });
    }
    const m = find(body.model);
    if (!m) return sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });

    const window = ensureLoaded(m, body);
    // docs/api.md "Load a model": an empty prompt (or no messages) only loads it; one JSON object back.
    if (chat ? !body.messages?.length : !body.prompt) {
      const reply = { model: tagged(m.name), created_at: now(), done: true, done_reason: 'load' };
      return sendJson(
        res,
        200,
        chat ? { ...reply, message: { role: 'assistant', content: '' } } : { ...reply, response: '' },
      );
    }

    const all = typeof m.reply === 'function' ? m.reply(body) : (m.reply ?? ['ok']);
    const numPredict = typeof body.options?.num_predict === 'number' ? body.options.num_predict : -1;
    const chunks = numPredict >= 0 && numPredict < all.length ? all.slice(0, numPredict) : all;
    const doneReason = chunks.length < all.length ? 'length' : 'stop';
    const metrics = metricsFor(m, body, chunks.length, window);
    const name = tagged(m.name);
    const scored = body.logprobs === true && !olderThan(options.version ?? DEFAULT_VERSION, LOGPROBS_VERSION);
    const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
    const tokenLogprob = (token: string, i: number) => {
      const logprob = m.logprobs ? (m.logprobs[i] ?? -1) : -(i + 1) / 8;
      const bytes = [...Buffer.from(token)];
      const top = [
        { token, logprob, bytes },
        ...Array.from({ length: Math.max(0, topK - 1) }, (_, j) => ({
          token: `alt${j}`,
          logprob: logprob - j - 1,
          bytes: [...Buffer.from(`alt${j}`)],
        })),
      ];
      return { token, logprob, bytes, ...(topK > 0 ? { top_logprobs: top } : {}) };
    };
    const piece = (content: string, i: number) => ({
      model: name,
      created_at: now(),
      ...(chat ? { message: { role: 'assistant', content } } : { response: content }),
      done: false,
      ...(scored ? { logprobs: [tokenLogprob(content, i)] } : {}),
    });
    const final = chat
      ? {
          model: name,
          created_at: now(),
          message: { role: 'assistant', content: '' },
          done_reason: doneReason,
          done: true,
          ...metrics,
        }
      : {
          model: name,
          created_at: now(),
          response: '',
          done: true,
          done_reason: doneReason,
          context: [1, 2, 3],
          ...metrics,
        };

    if (body.stream === false) {
      const whole = chunks.join('');
      const all = scored ? { logprobs: chunks.map(tokenLogprob) } : {};
      return sendJson(
        res,
        200,
        chat
          ? { ...final, message: { role: 'assistant', content: whole }, ...all }
          : { ...final, response: whole, ...all },
      );
    }

    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        disconnects++;
      }
    });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    if (failure?.kind === 'garbage') {
      res.end('<html>upstream proxy error</html>\n');
      return;
    }
    for (const [i, content] of chunks.entries()) {
      if (failure?.kind === 'reset-mid-stream' && i === failure.afterChunks) {
        req.socket.destroy();
        return;
      }
      if (failure?.kind === 'error-mid-stream' && i === failure.afterChunks) {
        res.end(`${JSON.stringify({ error: failure.error })}\n`);
        return;
      }
      if (i > 0 && chunkDelayMs > 0) await sleep(chunkDelayMs);
      if (gone || closing.signal.aborted) return;
      res.write(`${JSON.stringify(piece(content, i))}\n`);
      countChunk();
    }
    if (failure?.kind === 'no-done') {
      res.end();
      return;
    }
    if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    if (!gone && !closing.signal.aborted) res.end(`${JSON.stringify(final)}\n`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(e) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    calls: (path?: string) => (path ? requests.filter((r) => r.path === path).length : requests.length),
    get disconnects() {
      return disconnects;
    },
    loads,
    expire: () => loaded.clear(),
    failNext(failure, times = 1, paths = GENERATION_PATHS) {
      for (let i = 0; i < times; i++) failures.push({ failure, paths });
    },
    get busy() {
      return busy;
    },
    get maxBusy() {
      return maxBusy;
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

/**
 * Ollama's default figures: a token a word plus the template's 8; a prompt longer than the serving
 * window is cut to it (the runner keeps num_keep tokens and drops the rest of the overflow), so
 * prompt_eval_count is the window; durations give 50 tokens/s decode.
 */
function metricsFor(
  m: OllamaTestModel,
  body: OllamaChatBody,
  evalCount: number,
  window: number,
): OllamaMetrics {
  const words = [...(body.messages ?? []).map((x) => x.content), body.prompt ?? '', body.system ?? '']
    .join(' ')
    .split(/\s+/)
    .filter(Boolean).length;
  const prompt = m.metrics?.prompt_eval_count ?? Math.min(words + 8, window);
  const evalN = m.metrics?.eval_count ?? evalCount;
  const promptNs = m.metrics?.prompt_eval_duration ?? prompt * 1_000_000;
  const evalNs = m.metrics?.eval_duration ?? evalN * 20_000_000;
  const loadNs = m.metrics?.load_duration ?? 2_000_000;
  return {
    total_duration: m.metrics?.total_duration ?? loadNs + promptNs + evalNs + 1_000_000,
    load_duration: loadNs,
    prompt_eval_count: prompt,
    prompt_eval_duration: promptNs,
    eval_count: evalN,
    eval_duration: evalNs,
  };
}

function details(m: OllamaTestModel) {
  const family = m.family ?? 'qwen2';
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: [family],
    parameter_size: m.parameterSize ?? '494.03M',
    quantization_level: m.quantization ?? 'Q4_K_M',
  };
}

function listEntry(m: OllamaTestModel) {
  return {
    name: tagged(m.name),
    model: tagged(m.name),
    modified_at: '2025-01-15T10:20:30.123456789Z',
    size: m.size ?? 397_821_319,
    digest: 'a8b0c51577010a279d933d14c2a8ab4b268079d44c5c8830c0a93900f1827c67',
    details: details(m),
  };
}

function psEntry(
  m: OllamaTestModel,
  state: { size: number; sizeVram: number; contextLength: number },
  withContextLength: boolean,
) {
  return {
    ...listEntry(m),
    size: state.size,
    expires_at: '2025-01-15T10:25:30.123456789Z',
    size_vram: state.sizeVram,
    ...(withContextLength ? { context_length: state.contextLength } : {}),
  };
}

function showEntry(m: OllamaTestModel) {
  const arch = m.family ?? 'qwen2';
  return {
    license: 'Apache License 2.0',
    modelfile: `# Modelfile generated by "ollama show"\nFROM ${tagged(m.name)}\n`,
    // Ollama prints each Modelfile PARAMETER as `%-30s %#v`.
    parameters: [
      ...(m.modelfileNumCtx !== undefined ? [`${'num_ctx'.padEnd(30)} ${m.modelfileNumCtx}`] : []),
      `${'stop'.padEnd(30)} "<|im_start|>"`,
      `${'stop'.padEnd(30)} "<|im_end|>"`,
    ].join('\n'),
    template: '{{ .Prompt }}',
    details: details(m),
    model_info: m.modelInfo ?? {
      'general.architecture': arch,
      'general.file_type': 15,
      'general.parameter_count': 494_032_768,
      'general.quantization_version': 2,
      [`${arch}.block_count`]: 24,
      [`${arch}.context_length`]: 32_768,
      [`${arch}.embedding_length`]: 896,
      'tokenizer.ggml.model': 'gpt2',
    },
    capabilities: ['completion'],
    modified_at: '2025-01-15T10:20:30.123456789Z',
  };
}

/** Whether dotted version `a` is older than `b` (numeric parts; a missing part counts 0). */
function olderThan(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

function tagged(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).includes(':') ? name : `${name}:latest`;
}

function now(): string {
  return new Date().toISOString();
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, ...headers }).end(JSON.stringify(body));
}
