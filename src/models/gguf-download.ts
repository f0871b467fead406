import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { HfFileRef } from '../schema/hf-file-ref.js';
import type { DownloadProgressEvent, OnDownloadProgress } from './gguf-download-progress.js';
import { MODELS_DIR_RULE } from './gguf-models-dir.js';
import { loadNodeLlamaCpp } from './gguf-runtime.js';
import { ModelError } from './model-error.js';

/** Hugging Face, or the mirror that HF_ENDPOINT / MODEL_ENDPOINT name (as llama.cpp and node-llama-cpp read them). */
export function hfEndpoint(env: Record<string, string | undefined>): string {
  const url = env.HF_ENDPOINT || env.MODEL_ENDPOINT || 'https://huggingface.co/';
  return url.endsWith('/') ? url : `${url}/`;
}

/** The file's download address, as a person would fetch it by hand. */
export function hfFileUrl(ref: HfFileRef, endpoint: string): string {
  const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}${enc(ref.user)}/${enc(ref.repo)}/resolve/${encodeURIComponent(ref.branch)}/${enc(ref.file)}`;
}

export interface DownloadOptions {
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** Told how the download goes; this layer prints nothing, so without it a download is silent. */
  onProgress?: OnDownloadProgress | undefined;
}

/** How long the reachability probe may take before the machine counts as offline. */
const PROBE_TIMEOUT_MS = 15_000;

// One download per destination however many models name it, and one at a time so their progress does not interleave.
const inFlight = new Map<string, Promise<string>>();
let queue: Promise<unknown> = Promise.resolve();

/** Downloads `ref` into `dir` as `ref.fileName` (once per file, one at a time) and returns its path. */
export function downloadGgufFile(ref: HfFileRef, dir: string, opts: DownloadOptions): Promise<string> {
  const dest = path.join(dir, ref.fileName);
  let job = inFlight.get(dest);
  if (!job) {
    const run = () => download(ref, dir, dest, opts);
    job = queue.then(run, run);
    inFlight.set(dest, job);
    queue = job.catch(() => {});
    const mine = job;
    void mine.then(
      () => inFlight.delete(dest),
      () => inFlight.delete(dest),
    );
  }
  return job;
}

async function download(ref: HfFileRef, dir: string, dest: string, opts: DownloadOptions): Promise<string> {
  // Another model may have fetched it while this one waited its turn.
  if ((await stat(dest).catch(() => null))?.isFile()) return dest;
  const endpoint = hfEndpoint(opts.env);
  const url = hfFileUrl(ref, endpoint);
  const token = opts.env.HF_TOKEN || undefined;
  await probe(ref, url, dest, dir, token, opts);
  const lib = await loadNodeLlamaCpp();
  let receivedBytes = 0;
  let totalBytes: number | null = null;
  const tell = (phase: DownloadProgressEvent['phase']) =>
    opts.onProgress?.({ phase, uri: ref.uri, file: dest, receivedBytes, totalBytes });
  tell('start');
  let ok = false;
  try {
    const downloader = await lib.createModelDownloader({
      modelUri: ref.uri,
      dirPath: dir,
      fileName: ref.fileName,
      endpoints: { huggingFace: endpoint },
      ...(token ? { tokens: { huggingFace: token } } : {}),
      onProgress: ({ downloadedSize, totalSize }) => {
        receivedBytes = downloadedSize;
        if (totalSize > 0) totalBytes = totalSize;
        tell('progress');
      },
    });
    const file = await downloader.download(opts.signal ? { signal: opts.signal } : {});
    ok = true;
    return file;
  } catch (e) {
    if (opts.signal?.aborted)
      throw new ModelError('aborted', 'download aborted', { retryable: false, cause: e });
    throw offline(ref, url, dest, dir, (e as Error).message, e);
  } finally {
    tell(ok ? 'done' : 'failed');
  }
}

/**
 * One small ranged request before handing over to the downloader, which retries a dead connection for
 * minutes: offline, the run should say what to do at once.
 */
async function probe(
  ref: HfFileRef,
  url: string,
  dest: string,
  dir: string,
  token: string | undefined,
  opts: DownloadOptions,
): Promise<void> {
  const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { range: 'bytes=0-0', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal,
    });
  } catch (e) {
    if (opts.signal?.aborted)
      throw new ModelError('aborted', 'download aborted', { retryable: false, cause: e });
    const host = new URL(url).host;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = timeout.aborted
      ? `no answer from ${host} within ${PROBE_TIMEOUT_MS / 1000} s`
      : `cannot reach ${host}: ${cause?.code ?? cause?.message ?? (e as Error).message}`;
    throw offline(ref, url, dest, dir, why, e);
  }
  await res.body?.cancel().catch(() => {});
  if (res.ok) return;
  if (res.status === 404) {
    throw new ModelError(
      'model_not_found',
      `${ref.uri}: no such file on ${new URL(url).host} (HTTP 404); check the user, repository and file name, or place ${ref.fileName} at ${dest} (${MODELS_DIR_RULE})`,
      { retryable: false, status: 404 },
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new ModelError(
      'auth',
      `${ref.uri} needs a Hugging Face token (HTTP ${res.status}): set HF_TOKEN, or place ${ref.fileName} at ${dest} (${MODELS_DIR_RULE})`,
      { retryable: false, status: res.status },
    );
  }
  throw offline(ref, url, dest, dir, `HTTP ${res.status}`);
}

function offline(
  ref: HfFileRef,
  url: string,
  dest: string,
  dir: string,
  why: string,
  cause?: unknown,
): ModelError {
  return new ModelError(
    'unreachable',
    `${ref.fileName} is not in ${dir} and could not be downloaded from ${ref.uri} (${why}). ` +
      `Offline? Download ${url} on a connected machine and place it at ${dest} (${MODELS_DIR_RULE})`,
    { retryable: false, cause },
  );
}
