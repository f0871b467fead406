import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import {
  type OllamaServerOptions,
  type OllamaTestServer,
  startOllamaServer,
} from '../servers/ollama-server.js';
import { type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

const SECRET = 'sk-test-do-not-leak-1234567890';
let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup(
  ollamaOptions?: OllamaServerOptions,
): Promise<{ dir: string; ollama: OllamaTestServer; openai: OpenAITestServer }> {
  const ollama = await startOllamaServer(ollamaOptions);
  const openai = await startOpenAIServer({ reply: ['Par', 'is'], apiKey: SECRET });
  servers.push(ollama, openai);
  const dir = tempFiles({
    'suite.yaml': [
      'name: e2e',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Capital of {{country}}?"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${openai.url}`,
      `  apiKey: ${SECRET}`,
      'candidates:',
      '  - ollama:qwen2.5:0.5b',
      'maxErrorRate: 0.2',
    ].join('\n'),
    'data.csv': 'id,country\nfr,France\njp,Japan\npe,Peru\n',
  });
  return { dir, ollama, openai };
}

function records(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('rightsize run (the built CLI against loopback Ollama and OpenAI servers)', () => {
  it('calls every model on every row and records each call with its figures, never the key', async () => {
    const { dir, ollama, openai } = await setup();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: ollama.url.replace('http://', '') },
    });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const file = join(dir, 'out', 'results.jsonl');
    const recs = records(file);
    expect(recs).toHaveLength(6);
    const frontier = recs.filter((x) => x.model === 'frontier');
    expect(frontier.map((x) => x.output)).toEqual(['Paris', 'Paris', 'Paris']);
    expect(frontier[0]).toMatchObject({
      role: 'baseline',
      provider: 'openai:gpt-4o-mini',
      input: 'Capital of France?',
      error: null,
      attempts: 1,
    });
    const small = recs.filter((x) => x.model === 'ollama:qwen2.5:0.5b');
    expect(small.map((x) => x.output)).toEqual([
      'Hello from Ollama.',
      'Hello from Ollama.',
      'Hello from Ollama.',
    ]);
    expect(small[0]?.tokensPerSecond).toBeGreaterThan(0);
    expect(small[0]?.ttftMs).not.toBeNull();
    expect(openai.calls('/v1/chat/completions')).toBe(3);
    expect(ollama.calls('/api/chat')).toBe(3);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout).toContain('frontier: 3 calls, 0 errors');
  });

  it('running again into the same directory makes no model call', async () => {
    const { dir, ollama, openai } = await setup();
    const env = { OLLAMA_HOST: ollama.url };
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env })).code).toBe(0);
    const before = [openai.calls('/v1/chat/completions'), ollama.calls('/api/chat')];
    const again = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect([openai.calls('/v1/chat/completions'), ollama.calls('/api/chat')]).toEqual(before);
    expect(records(join(dir, 'out', 'results.jsonl'))).toHaveLength(6);
  });

  it('exits 3 at once, naming what to start, when Ollama is not running', async () => {
    const { dir } = await setup();
    const port = await closedPort();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: `127.0.0.1:${port}` },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toContain('ollama serve');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('keeps the window Ollama serves next to the trained one in summary.json and the report', async () => {
    const { dir, ollama } = await setup();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: ollama.url },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('options.contextSize');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
      models: { id: string; profile: Record<string, unknown> }[];
    };
    const profile = (id: string) => summary.models.find((m) => m.id === id)?.profile;
    expect(profile('ollama:qwen2.5:0.5b')).toMatchObject({ contextWindow: 32_768, servingWindow: 4096 });
    expect(profile('frontier')).not.toHaveProperty('servingWindow');
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain('32,768 (serves 4,096)');
  });

  it('warns once, at the start, when Ollama does not tell the window it serves', async () => {
    const { dir, ollama } = await setup({ psContextLength: false });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: ollama.url },
    });
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('options.contextSize'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: ollama:qwen2\.5:0\.5b: .*32768/);
  });

  it('records every failed call and exits 3 when errors exceed maxErrorRate', async () => {
    const { dir, ollama, openai } = await setup();
    openai.failNext({ kind: 'status', status: 400, message: 'bad request' }, 2);
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: ollama.url },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('2 of 6 calls failed');
    const failed = records(join(dir, 'out', 'results.jsonl')).filter((x) => x.error);
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ output: null, attempts: 1, error: { retryable: false, status: 400 } });
  });
});

/** A port nothing listens on: bind one, then release it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}
