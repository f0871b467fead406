import path from 'node:path';
import type { ModelConfig } from '../schema/model-config.js';
import { loadUserModule, UserCodeError } from '../util/user-module.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile } from './model.js';
import { ModelError } from './model-error.js';
import { unknownProfile } from './unknown-profile.js';

/** promptfoo's ApiProvider, as far as a run uses it. */
interface ApiProvider {
  id?: () => string;
  callApi(prompt: string, context: Record<string, unknown>, options?: { abortSignal?: AbortSignal }): unknown;
}

/** What promptfoo hands a provider's constructor: its id, and `config` with the suite's folder. */
export function fileProviderOptions(config: ModelConfig, baseDir: string): Record<string, unknown> {
  return { id: config.provider, config: { ...config.providerConfig, basePath: baseDir } };
}

const isProvider = (v: unknown): v is ApiProvider =>
  v !== null && typeof v === 'object' && typeof (v as ApiProvider).callApi === 'function';

/**
 * The provider a `file://` module gives, by promptfoo's rule: its export (the default one when there is
 * one) is a class constructed with `{ id, config }`; an object with `callApi` is taken as it is.
 * Throws UserCodeError naming the file when it gives neither, or its constructor throws.
 */
export function instantiateFileProvider(config: ModelConfig, baseDir: string): ApiProvider {
  const file = path.resolve(baseDir, config.ref.model);
  const exported = loadUserModule(file);
  const name = path.basename(file);
  if (typeof exported === 'function') {
    let made: unknown;
    try {
      made = new (exported as new (options: unknown) => unknown)(fileProviderOptions(config, baseDir));
    } catch (err) {
      throw new UserCodeError(
        `constructing the provider of ${name} threw: ${err instanceof Error ? err.message : String(err)}`,
        'fix its constructor',
      );
    }
    if (isProvider(made)) return made;
    throw new UserCodeError(
      `${name}: the provider its class makes has no callApi(prompt, context) method`,
      "give the class an async callApi(prompt, context) returning { output } (promptfoo's provider contract)",
    );
  }
  if (isProvider(exported)) return exported;
  throw new UserCodeError(
    `${name} must export a provider: a class (constructed with { id, config }) or an object with callApi(prompt, context)`,
    'export default class { id() { return "my-provider"; } async callApi(prompt, context) { return { output: "..." }; } }',
  );
}

const count = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** The run's view of a JSON-able part of the result, for `raw`; what does not serialise is left out. */
function jsonSafe(value: unknown): unknown {
  try {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

/**
 * Reads a `callApi` result by promptfoo's ProviderResponse contract: `error` fails the call with the
 * provider's message; `output` is the answer (text as it is, anything else as its JSON, as promptfoo's
 * assertions see it); `tokenUsage.prompt`/`completion`, `cost` (USD) and `latencyMs` are taken when
 * given. Anything else is the wrong shape: a per-call error saying what came back.
 */
export function readProviderResponse(result: unknown, name: string, measuredMs: number): GenerateResponse {
  const bad = (why: string) =>
    new ModelError(
      'bad_response',
      `${name}: callApi ${why}; it must return { output } or { error } (promptfoo's ProviderResponse)`,
      { retryable: false },
    );
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw bad(`returned ${result === undefined ? 'nothing' : JSON.stringify(result)}`);
  }
  const r = result as Record<string, unknown>;
  if (r.error !== undefined && r.error !== null && r.error !== '') {
    const message = typeof r.error === 'string' ? r.error : JSON.stringify(r.error);
    throw new ModelError('runtime', `${name}: ${message}`, { retryable: false });
  }
  if (r.output === undefined || r.output === null) {
    throw bad(`returned no output (keys: ${Object.keys(r).join(', ') || 'none'})`);
  }
  const text = typeof r.output === 'string' ? r.output : JSON.stringify(r.output);
  const usage = (r.tokenUsage ?? {}) as Record<string, unknown>;
  const latency = count(r.latencyMs);
  const cost = count(r.cost);
  return {
    text,
    finishReason: typeof r.finishReason === 'string' ? r.finishReason : null,
    usage: { input: count(usage.prompt), output: count(usage.completion) },
    latencyMs: latency ?? measuredMs,
    ttftMs: null,
    tokensPerSecond: null,
    ...(cost !== null ? { cost } : {}),
    raw: jsonSafe({
      ...(r.tokenUsage !== undefined ? { tokenUsage: r.tokenUsage } : {}),
      ...(r.cost !== undefined ? { cost: r.cost } : {}),
      ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
      ...(r.cached !== undefined ? { cached: r.cached } : {}),
      ...(r.metadata !== undefined ? { metadata: r.metadata } : {}),
    }),
  };
}

/** The prompt as promptfoo hands it to a provider: the text of a plain prompt, else the messages' JSON. */
function promptText(request: GenerateRequest): string {
  const [first] = request.messages;
  return request.messages.length === 1 && first?.role === 'user'
    ? first.content
    : JSON.stringify(request.messages);
}

/**
 * `file://provider.js`: the user's own provider (a RAG pipeline, a runtime rightsize does not ship),
 * run in this process with promptfoo's contract: `callApi(prompt, { vars, prompt, test, repeatIndex },
 * { abortSignal })`. It counts as remote (several calls at once by default; its cost is its own
 * `cost`, else the suite's prices). Latency is measured here around `callApi`, unless the result gives
 * `latencyMs`. A call that throws, answers the wrong shape or returns `error` is a per-call error with
 * the reason, never retried (the provider does its own retries). Nothing is cached: it is the user's
 * code, whose answers may depend on more than the prompt.
 */
export function createFileProvider(config: ModelConfig, ctx: { baseDir: string }): Model {
  const name = config.provider;
  let provider: ApiProvider | null = null;
  const load = (): ApiProvider => {
    try {
      provider ??= instantiateFileProvider(config, ctx.baseDir);
      return provider;
    } catch (err) {
      if (err instanceof UserCodeError)
        throw new ModelError('runtime', `${err.message}\n  fix: ${err.hint}`, { retryable: false });
      throw err;
    }
  };

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false });
    const p = load();
    const prompt = promptText(request);
    const vars = request.vars ?? {};
    const context = {
      vars,
      prompt: { raw: prompt, label: request.caseRef?.promptId ?? '' },
      test: { vars },
      repeatIndex: request.caseRef?.repeat ?? 0,
    };
    const started = performance.now();
    let result: unknown;
    try {
      // The provider may ignore the signal: the run's time limit and Ctrl-C still end the wait.
      result = await abortable(
        Promise.resolve(p.callApi(prompt, context, signal ? { abortSignal: signal } : {})),
        signal,
      );
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw new ModelError(
        'runtime',
        `${name}: callApi threw: ${err instanceof Error ? err.message : String(err)}`,
        { retryable: false, cause: err },
      );
    }
    const response = readProviderResponse(result, name, performance.now() - started);
    // Asked for log-probabilities: promptfoo's contract has none to give.
    return { ...config.options, ...request.options }.logprobs ? { ...response, logprobs: null } : response;
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    // The provider's code says nothing rightsize can read of the model behind it.
    profile: async (): Promise<ModelProfile> => unknownProfile(config),
    // Loading and constructing it is the pre-flight: a broken file stops the run before any call.
    check: async () => {
      load();
    },
    close: async () => {},
  };
}

/** `work`, or a rejection the moment `signal` aborts (with the signal's reason as the cause). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new ModelError('aborted', 'call aborted', { retryable: false, cause: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
