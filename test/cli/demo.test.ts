import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync, REPO } from '../helpers/cli.js';

const MODELS = process.env.RIGHTSIZE_MODELS_DIR || resolve(REPO, '../shared/models');
const STORIES = 'tinyllamas-stories-260k-f32.v3.gguf';
const RANDOM = 'llama-2-tiny-random.gguf';
const missing = [STORIES, RANDOM].filter((f) => !existsSync(join(MODELS, f)));
const required = process.env.RIGHTSIZE_REQUIRE_MODELS === '1';
if (missing.length > 0 && !required) {
  console.warn(`[skipped] demo end-to-end runs: ${missing.join(', ')} missing in ${MODELS}`);
}

const DEMO = join(REPO, 'evals', 'demo.yaml');
const OUTPUTS = ['results.jsonl', 'scores.jsonl', 'summary.json', 'report.html', 'junit.xml', 'summary.md'];
const RANDOM_PATH = '/aladar/llama-2-tiny-random-GGUF/resolve/main/llama-2-tiny-random.gguf';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A loopback stand-in for huggingface.co serving one file with ranges, so no test touches the internet. */
async function fakeHub(files: Record<string, Buffer>): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    paths.push(path);
    const body = files[path];
    if (!body) return res.writeHead(404).end();
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m?.[2] ? Number(m[2]) : body.length - 1;
    res.writeHead(m ? 206 : 200, {
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(m ? { 'content-range': `bytes ${start}-${end}/${body.length}` } : {}),
    });
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, paths };
}

async function closedPort(): Promise<string> {
  const hub = await fakeHub({});
  await new Promise((r) => servers.pop()?.close(r));
  return hub.url;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rightsize-demo-'));
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe.skipIf(missing.length > 0 && !required)('the offline demo, evals/demo.yaml', () => {
  it('runs end to end on the in-process engine and writes every output', async () => {
    expect(missing, `required in ${MODELS} (RIGHTSIZE_REQUIRE_MODELS=1)`).toEqual([]);
    const out = join(tempDir(), 'demo');
    // A dead hub: were a file missing, the run would fail here rather than reach the internet.
    const env = { RIGHTSIZE_MODELS_DIR: MODELS, HF_ENDPOINT: await closedPort() };
    const r = await cliAsync(['run', DEMO, '--out', out, '--fresh', '--no-cache'], { env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
    for (const f of OUTPUTS) expect(existsSync(join(out, f)), f).toBe(true);

    const records = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(18);
    for (const rec of records) {
      expect(rec.error).toBeNull();
      expect(rec.cached).toBe(false);
      // The grammar makes even random weights answer in shape.
      expect(['billing', 'technical', 'account']).toContain(JSON.parse(rec.output as string).route);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      models: Array<{ id: string; role: string; cases: number; profile: { parameters: number } }>;
      candidates: Array<{ id: string; verdict: string; slices: unknown[] }>;
    };
    expect(summary.models.map((m) => [m.id, m.role, m.cases, m.profile.parameters])).toEqual([
      ['stories260k', 'baseline', 9, 292_800],
      ['tiny-random', 'candidate', 9, 513_048],
    ]);
    expect(summary.candidates).toHaveLength(1);
    expect(['switch', 'keep', 'inconclusive']).toContain(summary.candidates[0]?.verdict);
    expect(summary.candidates[0]?.slices).toHaveLength(3);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testsuite');
  });

  it('downloads a missing hf: model into the default models folder, then runs', async () => {
    const cache = tempDir();
    const models = join(cache, 'rightsize', 'models');
    mkdirSync(models, { recursive: true });
    copyFileSync(join(MODELS, STORIES), join(models, STORIES));
    const hub = await fakeHub({ [RANDOM_PATH]: readFileSync(join(MODELS, RANDOM)) });
    const out = join(cache, 'out');
    const r = await cliAsync(['run', DEMO, '--out', out, '--fresh', '--no-cache'], {
      env: { RIGHTSIZE_MODELS_DIR: '', XDG_CACHE_HOME: cache, HF_ENDPOINT: hub.url },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(hub.paths).toContain(RANDOM_PATH);
    expect(r.stderr).toContain(`downloaded ${join(models, RANDOM)} (1.8 MB)`);
    expect(sha256(join(models, RANDOM))).toBe(sha256(join(MODELS, RANDOM)));
    for (const f of OUTPUTS) expect(existsSync(join(out, f)), f).toBe(true);
  });
});

describe('the offline demo without its models, offline', () => {
  it('exits 3 before any call and says exactly which file to place where, without a stack trace', async () => {
    const models = join(tempDir(), 'models');
    const hub = await closedPort();
    const out = join(tempDir(), 'out');
    const r = await cliAsync(['run', DEMO, '--out', out, '--fresh', '--no-cache'], {
      env: { RIGHTSIZE_MODELS_DIR: models, HF_ENDPOINT: hub },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('2 models cannot be reached, so nothing was run');
    expect(r.stderr).toContain(
      `stories260k: GGUF file not found; tried ${join(REPO, 'evals', STORIES)}, ${join(models, STORIES)}`,
    );
    expect(r.stderr).toContain(`names no download source: place ${STORIES} at ${join(models, STORIES)}`);
    expect(r.stderr).toContain(
      `tiny-random: ${RANDOM} is not in ${models} and could not be downloaded from ` +
        `hf:aladar/llama-2-tiny-random-GGUF/${RANDOM} (cannot reach ${new URL(hub).host}: ECONNREFUSED). ` +
        `Offline? Download ${hub}${RANDOM_PATH.slice(1)} on a connected machine and place it at ${join(models, RANDOM)}`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    for (const f of OUTPUTS) expect(existsSync(join(out, f)), f).toBe(false);
  });
});
