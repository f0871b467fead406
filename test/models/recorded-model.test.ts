import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { createRecordedModel } from '../../src/models/recorded-model.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { adapterContract } from './adapter-contract.js';

const dirs: string[] = [];

async function answersFile(rows: Array<Record<string, unknown> | string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rightsize-recorded-'));
  dirs.push(dir);
  const lines = rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  await writeFile(path.join(dir, 'answers.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

function config(file = 'answers.jsonl'): ModelConfig {
  return {
    label: 'prod-log',
    provider: `recorded:${file}`,
    ref: { runtime: 'recorded', model: file, api: 'chat' },
    role: 'baseline',
    options: {},
  };
}

function request(rowId: string, promptId = 'p1', repeat = 0): GenerateRequest {
  return { messages: [{ role: 'user', content: 'q' }], options: {}, caseRef: { rowId, promptId, repeat } };
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('recorded model: shared adapter contract', () => {
  adapterContract(async () => {
    const dir = await answersFile([
      {
        id: 'r1',
        output: 'Paris',
        latencyMs: 1200,
        ttftMs: 200,
        usage: { input: 30, output: 11 },
        logprobs: [-0.5, -0.25],
      },
    ]);
    return {
      model: createRecordedModel(config(), { baseDir: dir }),
      request: request('r1'),
      expectedText: 'Paris',
      reports: { usage: true, ttft: true, tokensPerSecond: true, logprobs: true },
      abortable: false,
    };
  });
});

describe('recorded model', () => {
  it('looks answers up from the most specific row to the row id alone', async () => {
    const dir = await answersFile([
      { id: 'a', prompt: 'p1', repeat: 1, output: 'id+prompt+repeat' },
      { id: 'a', prompt: 'p1', output: 'id+prompt' },
      { id: 'a', repeat: 1, output: 'id+repeat' },
      { id: 'a', output: 'id' },
      { id: 7, output: 'numeric id' },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const text = async (r: GenerateRequest) => (await m.generate(r)).text;
    expect(await text(request('a', 'p1', 1))).toBe('id+prompt+repeat');
    expect(await text(request('a', 'p1', 0))).toBe('id+prompt');
    expect(await text(request('a', 'p2', 1))).toBe('id+repeat');
    expect(await text(request('a', 'p2', 0))).toBe('id');
    // One output without prompt/repeat serves every prompt and repeat of its row.
    expect(await text(request('7', 'p9', 3))).toBe('numeric id');
  });

  it('fails a case whose row is missing, naming the row id and the file, without retry', async () => {
    const dir = await answersFile([{ id: 'a', output: 'x' }]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const err = await m.generate(request('zz')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).type).toBe('recorded_missing');
    expect((err as ModelError).retryable).toBe(false);
    expect((err as ModelError).message).toContain('"zz"');
    expect((err as ModelError).message).toContain(path.join(dir, 'answers.jsonl'));
  });

  it('only answers from rows with the same prompt when a prompt is given', async () => {
    const dir = await answersFile([{ id: 'a', prompt: 'p1', output: 'x' }]);
    const m = createRecordedModel(config(), { baseDir: dir });
    await expect(m.generate(request('a', 'p2'))).rejects.toMatchObject({ type: 'recorded_missing' });
  });

  it.each([
    ['not JSON', '{"id": "b", "output": ', 3, /not valid JSON/],
    ['no output', '{"id": "b"}', 3, /"output"/],
    ['a bad usage figure', '{"id": "b", "output": "x", "usage": {"input": -1}}', 3, /"usage\.input"/],
    ['a duplicate row', '{"id": "a", "output": "again"}', 3, /duplicate .*"a".*line 1/],
  ])('reports a line with %s by file and 1-based line number', async (_what, bad, lineNo, pattern) => {
    const dir = await answersFile([{ id: 'a', output: 'x' }, '', bad]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const err = await m.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toContain(`${path.join(dir, 'answers.jsonl')}:${lineNo}:`);
    expect((err as ModelError).message).toMatch(pattern);
    // Every case then fails with the same message rather than half the file being used.
    await expect(m.generate(request('a'))).rejects.toThrow(`:${lineNo}:`);
  });

  it('names the missing file in check()', async () => {
    const dir = await answersFile([]);
    const m = createRecordedModel(config('nope.jsonl'), { baseDir: dir });
    await expect(m.check()).rejects.toThrow(path.join(dir, 'nope.jsonl'));
  });

  it("passes the file's figures through and leaves absent ones null", async () => {
    const dir = await answersFile([
      { id: 'full', output: 'x', latencyMs: 1000, ttftMs: 100, usage: { input: 12, output: 10 } },
      { id: 'bare', output: 'y' },
      { id: 'noTtft', output: 'z', latencyMs: 500, usage: { input: 3, output: 4 } },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const full = await m.generate(request('full'));
    expect(full).toMatchObject({
      text: 'x',
      finishReason: 'stop',
      latencyMs: 1000,
      ttftMs: 100,
      usage: { input: 12, output: 10 },
    });
    // 9 tokens after the first in 0.9 s.
    expect(full.tokensPerSecond).toBeCloseTo(10, 10);
    expect(full.raw).toMatchObject({ id: 'full', latencyMs: 1000 });

    const bare = await m.generate(request('bare'));
    expect(bare).toMatchObject({
      text: 'y',
      latencyMs: null,
      ttftMs: null,
      tokensPerSecond: null,
      usage: { input: null, output: null },
    });
    const noTtft = await m.generate(request('noTtft'));
    expect(noTtft).toMatchObject({ latencyMs: 500, ttftMs: null, tokensPerSecond: null });
  });

  it('has an all-null profile', async () => {
    const dir = await answersFile([{ id: 'a', output: 'x' }]);
    const p = await createRecordedModel(config(), { baseDir: dir }).profile();
    expect(p).toMatchObject({ parameters: null, quantization: null, contextWindow: null, memoryBytes: null });
  });
});

describe('recorded model: the pre-flight check with the run’s calls', () => {
  const calls = (ids: string[], prompts = ['p1'], repeats = 1) =>
    ids.flatMap((rowId) =>
      prompts.flatMap((promptId) =>
        Array.from({ length: repeats }, (_, repeat) => ({ rowId, promptId, repeat })),
      ),
    );

  it('refuses a file that answers only some of the rows, naming the file, the count, ids and the fix', async () => {
    const ids = Array.from({ length: 80 }, (_, i) => `r${i + 1}`);
    const dir = await answersFile(ids.slice(0, 60).map((id) => ({ id, output: 'x' })));
    const m = createRecordedModel(config(), { baseDir: dir });
    const err = await m.check(undefined, { calls: calls(ids) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'recorded_missing', retryable: false });
    const message = (err as ModelError).message;
    expect(message).toContain(
      `${path.join(dir, 'answers.jsonl')} has no answer for 20 of the 80 dataset rows`,
    );
    expect(message).toContain('ids "r61", "r62", "r63", "r64", "r65" and 15 more');
    expect(message).toContain('Add a line {"id": "<row id>", "output": "..."} for each');
  });

  it('passes when one line without prompt or repeat serves every prompt and repeat of its row', async () => {
    const dir = await answersFile([
      { id: 'a', output: 'x' },
      { id: 'b', output: 'y' },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    await expect(m.check(undefined, { calls: calls(['a', 'b'], ['p1', 'p2'], 3) })).resolves.toBeUndefined();
  });

  it('names the prompt and repeat a partly answered row lacks, and counts calls apart from rows', async () => {
    const dir = await answersFile([
      { id: 'a', prompt: 'p1', output: 'x' },
      { id: 'b', repeat: 0, output: 'y' },
      { id: 'c', output: 'z' },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const err = await m.check(undefined, { calls: calls(['a', 'b', 'c'], ['p1', 'p2'], 2) }).catch((e) => e);
    const message = (err as ModelError).message;
    // a: p2 × 2 repeats missing; b: repeat 1 × 2 prompts missing.
    expect(message).toContain('has no answer for 2 of the 3 dataset rows the suite sends it (4 of 12 calls)');
    expect(message).toContain('ids "a" (prompt "p2", repeat 0), "b" (prompt "p1", repeat 1).');
  });

  it('warns once about fields no row format knows, naming them, their line and the likely field', async () => {
    const dir = await answersFile([
      { id: 'a', output: 'x', trace: 't1' },
      { id: 'b', output: 'y' },
      { id: 'c', output: 'z', ouput: 'typo', trace: 't3' },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const warnings: string[] = [];
    const plan = { calls: calls(['a', 'b', 'c']), onWarning: (line: string) => warnings.push(line) };
    await m.check(undefined, plan);
    await m.check(undefined, plan);
    expect(warnings).toEqual([
      `${path.join(dir, 'answers.jsonl')}: unknown fields "trace" (line 1), "ouput" (line 3; did you mean "output"?) ` +
        'in recorded rows, ignored; known fields: id, output, prompt, repeat, latencyMs, ttftMs, usage, ' +
        'logprobs, confidence',
    ]);
  });

  it('warns about nothing when every field is known', async () => {
    const dir = await answersFile([
      { id: 'a', output: 'x', prompt: 'p1', repeat: 0, latencyMs: 3, usage: {} },
      { id: 'b', output: 'y', logprobs: [-0.1], confidence: null },
      { id: 'c', output: 'z', confidence: 0.5 },
    ]);
    const warnings: string[] = [];
    await createRecordedModel(config(), { baseDir: dir }).check(undefined, {
      calls: calls(['a', 'b', 'c']),
      onWarning: (line) => warnings.push(line),
    });
    expect(warnings).toEqual([]);
  });
});

describe('recorded model: token log-probabilities', () => {
  const asked = (rowId: string): GenerateRequest => ({ ...request(rowId), options: { logprobs: true } });

  it("summarises a row's list, passes its summary through, and gives null for a row with neither", async () => {
    const dir = await answersFile([
      { id: 'list', output: 'x', logprobs: [-0.5, -1.25, -0.125, -2] },
      { id: 'summary', output: 'y', logprobs: { tokens: 12, mean: -0.3, min: -2.5, first: -0.01 } },
      { id: 'empty', output: '', logprobs: [] },
      { id: 'bare', output: 'z' },
      { id: 'nulled', output: 'w', logprobs: null, confidence: null },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    expect((await m.generate(asked('list'))).logprobs).toEqual({
      tokens: 4,
      mean: -0.96875,
      min: -2,
      first: -0.5,
    });
    expect((await m.generate(asked('summary'))).logprobs).toEqual({
      tokens: 12,
      mean: -0.3,
      min: -2.5,
      first: -0.01,
    });
    for (const id of ['empty', 'bare', 'nulled']) {
      expect(await m.generate(asked(id))).toHaveProperty('logprobs', null);
    }
    // Not asked: not there, whatever the row holds.
    expect(await m.generate(request('list'))).not.toHaveProperty('logprobs');
  });

  it('turns a confidence c into one token of log-probability ln c, which every summary gives back', async () => {
    const dir = await answersFile([
      { id: 'sure', output: 'x', confidence: 0.9 },
      { id: 'certain', output: 'y', confidence: 1 },
      { id: 'never', output: 'z', confidence: 0 },
    ]);
    const m = createRecordedModel(config(), { baseDir: dir });
    const sure = (await m.generate(asked('sure'))).logprobs;
    expect(sure).toEqual({ tokens: 1, mean: Math.log(0.9), min: Math.log(0.9), first: Math.log(0.9) });
    for (const v of [sure?.mean, sure?.min, sure?.first]) expect(Math.exp(v as number)).toBeCloseTo(0.9, 12);
    expect((await m.generate(asked('certain'))).logprobs).toEqual({ tokens: 1, mean: 0, min: 0, first: 0 });
    // ln 0 is no number: the least positive one stands in, and gives back 5e-324.
    const never = (await m.generate(asked('never'))).logprobs;
    expect(Number.isFinite(never?.mean)).toBe(true);
    expect(Math.exp(never?.mean as number)).toBe(Number.MIN_VALUE);
  });

  it.each([
    ['a positive log-probability', { logprobs: [-0.5, 0.2] }, /"logprobs\.1".*natural log.*"confidence"/],
    ['a summary without tokens', { logprobs: { tokens: 0, mean: -1, min: -1, first: -1 } }, /"logprobs/],
    ['a confidence above 1', { confidence: 1.5 }, /"confidence"/],
    [
      'both logprobs and confidence',
      { logprobs: [-0.5], confidence: 0.6 },
      /"logprobs" or "confidence", not both/,
    ],
  ])('refuses a row with %s, naming the line', async (_what, fields, pattern) => {
    const dir = await answersFile([
      { id: 'a', output: 'x' },
      { id: 'b', output: 'y', ...fields },
    ]);
    const err = await createRecordedModel(config(), { baseDir: dir })
      .check()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toContain(`${path.join(dir, 'answers.jsonl')}:2:`);
    expect((err as ModelError).message).toMatch(pattern);
  });
});

describe('recorded model keyed by a dataset column (`key:`)', () => {
  const keyed = (): ModelConfig => ({
    ...config(),
    recordedKey: {
      column: 'request_id',
      byRow: new Map([
        ['r1', 'req-7'],
        ['r2', 'req-8'],
      ]),
    },
  });

  it('looks each row up by its key, and says which key is missing', async () => {
    const dir = await answersFile([{ id: 'req-7', output: 'Paris' }]);
    const model = createRecordedModel(keyed(), { baseDir: dir });
    expect((await model.generate(request('r1'))).text).toBe('Paris');
    const e = await model.generate(request('r2')).catch((err: unknown) => err);
    expect((e as ModelError).message).toContain('no recorded answer for request_id "req-8" (row "r2")');
  });

  it('its pre-flight check counts coverage by key', async () => {
    const dir = await answersFile([
      { id: 'req-7', output: 'Paris' },
      { id: 'req-8', output: 'Tokyo' },
    ]);
    const model = createRecordedModel(keyed(), { baseDir: dir });
    const calls = ['r1', 'r2'].map((rowId) => ({ rowId, promptId: 'p1', repeat: 0 }));
    await expect(model.check(undefined, { calls })).resolves.toBeUndefined();
    const partial = await answersFile([{ id: 'req-7', output: 'Paris' }]);
    await expect(
      createRecordedModel(keyed(), { baseDir: partial }).check(undefined, { calls }),
    ).rejects.toThrow(/no answer for 1 of the 2 dataset rows.*"req-8"/);
  });
});
