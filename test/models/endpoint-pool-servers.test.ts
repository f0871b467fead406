import { afterEach, describe, expect, it } from 'vitest';
import { createModel, isLocalRuntime } from '../../src/models/create-model.js';
import { createEndpointPool } from '../../src/models/endpoint-pool.js';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { createOllamaModel } from '../../src/models/ollama-model.js';
import { poolMembers } from '../../src/models/pool-members.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { modelConfig } from '../helpers/model-config.js';
import {
  DEFAULT_OLLAMA_MODEL,
  type OllamaServerOptions,
  type OllamaTestServer,
  startOllamaServer,
} from '../servers/ollama-server.js';
import {
  type OpenAIServerOptions,
  type OpenAITestServer,
  startOpenAIServer,
} from '../servers/openai-server.js';
import { adapterContract } from './adapter-contract.js';

const hello: GenerateRequest = { messages: [{ role: 'user', content: 'Say hello' }], options: {} };

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function ollama(options?: OllamaServerOptions): Promise<OllamaTestServer> {
  const s = await startOllamaServer(options);
  servers.push(s);
  return s;
}
async function openai(options?: OpenAIServerOptions): Promise<OpenAITestServer> {
  const s = await startOpenAIServer(options);
  servers.push(s);
  return s;
}

function poolConfig(provider: string, urls: string[]): ModelConfig {
  return modelConfig(provider, 'candidate', undefined, { endpoints: urls.map((url) => ({ url })) });
}

/** A pool of Ollama servers whose probes wait longer than any test: a server taken out stays out. */
function ollamaPool(config: ModelConfig) {
  const members = poolMembers(
    config,
    {},
    (m) => createOllamaModel(m, {}),
    () => true,
  );
  return createEndpointPool(config, members, { probeDelayMs: () => 600_000 });
}

describe('endpoint pool of Ollama servers: shared contract', () => {
  adapterContract(async () => {
    const a = await startOllamaServer({ version: '0.12.11' });
    const b = await startOllamaServer({ version: '0.12.11' });
    return {
      model: createModel(poolConfig('ollama:qwen2.5:0.5b', [a.url, b.url]), { baseDir: '.', env: {} }),
      request: hello,
      expectedText: 'Hello from Ollama.',
      reports: { usage: true, ttft: true, tokensPerSecond: true, logprobs: true },
      abortable: true,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
      },
    };
  });
});

describe('endpoint pool against loopback servers', () => {
  it('refuses Ollama servers that serve different quantizations of the name, naming both', async () => {
    const a = await ollama();
    const b = await ollama({ models: [{ ...DEFAULT_OLLAMA_MODEL, quantization: 'Q8_0' }] });
    const c = await ollama();
    const config = poolConfig('ollama:qwen2.5:0.5b', [a.url, c.url, b.url]);
    const err = await createModel(config, { baseDir: '.', env: {} })
      .check()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).type).toBe('unsupported');
    expect((err as ModelError).message).toContain(
      `${a.url} serves quantization Q4_K_M, ${b.url} serves quantization Q8_0`,
    );
    await expect(
      createModel(poolConfig('ollama:qwen2.5:0.5b', [a.url, c.url]), { baseDir: '.', env: {} }).check(),
    ).resolves.toBeUndefined();
  });

  it('refuses llama.cpp servers that load different weights files, and sums their slots', async () => {
    const same = { models: [{ id: 'qwen' }] };
    const a = await openai({ ...same, props: { total_slots: 4, model_path: '/models/qwen-q4_k_m.gguf' } });
    const b = await openai({ ...same, props: { total_slots: 2, model_path: '/srv/llm/qwen-q4_k_m.gguf' } });
    const c = await openai({ ...same, props: { total_slots: 2, model_path: '/models/qwen-q8_0.gguf' } });
    const env = {};
    const good = createModel(poolConfig('openai:qwen', [a.url, b.url]), { baseDir: '.', env });
    // The same file in another folder is the same weights.
    await expect(good.check()).resolves.toBeUndefined();
    expect((await good.profile()).parallelSlots).toBe(6);
    const err = (await createModel(poolConfig('openai:qwen', [a.url, c.url]), { baseDir: '.', env })
      .check()
      .catch((e: unknown) => e)) as ModelError;
    expect(err.type).toBe('unsupported');
    expect(err.message).toContain(
      `${a.url} serves weights file qwen-q4_k_m.gguf, ${c.url} serves weights file qwen-q8_0.gguf`,
    );
  });

  it('answers a call whose server dies mid-answer from another server, and takes the dead one out', async () => {
    const fast = await ollama();
    // Slow enough that its call is still streaming when the test closes it.
    const dying = await ollama({ chunkDelayMs: 50 });
    const pool = ollamaPool(poolConfig('ollama:qwen2.5:0.5b', [fast.url, dying.url]));
    const first = pool.generate(hello);
    const second = pool.generate(hello);
    await dying.waitForChunks(1);
    await dying.close();
    const answers = await Promise.all([first, second]);
    expect(answers.map((r) => r.text)).toEqual(['Hello from Ollama.', 'Hello from Ollama.']);
    expect(answers.map((r) => r.endpoint)).toEqual([fast.url, fast.url]);
    expect(fast.calls('/api/chat')).toBe(2);
    // Out: the next calls do not try it.
    await Promise.all([pool.generate(hello), pool.generate(hello)]);
    expect(fast.calls('/api/chat')).toBe(4);
    await pool.close();
  });

  it('sends the credentials of a server URL as Basic authentication and never names them', async () => {
    const a = await ollama();
    const b = await ollama();
    const withCredentials = (url: string) => url.replace('http://', 'http://alice:s3cret@');
    const pool = ollamaPool(
      poolConfig('ollama:qwen2.5:0.5b', [withCredentials(a.url), withCredentials(b.url)]),
    );
    await pool.check();
    const answers = await Promise.all([pool.generate(hello), pool.generate(hello)]);
    expect(answers.map((r) => r.endpoint).sort()).toEqual([a.url, b.url].sort());
    const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
    for (const s of [a, b]) {
      expect(s.requests.length).toBeGreaterThan(0);
      for (const r of s.requests) expect(r.headers.authorization).toBe(basic);
    }
    // A failure names the server without them.
    await a.close();
    await b.close();
    const err = (await pool.generate(hello).catch((e: unknown) => e)) as ModelError;
    expect(err.message).toContain(a.url);
    expect(JSON.stringify(err.toRecord())).not.toContain('s3cret');
    await pool.close();
  });

  it('counts as local when any of its servers is, for openai: pools', () => {
    const pool = (urls: string[]) => poolConfig('openai:qwen', urls);
    expect(isLocalRuntime(pool(['https://api.example.com/v1', 'http://alice:x@gpu-box:8080']), {})).toBe(
      true,
    );
    expect(isLocalRuntime(pool(['https://a.example.com/v1', 'https://b.example.com/v1']), {})).toBe(false);
  });
});
