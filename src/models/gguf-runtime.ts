import type { Llama, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { ModelError } from './model-error.js';

/** The node-llama-cpp module; type-only here, so nothing loads until a gguf model is used. */
export type NodeLlamaCpp = typeof import('node-llama-cpp');

/**
 * How to get the engine back. `npm install node-llama-cpp` alone misleads: rightsize installed with
 * --omit=optional (or `omit=optional` in .npmrc) would leave out the engine's prebuilt binaries too,
 * and a global install's package folder is not the user's project.
 */
export const INSTALL_HINT =
  'reinstall rightsize without --omit=optional (or, in your project, npm install node-llama-cpp --include=optional)';

/** The message for a `gguf:` model when node-llama-cpp (an optional dependency) is not installed. */
export function missingNodeLlamaCppError(cause?: unknown): ModelError {
  return new ModelError(
    'missing_dependency',
    `gguf: models run in-process through node-llama-cpp, which is not installed; ${INSTALL_HINT}`,
    { retryable: false, cause },
  );
}

function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Imports node-llama-cpp on demand (the CLI must start fast without it); `importer` is for tests. */
export async function loadNodeLlamaCpp(
  importer: () => Promise<NodeLlamaCpp> = () => import('node-llama-cpp'),
): Promise<NodeLlamaCpp> {
  try {
    return await importer();
  } catch (e) {
    if (isModuleNotFound(e)) throw missingNodeLlamaCppError(e);
    throw new ModelError('missing_dependency', `node-llama-cpp failed to load: ${(e as Error).message}`, {
      retryable: false,
      cause: e,
    });
  }
}

export interface GgufRuntimeOptions {
  /** `RIGHTSIZE_GGUF_GPU`: 'auto', 'cuda', 'vulkan' or 'metal'; CPU when unset. */
  gpu: string | undefined;
}

/** A loaded model shared by every call and every Model object on the same file. */
export interface SharedGgufModel {
  lib: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
  path: string;
  /** RSS growth around the load; see `measureRss`. */
  loadRssBytes: number;
  loadMs: number;
  /** Grammars compiled once per JSON schema. */
  grammars: Map<string, Promise<LlamaGrammar>>;
}

interface Entry<T> {
  refs: number;
  value: Promise<T>;
  /** Aborted when the last holder lets go, so a load nobody waits for any more stops (Ctrl-C mid-load). */
  stop: AbortController;
}

// Process-wide on purpose: one copy of the weights however many suites' models point at the file.
const llamas = new Map<string, Entry<{ lib: NodeLlamaCpp; llama: Llama }>>();
const models = new Map<string, Entry<SharedGgufModel>>();
let totalLoads = 0;
// Loads run one at a time so each RSS delta is that load's alone.
let loadChain: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` alone among loads and measures the process's native memory growth across it: resident
 * memory less V8's heap, because a garbage collection during the load can shrink the heap by more than
 * a small model adds (seen on CI: a growth of 0 for a 1 MB model).
 */
export function measureRss<T>(fn: () => Promise<T>): Promise<{ value: T; rssBytes: number; ms: number }> {
  const run = async () => {
    const native = () => {
      const m = process.memoryUsage();
      return m.rss - m.heapTotal;
    };
    const before = native();
    const start = performance.now();
    const value = await fn();
    // llama.cpp maps weights with MAP_POPULATE, so they are resident (and counted) once the load returns.
    return {
      value,
      rssBytes: Math.max(0, native() - before),
      ms: performance.now() - start,
    };
  };
  const result = loadChain.then(run, run);
  loadChain = result.catch(() => {});
  return result;
}

/** Takes a hold on `key`'s entry, creating it on first use; the value may still be loading. */
function hold<T>(
  map: Map<string, Entry<T>>,
  key: string,
  create: (stop: AbortSignal) => Promise<T>,
): Entry<T> {
  let entry = map.get(key);
  if (!entry) {
    const stop = new AbortController();
    const value = create(stop.signal);
    const created: Entry<T> = { refs: 0, value, stop };
    entry = created;
    map.set(key, created);
    // A failed load is forgotten so that a later call can try again.
    value.catch(() => {
      if (map.get(key) === created) map.delete(key);
    });
  }
  entry.refs++;
  return entry;
}

async function acquire<T>(map: Map<string, Entry<T>>, key: string, create: () => Promise<T>): Promise<T> {
  return hold(map, key, create).value;
}

/** Lets go of one hold on `entry`; the last one stops a load still running and disposes what was loaded. */
async function letGo<T>(
  map: Map<string, Entry<T>>,
  key: string,
  entry: Entry<T>,
  dispose: (v: T) => Promise<void>,
) {
  entry.refs--;
  if (entry.refs > 0) return;
  if (map.get(key) === entry) map.delete(key);
  entry.stop.abort();
  const value = await entry.value.catch(() => null);
  if (value !== null) await dispose(value);
}

async function release<T>(map: Map<string, Entry<T>>, key: string, dispose: (v: T) => Promise<void>) {
  const entry = map.get(key);
  if (entry) await letGo(map, key, entry, dispose);
}

async function acquireLlama(opts: GgufRuntimeOptions): Promise<{ lib: NodeLlamaCpp; llama: Llama }> {
  const key = opts.gpu ?? 'cpu';
  return acquire(llamas, key, async () => {
    const lib = await loadNodeLlamaCpp();
    try {
      const gpu = opts.gpu === undefined ? false : (opts.gpu as 'auto' | 'cuda' | 'vulkan' | 'metal');
      // Never compile: a missing prebuilt binary is an install problem to report, not a build to start.
      // Logs stay off: only the CLI prints, and failures surface as errors anyway.
      const llama = await lib.getLlama({ build: 'never', gpu, logLevel: lib.LlamaLogLevel.disabled });
      return { lib, llama };
    } catch (e) {
      throw new ModelError(
        'missing_dependency',
        `node-llama-cpp has no usable prebuilt binary here (${(e as Error).message}); reinstall it with "${INSTALL_HINT}"`,
        { retryable: false, cause: e },
      );
    }
  });
}

function releaseLlama(opts: GgufRuntimeOptions): Promise<void> {
  return release(llamas, opts.gpu ?? 'cpu', ({ llama }) => llama.dispose());
}

/**
 * The shared load of `file`, loading it on first use. Pair every call that resolves with
 * `releaseGgufModel`. When `signal` aborts first, the hold is given back: the load stops (and what it
 * had loaded is freed) unless another holder still waits for it, then the call rejects as aborted.
 */
export async function acquireGgufModel(
  file: string,
  opts: GgufRuntimeOptions,
  signal?: AbortSignal,
): Promise<SharedGgufModel> {
  if (signal?.aborted) throw abortedLoad(file, signal.reason);
  const key = modelKey(file, opts);
  const entry = hold(models, key, async (stop) => {
    const { lib, llama } = await acquireLlama(opts);
    try {
      const {
        value: model,
        rssBytes,
        ms,
      } = await measureRss(() => llama.loadModel({ modelPath: file, loadSignal: stop }));
      totalLoads++;
      return { lib, llama, model, path: file, loadRssBytes: rssBytes, loadMs: ms, grammars: new Map() };
    } catch (e) {
      await releaseLlama(opts);
      if (stop.aborted) throw abortedLoad(file, e);
      throw new ModelError('runtime', `node-llama-cpp could not load ${file}: ${(e as Error).message}`, {
        retryable: false,
        cause: e,
      });
    }
  });
  if (!signal) return entry.value;
  const stopped = () => letGo(models, key, entry, disposeShared(opts));
  return new Promise<SharedGgufModel>((resolve, reject) => {
    // Whichever comes first wins: a load that lands after the abort belongs to the other holders (or none).
    let gaveUp = false;
    const onAbort = () => {
      gaveUp = true;
      void stopped()
        .catch(() => {})
        .then(() => reject(abortedLoad(file, signal.reason)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    entry.value.then(
      (v) => {
        if (gaveUp) return;
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        if (gaveUp) return;
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function modelKey(file: string, opts: GgufRuntimeOptions): string {
  return `${opts.gpu ?? 'cpu'}|${file}`;
}

function abortedLoad(file: string, cause: unknown): ModelError {
  return new ModelError('aborted', `loading ${file} was stopped`, { retryable: false, cause });
}

function disposeShared(opts: GgufRuntimeOptions) {
  return async (shared: SharedGgufModel) => {
    await shared.model.dispose();
    await releaseLlama(opts);
  };
}

export function releaseGgufModel(file: string, opts: GgufRuntimeOptions): Promise<void> {
  return release(models, modelKey(file, opts), disposeShared(opts));
}

/** Pre-flight: node-llama-cpp imports, its binary loads, and `file` has a readable GGUF header (weights untouched). */
export async function checkNodeLlamaCpp(file: string, opts: GgufRuntimeOptions): Promise<void> {
  const { lib } = await acquireLlama(opts);
  try {
    await lib.readGgufFileInfo(file, { logWarnings: false, readTensorInfo: false });
  } catch (e) {
    throw new ModelError('runtime', `${file} is not a readable GGUF file: ${(e as Error).message}`, {
      retryable: false,
      cause: e,
    });
  } finally {
    await releaseLlama(opts);
  }
}

/** Which files are loaded now and by how many holders; `loads` counts every load since start (tests). */
export function ggufLoadState(): { loaded: Array<{ path: string; refs: number }>; loads: number } {
  const loaded = [...models.entries()].map(([key, e]) => ({
    path: key.slice(key.indexOf('|') + 1),
    refs: e.refs,
  }));
  return { loaded, loads: totalLoads };
}

/** Compiles (once per schema) a grammar that forces the answer into `schema`. */
export function jsonSchemaGrammar(
  shared: SharedGgufModel,
  schema: Record<string, unknown>,
): Promise<LlamaGrammar> {
  const key = JSON.stringify(schema);
  let grammar = shared.grammars.get(key);
  if (!grammar) {
    grammar = shared.llama
      // node-llama-cpp types its schemas precisely; ours is validated JSON Schema and it rejects what it cannot do.
      .createGrammarForJsonSchema(schema as Parameters<Llama['createGrammarForJsonSchema']>[0])
      .catch((e: unknown) => {
        shared.grammars.delete(key);
        throw new ModelError(
          'runtime',
          `node-llama-cpp cannot turn this JSON schema into a grammar: ${(e as Error).message}`,
          { retryable: false, cause: e },
        );
      });
    shared.grammars.set(key, grammar);
  }
  return grammar;
}
