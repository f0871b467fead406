import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadRecord, loadRecordSchema } from '../../src/schema/load-record.js';
import { cliAsync } from '../helpers/cli.js';
import {
  type LlamaServer,
  llamaServerUnavailable,
  requireLlamaServer,
  startLlamaServer,
} from '../helpers/llama-server.js';
import { tempFiles } from '../helpers/temp-files.js';

requireLlamaServer('rightsize load on the llama.cpp server');

/** A recorded baseline and one `openai:` candidate whose server comes from OPENAI_BASE_URL (loopback: local). */
function suite(): string {
  return tempFiles({
    'suite.yaml': [
      'name: load-llama',
      'dataset: file://rows.jsonl',
      'prompts: ["Once upon a time {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      '  - { id: stories, provider: "openai:stories", options: { maxTokens: 24, temperature: 0 } }',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `there was ${i}` }),
    ).join('\n'),
    'big.jsonl': Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `r${i}`, output: 'a tale' })).join(
      '\n',
    ),
  });
}

async function load(server: LlamaServer, flags: string[] = []) {
  const dir = suite();
  const r = await cliAsync(['load', 'suite.yaml', '--out', 'out', ...flags], {
    cwd: dir,
    env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: undefined, OPENAI_API_BASE_URL: undefined },
  });
  const record = loadRecordSchema.parse(JSON.parse(readFileSync(join(dir, 'out', 'load.json'), 'utf8')));
  return { r, record };
}

/** `llamacpp:n_busy_slots_per_decode` from /metrics: how many slots the average decode batch served. */
async function busySlotsPerDecode(server: LlamaServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /^llamacpp:n_busy_slots_per_decode\s+([\d.eE+-]+)$/m.exec(text);
  if (!m?.[1]) throw new Error(`no n_busy_slots_per_decode in /metrics:\n${text}`);
  return Number(m[1]);
}

let server: LlamaServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe.skipIf(llamaServerUnavailable !== '')('rightsize load on the real llama.cpp server', () => {
  it('sweeps a 4-slot server until it stops by itself; load.json valid; dropped connections apart from errors', async () => {
    server = await startLlamaServer(4);
    const { r, record } = await load(server);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/skipping big: not a local model/);
    const stories = record.models[0] as LoadRecord['models'][number];
    expect(stories.id).toBe('stories');
    expect(stories.stoppedBy).toBe('flat');
    expect(stories.levels.map((l) => l.concurrency)).toEqual(
      stories.levels.map((_, i) => 2 ** i), // 1, 2, 4, … doubling
    );
    for (const level of stories.levels) {
      // A socket the server closed is retried, never an error: every level is clean.
      expect(level.errorShare).toBe(0);
      expect(level.connectionRetries).toBeGreaterThanOrEqual(0);
      expect(level.requestsPerSecond).toBeGreaterThan(0);
      expect(level.outputTokensPerSecond).toBeGreaterThan(0);
      expect(level.ttftMs.p95).not.toBeNull();
      // llama.cpp's own timings come through.
      expect(level.server?.decodeTokensPerSecond).toBeGreaterThan(0);
      expect(level.server?.promptMs).not.toBeNull();
    }
    const retries = stories.levels.reduce((a, l) => a + (l.connectionRetries ?? 0), 0);
    console.info(
      `llama.cpp load sweep: ${stories.levels.map((l) => `c=${l.concurrency} ${l.requestsPerSecond?.toFixed(1)} req/s p95 ${l.latencyMs.p95?.toFixed(0)} ms`).join('; ')}; ${retries} connection retries`,
    );
  });

  it('4 slots decode requests together (busy slots per decode > 1); 1 slot never does', async () => {
    server = await startLlamaServer(4, { metrics: true });
    await load(server, ['--levels', '4', '--requests', '16']);
    expect(await busySlotsPerDecode(server)).toBeGreaterThan(1);
    await server.stop();
    server = await startLlamaServer(1, { metrics: true });
    await load(server, ['--levels', '4', '--requests', '8']);
    expect(await busySlotsPerDecode(server)).toBe(1);
  });
});
