import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadGgufFile } from '../../src/models/gguf-download.js';
import type { DownloadProgressEvent } from '../../src/models/gguf-download-progress.js';
import { createGgufModel } from '../../src/models/gguf-model.js';
import { parseHfFileRef } from '../../src/schema/hf-file-ref.js';
import { ggufConfig, ggufUnavailable, MODELS_DIR, RANDOM } from '../helpers/gguf-models.js';
import { type FakeHub, startHub } from '../servers/hf-hub-server.js';

/**
 * The models layer prints nothing: a download reports events, in order and with its byte counts, and
 * the CLI draws them (src/cli/download-progress.ts).
 */

const REF = `hf:someone/tiny-GGUF/${RANDOM}`;
const SERVED_PATH = `/someone/tiny-GGUF/resolve/main/${RANDOM}`;

let hubs: FakeHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  hubs = [];
});

/** Everything written to stdout and stderr while `fn` runs. */
async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; written: string }> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    return { value: await fn(), written: written.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe.skipIf(ggufUnavailable !== '')('a model file download, seen from the models layer', () => {
  const weights = readFileSync(path.join(MODELS_DIR, RANDOM));

  it('writes nothing to stdout or stderr, and tells start, the bytes as they arrive, then done', async () => {
    const hub = await startHub({ [SERVED_PATH]: weights });
    hubs.push(hub);
    const dir = await mkdtemp(path.join(tmpdir(), 'rightsize-dl-events-'));
    const events: DownloadProgressEvent[] = [];
    // As a run gets there: a gguf:hf: model's pre-flight check, with the listener from the model context.
    const model = createGgufModel(ggufConfig(`hf:someone/tiny-GGUF/${RANDOM}`), {
      baseDir: dir,
      env: { RIGHTSIZE_MODELS_DIR: dir, HF_ENDPOINT: hub.url },
      onDownloadProgress: (e) => events.push(e),
    });
    const { written } = await captured(async () => {
      await model.check();
      await model.close();
    });
    expect(written).toBe('');

    const file = path.join(dir, RANDOM);
    expect(readFileSync(file).equals(weights)).toBe(true);
    expect(events.every((e) => e.uri === REF && e.file === file)).toBe(true);
    const phases = events.map((e) => e.phase);
    expect(phases[0]).toBe('start');
    expect(phases.at(-1)).toBe('done');
    expect(phases.slice(1, -1).every((p) => p === 'progress')).toBe(true);
    expect(phases.length).toBeGreaterThan(2);
    expect(events[0]).toMatchObject({ receivedBytes: 0, totalBytes: null });
    const progress = events.filter((e) => e.phase === 'progress');
    // Never backwards, never past the size, and the size is the file's.
    for (const [i, e] of progress.entries()) {
      expect(e.receivedBytes).toBeGreaterThanOrEqual(progress[i - 1]?.receivedBytes ?? 0);
      expect(e.totalBytes).toBe(weights.length);
      expect(e.receivedBytes).toBeLessThanOrEqual(weights.length);
    }
    expect(progress.at(-1)?.receivedBytes).toBe(weights.length);
    expect(events.at(-1)).toMatchObject({ receivedBytes: weights.length, totalBytes: weights.length });
  });

  it('writes nothing when no listener is given, nor when the download fails, which it tells last', async () => {
    const parsed = parseHfFileRef(REF);
    if (!parsed.ok) throw new Error(parsed.message);
    const hub = await startHub({ [SERVED_PATH]: weights });
    hubs.push(hub);
    const silent = await captured(async () =>
      downloadGgufFile(parsed.ref, await mkdtemp(path.join(tmpdir(), 'rightsize-dl-events-')), {
        env: { HF_ENDPOINT: hub.url },
      }),
    );
    expect(silent.written).toBe('');

    const broken = await startHub({ [SERVED_PATH]: weights }, { failAfterProbe: true });
    hubs.push(broken);
    const events: DownloadProgressEvent['phase'][] = [];
    const failed = await captured(async () =>
      downloadGgufFile(parsed.ref, await mkdtemp(path.join(tmpdir(), 'rightsize-dl-events-')), {
        env: { HF_ENDPOINT: broken.url },
        onProgress: (e) => events.push(e.phase),
      }).catch((e: unknown) => e),
    );
    expect(failed.value).toMatchObject({ type: 'unreachable' });
    expect(failed.written).toBe('');
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('failed');
    expect(events.filter((p) => p === 'done')).toEqual([]);
  });
});
