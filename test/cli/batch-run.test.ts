import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { Summary } from '../../src/schema/summary.js';
import { BIN, cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { startOllamaServer } from '../servers/ollama-server.js';
import { type OpenAIBatchServerOptions, startOpenAIBatchServer } from '../servers/openai-batch-server.js';
import type { OpenAIChatBody } from '../servers/openai-server.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const ROWS = 12;
const numberIn = (body: OpenAIChatBody) =>
  /number (\d+)/.exec(body.messages.map((m) => m.content).join(' '))?.[1];

async function setup(batchOptions: OpenAIBatchServerOptions = {}) {
  const batch = await startOpenAIBatchServer({
    reply: (body) => [`A${numberIn(body)}`],
    apiKey: 'sk-batch-secret',
    ...batchOptions,
  });
  const ollama = await startOllamaServer();
  servers.push(batch, ollama);
  const dir = tempFiles({
    'suite.yaml': [
      'name: batched',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Say the code for number {{n}}"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${batch.url}`,
      '  apiKey: sk-batch-secret',
      '  batch: true',
      'candidates:',
      '  - ollama:qwen2.5:0.5b',
      'assert:',
      '  - type: equals',
      '    value: "{{answer}}"',
    ].join('\n'),
    'data.csv': `id,n,answer\n${Array.from({ length: ROWS }, (_, i) => `r${i},${i},A${i}`).join('\n')}\n`,
  });
  // Each look at a batch moves it one step (the server's 'poll' mode): no waiting between looks.
  const env = { OLLAMA_HOST: ollama.url, RIGHTSIZE_BATCH_POLL_MS: '1' };
  return { dir, batch, ollama, env };
}

const readJsonl = <T>(file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const baselineRecords = (dir: string) =>
  readJsonl<ResultRecord>(join(dir, 'results.jsonl')).filter((r) => r.model === 'frontier');

describe('batch: true (a loopback OpenAI Batch API server)', () => {
  it("sends the baseline's calls as one batch and records its answers like any call's, priced at the batch price", async () => {
    const { dir, batch, env } = await setup();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(batch.batchesCreated).toBe(1);
    expect(batch.filesUploaded).toBe(1);
    const records = baselineRecords(join(dir, 'out'));
    expect(records).toHaveLength(ROWS);
    expect(new Set(records.map((x) => x.output))).toEqual(
      new Set(Array.from({ length: ROWS }, (_, i) => `A${i}`)),
    );
    // A batch has no latency, TTFT or decode rate: null, never invented.
    for (const x of records)
      expect([x.latencyMs, x.ttftMs, x.tokensPerSecond, x.error]).toEqual([null, null, null, null]);
    // What went in the batch: non-streamed chat requests, one per case, by case id.
    const lines = batch.inputLines(batch.batches()[0]?.id as string);
    expect(lines.map((l) => l.custom_id).sort()).toEqual(records.map((x) => x.caseId).sort());
    expect(lines.every((l) => (l.body as { stream?: unknown }).stream === undefined)).toBe(true);
    // batches.jsonl: the batch as created, then closed once its answers were recorded.
    const logged = readJsonl<{ batchId: string; done?: boolean }>(join(dir, 'out', 'batches.jsonl'));
    expect(logged.map((l) => [l.batchId, l.done === true])).toEqual([
      [batch.batches()[0]?.id, false],
      [batch.batches()[0]?.id, true],
    ]);
    // gpt-4o-mini lists at $0.15 / $0.60 per million tokens; the Batch API charges half.
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
    const perCall = records.map((x) => ((x.usage.input ?? 0) * 0.15 + (x.usage.output ?? 0) * 0.6) / 1e6);
    const expected = (perCall.reduce((a, b) => a + b, 0) / perCall.length) * 1000 * 0.5;
    expect(summary.models.find((m) => m.id === 'frontier')?.costPer1k).toBeCloseTo(expected, 12);
    for (const f of ['results.jsonl', 'run.json', 'summary.json', 'batches.jsonl'])
      expect(readFileSync(join(dir, 'out', f), 'utf8')).not.toContain('sk-batch-secret');
    expect(r.stderr).toMatch(/frontier: batch \S+ completed: 12 of 12 done/);
  }, 60_000);

  it('a process killed while its batch runs goes back to that batch on --resume: no second batch, nothing paid twice', async () => {
    const { dir, batch, env } = await setup({ progress: 'manual' });
    const child = spawn(process.execPath, [BIN, 'run', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The batch is created, and the run looks at it (it never moves on in 'manual' mode) ...
    while (batch.calls('GET /v1/batches/{id}') < 2) await new Promise((resolve) => setImmediate(resolve));
    child.kill('SIGKILL');
    await exited;
    expect(batch.batchesCreated).toBe(1);
    const id = batch.batches()[0]?.id as string;
    // ... and was written down the moment it was created.
    expect(readFileSync(join(dir, 'out', 'batches.jsonl'), 'utf8')).toContain(id);
    expect(
      existsSync(join(dir, 'out', 'results.jsonl')) ? baselineRecords(join(dir, 'out')) : [],
    ).toHaveLength(0);

    batch.finish(id);
    const r = await cliAsync(['run', 'suite.yaml', '--resume', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(batch.batchesCreated).toBe(1);
    expect(batch.filesUploaded).toBe(1);
    const records = baselineRecords(join(dir, 'out'));
    expect(records).toHaveLength(ROWS);
    expect(new Set(records.map((x) => x.caseId)).size).toBe(ROWS);
  }, 60_000);

  it('requests an expired batch did not run, or a 5xx failed, are sent again in a new batch; a 400 is recorded as it is', async () => {
    let fives = 0;
    const { dir, batch, env } = await setup({
      // Row 3 is refused as a request every time (a 400 stays a 400); row 5 fails with a 500 the first
      // time it runs and is answered after.
      outcome: (line) => {
        const n = numberIn(line.body);
        if (n === '3') return { kind: 'status', status: 400, message: 'bad request' };
        if (n === '5' && fives++ === 0) return { kind: 'status', status: 500, message: 'server error' };
        return undefined;
      },
    });
    // The first batch expires after running the first 8 requests of its input file.
    batch.endNext({ kind: 'expired', done: 8 });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    const sent = batch.batches().map((b) => batch.inputLines(b.id).map((l) => l.custom_id));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0]).toHaveLength(ROWS);
    // Each later batch holds only what the one before did not answer: the 4 it never ran, or the 500.
    const ranFirst = new Set(sent[0]?.slice(0, 8));
    const records = baselineRecords(join(dir, 'out'));
    const r5 = records.find((x) => x.rowId === 'r5')?.caseId;
    for (const id of sent[1] ?? []) expect(!ranFirst.has(id) || id === r5).toBe(true);
    expect(sent[1]?.length).toBeLessThan(ROWS);
    expect(records).toHaveLength(ROWS);
    expect(new Set(records.map((x) => x.caseId)).size).toBe(ROWS);
    expect(records.find((x) => x.rowId === 'r5')?.output).toBe('A5');
    const refused = records.filter((x) => x.error);
    expect(refused.map((x) => x.rowId)).toEqual(['r3']);
    expect(refused[0]?.error).toMatchObject({ status: 400, retryable: false });
    // Once a batch ran it and got its 400, it was never sent again.
    const r3 = refused[0]?.caseId as string;
    const ranIn = sent.findIndex((ids, k) => (k === 0 ? ranFirst.has(r3) : ids.includes(r3)));
    expect(ranIn).toBeGreaterThanOrEqual(0);
    expect(sent.slice(ranIn + 1).some((ids) => ids.includes(r3))).toBe(false);
    // One failed call of 24 is under the suite's 10% error budget: the run completes.
    expect(r.code).toBe(0);
  }, 60_000);

  it('a create whose answer was lost is found again by its tag, and a look that fails is tried again: still one batch', async () => {
    const { dir, batch, env } = await setup();
    // The batch is created, but the answer never reaches the run (the connection drops) ...
    batch.failNext({ kind: 'lost-response' }, 1, ['POST /v1/batches']);
    // ... and two looks at it fail with a 500 before it is read.
    batch.failNext({ kind: 'status', status: 500 }, 2, ['GET /v1/batches/{id}']);
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(batch.batchesCreated).toBe(1);
    // Listed by the pre-flight check, then looked for by its tag before creating it, and again once
    // the create failed: found then.
    expect(batch.calls('GET /v1/batches')).toBe(3);
    expect(baselineRecords(join(dir, 'out')).filter((x) => !x.error)).toHaveLength(ROWS);
  }, 60_000);
});
