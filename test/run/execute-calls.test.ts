import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelProfile } from '../../src/models/model.js';
import { type CallsOptions, executeCalls } from '../../src/run/execute-calls.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import type { Case } from '../../src/suite/expand-cases.js';
import { modelConfig } from '../helpers/model-config.js';
import {
  DEFAULT_OLLAMA_MODEL,
  type OllamaServerOptions,
  type OllamaTestServer,
  startOllamaServer,
} from '../servers/ollama-server.js';

const LABEL = 'ollama:qwen2.5:0.5b';

const servers: OllamaTestServer[] = [];
async function serve(options?: OllamaServerOptions): Promise<OllamaTestServer> {
  const s = await startOllamaServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function config(url: string, options: ModelConfig['options'] = {}): ModelConfig {
  return modelConfig(LABEL, 'candidate', url, { options });
}

/** One case a prompt; `words` repeated words, so the server counts about that many tokens. */
function cases(...prompts: string[]): Case[] {
  return prompts.map((content, i) => ({
    id: `c${i}`,
    rowId: `r${i}`,
    promptId: 'p',
    model: LABEL,
    provider: LABEL,
    role: 'candidate',
    repeat: 0,
    messages: [{ role: 'user', content }],
  }));
}

// 'word ' × 5000: about 6,250 tokens by the four-characters estimate: within qwen2.5's trained 32,768,
// beyond Ollama's default 4,096. 'a ' × 5000: estimated 2,504, but 5,008 to the server's tokenizer.
const SIX_THOUSAND = 'word '.repeat(5000);
const TEN_THOUSAND = 'word '.repeat(8000);
const UNDERESTIMATED = 'a '.repeat(5000);

async function run(
  server: OllamaTestServer,
  c: Case[],
  options: ModelConfig['options'] = {},
  extra: Partial<CallsOptions> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'rightsize-calls-'));
  const profiles = new Map<string, ModelProfile | null>();
  const warnings: string[] = [];
  const result = await executeCalls(c, [config(server.url, options)], join(dir, 'results.jsonl'), {
    env: {},
    baseDir: dir,
    cacheDir: null,
    onReady: (_models, p) => {
      for (const [k, v] of p) profiles.set(k, v);
    },
    onWarning: (line) => warnings.push(line),
    ...extra,
  });
  return { ...result, profile: profiles.get(LABEL) ?? null, warnings, dir };
}

const chatBodies = (server: OllamaTestServer) =>
  server.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as Record<string, unknown>);

describe('executeCalls: the window Ollama serves, not the one the model was trained for', () => {
  it('skips a prompt that fits the trained window but not the serving one, without sending it', async () => {
    const server = await serve();
    const r = await run(server, cases(SIX_THOUSAND, 'Say hello'));
    const [long, short] = r.records;
    expect(long).toMatchObject({
      skipped: 'context_overflow',
      output: null,
      raw: { contextFit: { method: 'estimate', promptTokens: 6254, window: 4096 } },
    });
    expect(short).toMatchObject({ skipped: null, output: 'Hello from Ollama.' });
    expect(chatBodies(server)).toHaveLength(1);
    expect(r.profile).toMatchObject({ contextWindow: 32_768, servingWindow: 4096 });
    expect(r.warnings).toEqual([]);
  });

  it('uses the Modelfile’s num_ctx when /api/ps gives no context_length', async () => {
    const server = await serve({
      psContextLength: false,
      models: [{ ...DEFAULT_OLLAMA_MODEL, modelfileNumCtx: 8192 }],
    });
    const r = await run(server, cases(SIX_THOUSAND, TEN_THOUSAND));
    expect(r.records.map((x) => x.skipped)).toEqual([null, 'context_overflow']);
    expect(r.records[1]?.raw).toMatchObject({ contextFit: { window: 8192 } });
    expect(r.profile?.servingWindow).toBe(8192);
  });

  it('lets the suite’s contextSize win: num_ctx is sent, the load uses it, the first call does not reload', async () => {
    const server = await serve();
    const r = await run(server, cases(SIX_THOUSAND), { contextSize: 16_384 });
    expect(r.records[0]).toMatchObject({ skipped: null, output: 'Hello from Ollama.' });
    expect(r.records[0]?.promptTruncated).toBeUndefined();
    expect(chatBodies(server)[0]?.options).toMatchObject({ num_ctx: 16_384 });
    expect(server.loads).toEqual([{ model: 'qwen2.5:0.5b', contextLength: 16_384 }]);
    expect(r.profile?.servingWindow).toBe(16_384);
  });

  it('does not load a model that is already loaded, and checks against the window it is loaded with', async () => {
    const server = await serve({
      defaultContextLength: 2048,
      models: [{ ...DEFAULT_OLLAMA_MODEL, loaded: { size: 7e8, sizeVram: 7e8 } }],
    });
    const r = await run(server, cases('word '.repeat(2000), 'Say hello'));
    expect(r.records.map((x) => x.skipped)).toEqual(['context_overflow', null]);
    expect(r.records[0]?.raw).toMatchObject({ contextFit: { window: 2048 } });
    expect(server.loads).toEqual([]);
    expect(r.profile).toMatchObject({ servingWindow: 2048, memoryBytes: 7e8 });
  });

  it('reports the memory the load took, loading once for the profile and the calls together', async () => {
    const server = await serve({
      models: [{ ...DEFAULT_OLLAMA_MODEL, memory: { size: 1_234_000_000, sizeVram: 0 } }],
    });
    const r = await run(server, cases('Say hello', 'Say hi'));
    expect(r.profile?.memoryBytes).toBe(1_234_000_000);
    expect(server.loads).toHaveLength(1);
    const load = server.requests.find((x) => x.path === '/api/generate');
    expect(load?.body).toMatchObject({ model: 'qwen2.5:0.5b', prompt: '' });
    // The load came before any call.
    expect(server.requests.indexOf(load as (typeof server.requests)[number])).toBeLessThan(
      server.requests.findIndex((x) => x.path === '/api/chat'),
    );
  });

  it('wakes nothing when every call is answered from the cache', async () => {
    const server = await serve();
    const cacheDir = mkdtempSync(join(tmpdir(), 'rightsize-cache-'));
    const c = cases('Say hello', 'Say hi');
    const first = await run(server, c, { temperature: 0 }, { cacheDir });
    expect(first.records.every((x) => !x.cached && x.error === null)).toBe(true);
    server.expire();
    const seen = server.requests.length;
    const again = await run(server, c, { temperature: 0 }, { cacheDir });
    expect(again.records.map((x) => x.cached)).toEqual([true, true]);
    expect(server.requests.slice(seen)).toEqual([]);
    expect(server.loads).toHaveLength(1);
  });

  it('flags a prompt the server cut to its serving window', async () => {
    const server = await serve();
    const r = await run(server, cases(UNDERESTIMATED));
    expect(r.records[0]).toMatchObject({ skipped: null, promptTruncated: true, usage: { input: 4096 } });
  });

  it('warns once when the serving window stays unknown, and keeps checking against the trained one', async () => {
    const server = await serve({ psContextLength: false });
    const r = await run(server, cases(SIX_THOUSAND, 'Say hello'));
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(LABEL);
    expect(r.warnings[0]).toContain('32768');
    expect(r.warnings[0]).toContain('options.contextSize');
    expect(r.profile?.servingWindow).toBeNull();
    // Sent, as before: the server cuts it, and nothing can tell (no window to compare with).
    expect(r.records.map((x) => x.skipped)).toEqual([null, null]);
    expect(
      JSON.parse(readFileSync(join(r.dir, 'results.jsonl'), 'utf8').split('\n')[0] as string),
    ).toMatchObject({
      usage: { input: 4096 },
    });
  });
});
