import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { RunMeta } from '../../src/schema/run-meta.js';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import {
  type LlamaServer,
  llamaServerUnavailable,
  requireLlamaServer,
  startLlamaServer,
} from '../helpers/llama-server.js';
import { tempFiles } from '../helpers/temp-files.js';

requireLlamaServer('local OpenAI-compatible server');

const ROWS = 12;

/** A recorded baseline and one `openai:` candidate with no baseURL: the server comes from OPENAI_BASE_URL. */
function suite(): string {
  return tempFiles({
    'suite.yaml': [
      'name: local-server',
      'dataset: file://rows.jsonl',
      'prompts: ["Once upon a time {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      '  - { id: stories, provider: "openai:stories", options: { maxTokens: 48, temperature: 0 } }',
      'assert:',
      '  - type: contains',
      '    value: "a"',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `there was ${i}` }),
    ).join('\n'),
    'big.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, output: 'a tale' }),
    ).join('\n'),
  });
}

async function runAgainst(server: LlamaServer, extra: string[] = []) {
  const dir = suite();
  const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--no-cache', ...extra], {
    cwd: dir,
    env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: undefined, OPENAI_API_BASE_URL: undefined },
  });
  const out = join(dir, 'out');
  const records = readFileSync(join(out, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultRecord)
    .filter((rec) => rec.model === 'stories');
  const meta = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunMeta;
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  return { r, records, meta, summary };
}

describe.skipIf(llamaServerUnavailable !== '')('a local server reached through OPENAI_BASE_URL', () => {
  let server: LlamaServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('is local: with one slot, calls go one at a time, so no call waits behind another of the run', async () => {
    server = await startLlamaServer(1);
    const { r, records, meta, summary } = await runAgainst(server);
    expect(r.code, r.stderr).toBe(0);
    expect(meta.models?.find((m) => m.label === 'stories')).toMatchObject({ local: true, concurrency: 1 });
    expect(records).toHaveLength(ROWS);
    expect(records.every((rec) => rec.error === null && rec.inFlight === 1)).toBe(true);
    const stories = summary.models.find((m) => m.id === 'stories');
    expect(stories).toMatchObject({ concurrency: 1, inFlight: { p50: 1, max: 1 }, queueing: false });
    expect(r.stderr).not.toContain('grew with the calls in flight');
  }, 120_000);

  it('with -np 4, sends 4 calls at once by default (the server says so at /props)', async () => {
    server = await startLlamaServer(4);
    const { r, records, meta, summary } = await runAgainst(server);
    expect(r.code, r.stderr).toBe(0);
    expect(meta.models?.find((m) => m.label === 'stories')?.concurrency).toBe(4);
    expect(meta.models?.find((m) => m.label === 'stories')?.profile?.parallelSlots).toBe(4);
    const inFlight = records.map((rec) => rec.inFlight ?? 0);
    expect(Math.max(...inFlight)).toBe(4);
    expect(Math.min(...inFlight)).toBeGreaterThanOrEqual(1);
    expect(summary.models.find((m) => m.id === 'stories')?.concurrency).toBe(4);
  }, 120_000);

  it('forced past its slots, the run says whether the latency figures include queueing, and the report agrees', async () => {
    server = await startLlamaServer(1);
    const { r, records, summary } = await runAgainst(server, ['--concurrency', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(Math.max(...records.map((rec) => rec.inFlight ?? 0))).toBe(4);
    const stories = summary.models.find((m) => m.id === 'stories');
    expect(stories?.inFlight?.max).toBe(4);
    expect(typeof stories?.queueing).toBe('boolean');
    // One warning exactly when the figures say the server queued.
    const warnings = r.stderr.split('grew with the calls in flight').length - 1;
    expect(warnings).toBe(stories?.queueing ? 1 : 0);
  }, 120_000);
});
