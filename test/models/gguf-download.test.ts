import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadGgufFile, hfEndpoint, hfFileUrl } from '../../src/models/gguf-download.js';
import type { DownloadProgressEvent, OnDownloadProgress } from '../../src/models/gguf-download-progress.js';
import { resolveGgufPath } from '../../src/models/gguf-metadata.js';
import { ggufModelsDir, MODELS_DIR_RULE } from '../../src/models/gguf-models-dir.js';
import { ModelError } from '../../src/models/model-error.js';
import { parseHfFileRef } from '../../src/schema/hf-file-ref.js';
import { closedPortUrl, type FakeHub, startHub } from '../servers/hf-hub-server.js';

// The downloader is node-llama-cpp's; without the library only the paths that fail before it can run.
const hasLibrary = await import('node-llama-cpp').then(
  () => true,
  () => false,
);
if (!hasLibrary && process.env.RIGHTSIZE_REQUIRE_MODELS !== '1') {
  console.warn('gguf download tests through node-llama-cpp SKIPPED: node-llama-cpp is not installed');
}

const REF = 'hf:someone/tiny-GGUF/sub/dir/tiny.gguf';

/** The download's events, one line each: `start <uri> <file>`, `update <received>/<total>`, `stop <ok>`. */
function recorder(): OnDownloadProgress & { events: string[] } {
  const events: string[] = [];
  const record = (e: DownloadProgressEvent) => {
    if (e.phase === 'start') events.push(`start ${e.uri} ${e.file}`);
    else if (e.phase === 'progress') events.push(`update ${e.receivedBytes}/${e.totalBytes}`);
    else events.push(`stop ${e.phase === 'done'}`);
  };
  return Object.assign(record, { events });
}

let hubs: FakeHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  hubs = [];
});

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'rightsize-dl-'));
}

describe('hf: references', () => {
  it('name one file of a repository, on a branch or main', () => {
    expect(parseHfFileRef('hf:aladar/llama-2-tiny-random-GGUF/llama-2-tiny-random.gguf')).toEqual({
      ok: true,
      ref: {
        uri: 'hf:aladar/llama-2-tiny-random-GGUF/llama-2-tiny-random.gguf',
        user: 'aladar',
        repo: 'llama-2-tiny-random-GGUF',
        file: 'llama-2-tiny-random.gguf',
        branch: 'main',
        fileName: 'llama-2-tiny-random.gguf',
      },
    });
    const nested = parseHfFileRef('hf:ggml-org/models/tinyllamas/stories260K.gguf#dev');
    expect(nested).toMatchObject({
      ok: true,
      ref: { file: 'tinyllamas/stories260K.gguf', branch: 'dev', fileName: 'stories260K.gguf' },
    });
  });

  it.each([
    ['hf:aladar/llama-2-tiny-random-GGUF', 'names a repository but no file'],
    ['hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M', 'quantization tag'],
    ['hf:user/repo/readme.md', 'does not end in .gguf'],
    ['hf:user/repo/../../etc/x.gguf', 'empty or ".." part'],
    ['hf:/repo/x.gguf', 'needs a user and a repository'],
  ])('reject %s, saying why and the provider id to write', (ref, why) => {
    const parsed = parseHfFileRef(ref);
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? '' : parsed.message;
    expect(message).toContain(`"gguf:${ref}" does not name a GGUF file on Hugging Face`);
    expect(message).toContain(why);
    expect(message).toContain('write gguf:hf:<user>/<repo>/<file>.gguf');
  });

  it("resolve to Hugging Face's download address, or a mirror's", () => {
    const parsed = parseHfFileRef('hf:ggml-org/models/tinyllamas/stories260K.gguf');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(hfFileUrl(parsed.ref, hfEndpoint({}))).toBe(
      'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf',
    );
    expect(hfEndpoint({ HF_ENDPOINT: 'http://mirror.local:8080' })).toBe('http://mirror.local:8080/');
    expect(hfEndpoint({ MODEL_ENDPOINT: 'http://m2/' })).toBe('http://m2/');
  });
});

describe('the models folder', () => {
  it('is RIGHTSIZE_MODELS_DIR, else the XDG cache, else ~/.cache', () => {
    expect(ggufModelsDir({ RIGHTSIZE_MODELS_DIR: '/srv/models', XDG_CACHE_HOME: '/c' })).toBe('/srv/models');
    expect(ggufModelsDir({ XDG_CACHE_HOME: '/c', HOME: '/home/u' })).toBe('/c/rightsize/models');
    expect(ggufModelsDir({ RIGHTSIZE_MODELS_DIR: '', HOME: '/home/u' })).toBe(
      '/home/u/.cache/rightsize/models',
    );
  });

  it('is searched by default for a bare name', async () => {
    const cache = await tempDir();
    const dir = path.join(cache, 'rightsize', 'models');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'mine.gguf'), 'GGUF');
    await expect(resolveGgufPath('mine', '/nonexistent-suite-dir', { XDG_CACHE_HOME: cache })).resolves.toBe(
      path.join(dir, 'mine.gguf'),
    );
  });

  it('is named, with the exact place to put a file that has no download source', async () => {
    const home = await tempDir();
    const err = await resolveGgufPath('stories.gguf', '/suite', { HOME: home }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'model_not_found', retryable: false });
    const dest = path.join(home, '.cache', 'rightsize', 'models', 'stories.gguf');
    const message = (err as Error).message;
    expect(message).toContain(`tried /suite/stories.gguf, ${dest}`);
    expect(message).toContain(`"gguf:stories.gguf" names no download source: place stories.gguf at ${dest}`);
    expect(message).toContain(MODELS_DIR_RULE);
  });
});

describe('downloading an hf: file', () => {
  it('uses the file already in the models folder without any network call', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'tiny.gguf'), 'GGUF');
    const env = { RIGHTSIZE_MODELS_DIR: dir, HF_ENDPOINT: await closedPortUrl() };
    await expect(resolveGgufPath(REF, '/suite', env)).resolves.toBe(path.join(dir, 'tiny.gguf'));
  });

  it('says which file to place where when the hub cannot be reached, and leaves nothing behind', async () => {
    const dir = path.join(await tempDir(), 'models');
    const endpoint = await closedPortUrl();
    const progress = recorder();
    const err = await resolveGgufPath(
      REF,
      '/suite',
      { RIGHTSIZE_MODELS_DIR: dir, HF_ENDPOINT: endpoint },
      {
        onProgress: progress,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'unreachable', retryable: false });
    const host = new URL(endpoint).host;
    expect((err as Error).message).toBe(
      `tiny.gguf is not in ${dir} and could not be downloaded from ${REF} (cannot reach ${host}: ECONNREFUSED). ` +
        `Offline? Download ${endpoint}someone/tiny-GGUF/resolve/main/sub/dir/tiny.gguf on a connected machine ` +
        `and place it at ${path.join(dir, 'tiny.gguf')} (${MODELS_DIR_RULE})`,
    );
    expect(progress.events).toEqual([]);
    expect(existsSync(path.join(dir, 'tiny.gguf'))).toBe(false);
  });

  it('tells a missing file (404) from a network failure, and a gated one (401) from both', async () => {
    const dir = await tempDir();
    const missing = await startHub({});
    hubs.push(missing);
    const notFound = await resolveGgufPath(REF, '/s', {
      RIGHTSIZE_MODELS_DIR: dir,
      HF_ENDPOINT: missing.url,
    }).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ type: 'model_not_found', status: 404 });
    expect((notFound as Error).message).toContain('no such file on 127.0.0.1');
    const gated = await startHub({}, { status: 401 });
    hubs.push(gated);
    const auth = await resolveGgufPath(REF, '/s', {
      RIGHTSIZE_MODELS_DIR: dir,
      HF_ENDPOINT: gated.url,
    }).catch((e: unknown) => e);
    expect(auth).toMatchObject({ type: 'auth', status: 401 });
    expect((auth as Error).message).toContain('set HF_TOKEN');
  });

  it('stops at once when the run is interrupted', async () => {
    const hub = await startHub({});
    hubs.push(hub);
    const ac = new AbortController();
    ac.abort();
    const err = await resolveGgufPath(
      REF,
      '/s',
      { RIGHTSIZE_MODELS_DIR: await tempDir(), HF_ENDPOINT: hub.url },
      { signal: ac.signal },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'aborted' });
  });

  describe.skipIf(!hasLibrary && process.env.RIGHTSIZE_REQUIRE_MODELS !== '1')(
    "through node-llama-cpp's downloader",
    () => {
      const weights = randomBytes(300_000);
      const served = { '/someone/tiny-GGUF/resolve/main/sub/dir/tiny.gguf': weights };

      it('fetches the file into the models folder under its own name, reporting progress', async () => {
        const hub = await startHub(served);
        hubs.push(hub);
        const dir = path.join(await tempDir(), 'not', 'yet', 'there');
        const progress = recorder();
        const file = await resolveGgufPath(
          REF,
          '/s',
          { RIGHTSIZE_MODELS_DIR: dir, HF_ENDPOINT: hub.url },
          {
            onProgress: progress,
          },
        );
        expect(file).toBe(path.join(dir, 'tiny.gguf'));
        expect(readFileSync(file).equals(weights)).toBe(true);
        const resolvePath = '/someone/tiny-GGUF/resolve/main/sub/dir/tiny.gguf';
        expect(new Set(hub.requests.map((r) => r.path))).toEqual(
          new Set([resolvePath, `/cdn${resolvePath}`]),
        );
        expect(progress.events[0]).toBe(`start ${REF} ${file}`);
        expect(progress.events).toContain(`update ${weights.length}/${weights.length}`);
        expect(progress.events.at(-1)).toBe('stop true');
      });

      it('downloads a file once however many models ask for it at the same time', async () => {
        const hub = await startHub(served);
        hubs.push(hub);
        const env = { RIGHTSIZE_MODELS_DIR: await tempDir(), HF_ENDPOINT: hub.url };
        const [a, b] = await Promise.all([
          resolveGgufPath(REF, '/s', env, { onProgress: recorder() }),
          resolveGgufPath(REF, '/s', env, { onProgress: recorder() }),
        ]);
        expect(a).toBe(b);
        expect(
          hub.requests.filter((r) => r.range === 'bytes=0-0' && !r.path.startsWith('/cdn/')),
        ).toHaveLength(1);
      });

      it('says what to do when the download itself fails after the hub answered', async () => {
        const hub = await startHub(served, { failAfterProbe: true });
        hubs.push(hub);
        const dir = await tempDir();
        const progress = recorder();
        const parsed = parseHfFileRef(REF);
        if (!parsed.ok) throw new Error(parsed.message);
        const err = await downloadGgufFile(parsed.ref, dir, {
          env: { HF_ENDPOINT: hub.url },
          onProgress: progress,
        }).catch((e: unknown) => e);
        expect(err).toMatchObject({ type: 'unreachable' });
        expect((err as Error).message).toContain(`and place it at ${path.join(dir, 'tiny.gguf')}`);
        expect(progress.events.at(-1)).toBe('stop false');
        expect(existsSync(path.join(dir, 'tiny.gguf'))).toBe(false);
      });
    },
  );
});
