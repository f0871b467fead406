import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import {
  DEFAULT_OLLAMA_MODEL,
  type OllamaServerOptions,
  type OllamaTestServer,
  startOllamaServer,
} from '../servers/ollama-server.js';
import { type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

interface Rec {
  caseId: string;
  model: string;
  output: string | null;
  error: { type: string; message: string } | null;
  attempts: number;
  endpoint?: string | null;
}

function records(file: string): Rec[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
}

async function ollama(options?: OllamaServerOptions): Promise<OllamaTestServer> {
  const s = await startOllamaServer(options);
  servers.push(s);
  return s;
}

/** A suite of `rows` questions: a baseline on the OpenAI server, a candidate on a pool of Ollama servers. */
async function poolSuite(urls: string[], rows: number): Promise<{ dir: string; openai: OpenAITestServer }> {
  const openai = await startOpenAIServer({ reply: ['An', 'swer'] });
  servers.push(openai);
  const dir = tempFiles({
    'suite.yaml': [
      'name: pool',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Question {{n}}?"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${openai.url}`,
      '  apiKey: sk-test',
      'candidates:',
      '  - id: small',
      '    provider: ollama:qwen2.5:0.5b',
      '    baseURL:',
      ...urls.map((u) => `      - ${u}`),
    ].join('\n'),
    'data.csv': `id,n\n${Array.from({ length: rows }, (_, i) => `q${i},${i}`).join('\n')}\n`,
  });
  return { dir, openai };
}

describe('rightsize run with an endpoint pool', () => {
  it('completes when one of two servers is killed mid-run: every case recorded once, none lost', async () => {
    const rows = 20;
    // Both stream slowly, so calls are in flight on each when one dies.
    const a = await ollama({ chunkDelayMs: 20 });
    const b = await ollama({ chunkDelayMs: 20 });
    const { dir } = await poolSuite([a.url, b.url], rows);
    const run = cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir });
    // b dies in the middle of its second answer (4 chunks an answer), a call of the run on it.
    await b.waitForChunks(6);
    await b.close();
    const r = await run;
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    // Said as it happens, not only recorded.
    expect(r.stderr).toMatch(/small: server \S+ taken out \(/);

    const small = records(join(dir, 'out', 'results.jsonl')).filter((x) => x.model === 'small');
    expect(small).toHaveLength(rows);
    expect(new Set(small.map((x) => x.caseId)).size).toBe(rows);
    expect(small.filter((x) => x.error !== null)).toEqual([]);
    expect(small.every((x) => x.output === 'Hello from Ollama.')).toBe(true);
    // Failing over used none of the run stage's retries.
    expect(small.every((x) => x.attempts === 1)).toBe(true);
    const on = (s: OllamaTestServer) => small.filter((x) => x.endpoint === s.url).length;
    expect(on(a) + on(b)).toBe(rows);
    expect(on(b)).toBeGreaterThanOrEqual(1);
    // Each answer recorded is one call the server answered: the call cut on b was asked again on a,
    // and never recorded for b.
    expect(on(a)).toBe(a.calls('/api/chat'));
    expect(on(b)).toBeLessThan(b.calls('/api/chat'));

    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
      models: { id: string; endpoints?: { endpoint: string; calls: number }[] }[];
    };
    const endpoints = summary.models.find((m) => m.id === 'small')?.endpoints;
    expect(endpoints?.map((e) => e.endpoint)).toEqual([a.url, b.url].sort());
    expect(endpoints?.reduce((n, e) => n + e.calls, 0)).toBe(rows);
  });

  it('never writes the credentials of a server URL, and sends them as Basic authentication', async () => {
    const a = await ollama();
    const b = await ollama();
    const secret = 's3cret-pool-password';
    const { dir } = await poolSuite(
      [a.url, b.url].map((u) => u.replace('http://', `http://alice:${secret}@`)),
      6,
    );
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(secret);
    for (const file of readdirSync(join(dir, 'out'))) {
      expect(readFileSync(join(dir, 'out', file), 'utf8'), file).not.toContain(secret);
    }
    const small = records(join(dir, 'out', 'results.jsonl')).filter((x) => x.model === 'small');
    expect(new Set(small.map((x) => x.endpoint))).toEqual(new Set([a.url, b.url]));
    const basic = `Basic ${Buffer.from(`alice:${secret}`).toString('base64')}`;
    for (const s of [a, b]) expect(s.requests.every((q) => q.headers.authorization === basic)).toBe(true);
  });

  it('refuses a pool whose servers serve different quantizations (exit 2), or one that is down (exit 3)', async () => {
    const a = await ollama();
    const q8 = await ollama({ models: [{ ...DEFAULT_OLLAMA_MODEL, quantization: 'Q8_0' }] });
    const mixed = await poolSuite([a.url, q8.url], 2);
    const refused = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: mixed.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${a.url} serves quantization Q4_K_M, ${q8.url} serves quantization Q8_0`,
    );
    expect(a.calls('/api/chat') + q8.calls('/api/chat')).toBe(0);

    await q8.close();
    const down = await poolSuite([a.url, q8.url], 2);
    const unreachable = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: down.dir });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('1 of 2 servers');
    expect(unreachable.stderr).toContain(q8.url);
    expect(a.calls('/api/chat')).toBe(0);
  });
});
