import OpenAI, {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  toFile,
} from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type OpenAIBatchServerOptions,
  type OpenAIBatchTestServer,
  startOpenAIBatchServer,
} from './openai-batch-server.js';

const KEY = 'sk-test-batch-0123456789';

const servers: OpenAIBatchTestServer[] = [];
async function serve(options?: OpenAIBatchServerOptions): Promise<OpenAIBatchTestServer> {
  const s = await startOpenAIBatchServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(server: OpenAIBatchTestServer, apiKey = KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: server.url, maxRetries: 0 });
}

interface Line {
  custom_id: string;
  method: string;
  url: string;
  body: unknown;
}

function line(customId: string, content: string, model = 'gpt-4o-mini'): Line {
  return {
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content }], max_completion_tokens: 100 },
  };
}

const jsonl = (lines: unknown[]) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

/** Uploads the lines as a .jsonl file and creates a chat-completions batch from it. */
async function submit(openai: OpenAI, lines: unknown[], metadata?: Record<string, string>): Promise<Batch> {
  const file = await openai.files.create({
    file: await toFile(Buffer.from(`${jsonl(lines)}\n`), 'in.jsonl'),
    purpose: 'batch',
  });
  return openai.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
}

interface OutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

async function read(openai: OpenAI, fileId: string | null | undefined): Promise<OutputLine[]> {
  expect(fileId).toEqual(expect.any(String));
  const res = await openai.files.content(fileId as string);
  const text = await res.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as OutputLine);
}

const four = [line('q1', 'one'), line('q2', 'two'), line('q3', 'three'), line('q4', 'four')];

describe('openai batch server: the files API with the official client', () => {
  it('stores a .jsonl upload with purpose batch and answers a File object', async () => {
    const server = await serve({ apiKey: KEY });
    const openai = client(server);
    const content = `${jsonl(four)}\n`;
    const file = await openai.files.create({
      file: await toFile(Buffer.from(content), 'in.jsonl'),
      purpose: 'batch',
    });
    expect(file).toMatchObject({
      object: 'file',
      filename: 'in.jsonl',
      purpose: 'batch',
      status: 'processed',
      bytes: Buffer.byteLength(content),
    });
    expect(file.id).toMatch(/^file-/);
    expect(file.expires_at).toBe(file.created_at + 30 * 24 * 3600);
    expect(await openai.files.retrieve(file.id)).toEqual(file);
    expect(server.file(file.id)?.content).toBe(content);
    expect(server.filesUploaded).toBe(1);
    expect(server.calls('POST /v1/files')).toBe(1);
    expect(server.requests[0]?.body).toMatchObject({
      purpose: 'batch',
      file: { filename: 'in.jsonl', content },
    });

    const listed = await openai.files.list({ purpose: 'batch' });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);

    // The input of a batch is not for download; only outputs are.
    await expect(openai.files.content(file.id)).rejects.toBeInstanceOf(BadRequestError);

    expect(await openai.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    expect(server.filesDeleted).toBe(1);
    await expect(openai.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(openai.files.delete(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('honours expires_after on upload', async () => {
    const server = await serve();
    const file = await client(server).files.create({
      file: await toFile(Buffer.from(`${jsonl(four)}\n`), 'in.jsonl'),
      purpose: 'batch',
      expires_after: { anchor: 'created_at', seconds: 7200 },
    });
    expect(file.expires_at).toBe(file.created_at + 7200);
  });

  it('refuses a batch file that is not .jsonl, and an upload without a purpose', async () => {
    const server = await serve();
    const openai = client(server);
    const err = await openai.files
      .create({ file: await toFile(Buffer.from(jsonl(four)), 'in.txt'), purpose: 'batch' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).message).toContain('Invalid file format for Batch API. Must be .jsonl');
    const form = new FormData();
    form.append('file', new Blob([jsonl(four)]), 'in.jsonl');
    const res = await fetch(`${server.url}/files`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { param: 'purpose', code: 'missing_required_parameter' },
    });
    expect(server.filesUploaded).toBe(0);
  });
});

describe('openai batch server: a batch that completes', () => {
  it('moves validating → in_progress → finalizing → completed, one step per retrieve', async () => {
    const server = await serve({
      apiKey: KEY,
      reply: (body) => ['Answer', ' to', ` ${body.messages[0]?.content}`],
      promptTokens: 11,
    });
    const openai = client(server);
    const created = await submit(openai, four, { run: 'run-1' });
    expect(created).toMatchObject({
      object: 'batch',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      status: 'validating',
      errors: null,
      output_file_id: null,
      error_file_id: null,
      in_progress_at: null,
      completed_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { run: 'run-1' },
    });
    expect(created.id).toMatch(/^batch_/);
    expect(created.expires_at).toBe(created.created_at + 24 * 3600);

    const seen: Batch[] = [];
    for (let i = 0; i < 3; i++) seen.push(await openai.batches.retrieve(created.id));
    expect(seen.map((b) => b.status)).toEqual(['in_progress', 'finalizing', 'completed']);
    expect(seen[0]?.request_counts).toEqual({ total: 4, completed: 0, failed: 0 });
    expect(seen[0]?.model).toBe('gpt-4o-mini');
    const done = seen[2] as Batch;
    expect(done.request_counts).toEqual({ total: 4, completed: 4, failed: 0 });
    expect(done.error_file_id).toBeNull();
    expect(done.created_at).toBeLessThan(done.in_progress_at as number);
    expect(done.in_progress_at).toBeLessThan(done.finalizing_at as number);
    expect(done.finalizing_at).toBeLessThan(done.completed_at as number);
    expect(done.usage).toMatchObject({ input_tokens: 44, output_tokens: 12, total_tokens: 56 });
    // A finished batch stays as it is.
    expect((await openai.batches.retrieve(created.id)).status).toBe('completed');

    const output = await read(openai, done.output_file_id);
    // OpenAI does not keep input order in the output; this server reverses it by default.
    expect(output.map((l) => l.custom_id)).toEqual(['q4', 'q3', 'q2', 'q1']);
    for (const l of output) {
      expect(l.id).toMatch(/^batch_req_/);
      expect(l.error).toBeNull();
      expect(l.response?.status_code).toBe(200);
      expect(l.response?.request_id).toMatch(/^req_/);
      const body = l.response?.body as ChatCompletion;
      expect(body.object).toBe('chat.completion');
      expect(body.model).toBe('gpt-4o-mini');
      expect(body.choices[0]?.finish_reason).toBe('stop');
      expect(body.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    }
    const q2 = output.find((l) => l.custom_id === 'q2')?.response?.body as ChatCompletion;
    expect(q2.choices[0]?.message.content).toBe('Answer to two');

    const outFile = await openai.files.retrieve(done.output_file_id as string);
    expect(outFile.purpose).toBe('batch_output');

    expect(server.filesUploaded).toBe(1);
    expect(server.batchesCreated).toBe(1);
    expect(server.calls('GET /v1/batches/{id}')).toBe(4);
    expect(server.calls(`/v1/batches/${created.id}`)).toBe(4);
    expect(server.chatBodies.map((b) => b.messages[0]?.content)).toEqual(['one', 'two', 'three', 'four']);
    expect(server.inputLines(created.id).map((l) => l.custom_id)).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it('keeps input order when asked, and cuts answers at max_completion_tokens', async () => {
    const server = await serve({ order: 'input', reply: ['a', 'b', 'c', 'd'] });
    const openai = client(server);
    const short = {
      ...line('s', 'x'),
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 },
    };
    const b = await submit(openai, [line('l', 'y'), short]);
    const done = server.finish(b.id);
    const output = await read(openai, done.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(['l', 's']);
    const cut = output[1]?.response?.body as ChatCompletion;
    expect(cut.choices[0]?.message.content).toBe('ab');
    expect(cut.choices[0]?.finish_reason).toBe('length');
  });

  it('in manual mode, moves only when the test advances it', async () => {
    const server = await serve({ progress: 'manual' });
    const openai = client(server);
    const b = await submit(openai, four);
    expect((await openai.batches.retrieve(b.id)).status).toBe('validating');
    expect((await openai.batches.retrieve(b.id)).status).toBe('validating');
    expect(server.advance(b.id).status).toBe('in_progress');
    expect((await openai.batches.retrieve(b.id)).status).toBe('in_progress');
    expect(server.advance(b.id, 2).status).toBe('completed');
    expect((await openai.batches.retrieve(b.id)).status).toBe('completed');
    expect(server.chatBodies).toHaveLength(4);
  });

  it('completes with some requests in the error file: HTTP errors and non-HTTP errors', async () => {
    const server = await serve({
      outcome: (l) =>
        l.custom_id === 'q2'
          ? {
              kind: 'status',
              status: 429,
              message: 'Rate limit reached',
              type: 'requests',
              code: 'rate_limit_exceeded',
            }
          : l.custom_id === 'q3'
            ? { kind: 'status', status: 500 }
            : l.custom_id === 'q4'
              ? { kind: 'error', code: 'server_error', message: 'The request could not be completed.' }
              : undefined,
    });
    const openai = client(server);
    const b = await submit(openai, four);
    const done = server.finish(b.id);
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 4, completed: 1, failed: 3 });
    const output = await read(openai, done.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(['q1']);
    const errors = await read(openai, done.error_file_id);
    const byId = Object.fromEntries(errors.map((l) => [l.custom_id, l]));
    expect(byId.q2).toMatchObject({
      response: {
        status_code: 429,
        body: {
          error: {
            message: 'Rate limit reached',
            type: 'requests',
            code: 'rate_limit_exceeded',
            param: null,
          },
        },
      },
      error: null,
    });
    expect(byId.q3?.response?.status_code).toBe(500);
    expect(byId.q3?.response?.body).toMatchObject({ error: { type: 'server_error' } });
    expect(byId.q4).toMatchObject({
      response: null,
      error: { code: 'server_error', message: 'The request could not be completed.' },
    });
  });

  it('gives no output file when every request failed', async () => {
    const server = await serve({ outcome: () => ({ kind: 'status', status: 400, message: 'bad' }) });
    const openai = client(server);
    const b = await submit(openai, four);
    const done = server.finish(b.id);
    expect(done.status).toBe('completed');
    expect(done.output_file_id).toBeNull();
    expect(await read(openai, done.error_file_id)).toHaveLength(4);
  });
});

describe('openai batch server: a batch that fails validation', () => {
  it('accepts a malformed file at upload, then fails the batch with line errors', async () => {
    const server = await serve();
    const openai = client(server);
    const lines = [
      line('a', 'fine'),
      '{not json',
      line('a', 'duplicate id'),
      { ...line('b', 'wrong url'), url: '/v1/embeddings' },
      { custom_id: 'c', url: '/v1/chat/completions', body: {} },
      line('d', 'other model', 'gpt-4o'),
    ];
    const b = await submit(openai, lines);
    expect(b.status).toBe('validating');
    const failed = await openai.batches.retrieve(b.id);
    expect(failed.status).toBe('failed');
    expect(failed.failed_at).toEqual(expect.any(Number));
    expect(failed.in_progress_at).toBeNull();
    expect(failed.output_file_id).toBeNull();
    expect(failed.error_file_id).toBeNull();
    expect(failed.errors?.object).toBe('list');
    expect(failed.errors?.data?.map((e) => [e.code, e.line])).toEqual([
      ['invalid_json_line', 2],
      ['duplicate_custom_id', 3],
      ['url_mismatch', 4],
      ['missing_required_parameter', 5],
      ['model_mismatch', 6],
    ]);
    expect(failed.errors?.data?.[3]?.param).toBe('method');
    expect(server.chatBodies).toHaveLength(0);
    // Terminal: nothing moves it on.
    expect((await openai.batches.retrieve(b.id)).status).toBe('failed');
  });

  it('fails an empty file, and one whose id does not exist', async () => {
    const server = await serve();
    const openai = client(server);
    const empty = await openai.files.create({
      file: await toFile(Buffer.from(''), 'in.jsonl'),
      purpose: 'batch',
    });
    const b1 = await openai.batches.create({
      input_file_id: empty.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect((await openai.batches.retrieve(b1.id)).errors?.data?.[0]?.code).toBe('empty_file');
    const b2 = await openai.batches.create({
      input_file_id: 'file-nope',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const failed = await openai.batches.retrieve(b2.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.[0]?.param).toBe('input_file_id');
  });

  it('fails a valid batch when the test says so (the enqueued-token limit by default)', async () => {
    const server = await serve();
    server.endNext({ kind: 'failed' });
    const openai = client(server);
    const b = await submit(openai, four);
    const failed = await openai.batches.retrieve(b.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data).toEqual([
      expect.objectContaining({ code: 'token_limit_exceeded', line: null, param: null }),
    ]);
    // endNext was for one batch only: the next completes.
    const next = await submit(openai, four);
    expect(server.finish(next.id).status).toBe('completed');
  });

  it('refuses a create request with a wrong window, endpoint or missing file id', async () => {
    const server = await serve();
    const openai = client(server);
    const create = (body: Record<string, unknown>) =>
      openai.batches
        .create(body as unknown as Parameters<typeof openai.batches.create>[0])
        .catch((e: unknown) => e);
    const base = { input_file_id: 'file-x', endpoint: '/v1/chat/completions', completion_window: '24h' };
    expect(await create({ ...base, completion_window: '1h' })).toBeInstanceOf(BadRequestError);
    expect(await create({ ...base, endpoint: '/v1/nope' })).toBeInstanceOf(BadRequestError);
    expect(await create({ endpoint: base.endpoint, completion_window: '24h' })).toBeInstanceOf(
      BadRequestError,
    );
    expect(await create({ ...base, metadata: { n: 1 } })).toBeInstanceOf(BadRequestError);
    expect(server.batchesCreated).toBe(0);
  });
});

describe('openai batch server: a batch that expires', () => {
  it('puts the requests done in the output file and the rest, as batch_expired, in the error file', async () => {
    const server = await serve({ ending: { kind: 'expired', done: 2 } });
    const openai = client(server);
    const b = await submit(openai, four);
    const statuses: string[] = [];
    let current = b;
    while (!['completed', 'failed', 'expired', 'cancelled'].includes(current.status)) {
      current = await openai.batches.retrieve(b.id);
      statuses.push(current.status);
    }
    expect(statuses).toEqual(['in_progress', 'expired']);
    expect(current.expired_at).toEqual(expect.any(Number));
    expect(current.completed_at).toBeNull();
    expect(current.request_counts).toEqual({ total: 4, completed: 2, failed: 2 });
    const output = await read(openai, current.output_file_id);
    expect(output.map((l) => l.custom_id).sort()).toEqual(['q1', 'q2']);
    const errors = await read(openai, current.error_file_id);
    expect(errors.map((l) => l.custom_id).sort()).toEqual(['q3', 'q4']);
    for (const l of errors) {
      expect(l.response).toBeNull();
      expect(l.error).toEqual({
        code: 'batch_expired',
        message: 'This request could not be executed before the completion window expired.',
      });
    }
    expect(server.chatBodies).toHaveLength(2);
  });
});

describe('openai batch server: cancelling', () => {
  it('goes cancelling then cancelled, with the requests done before the cancel in the output file', async () => {
    const server = await serve({ doneBeforeCancel: 1, order: 'input' });
    const openai = client(server);
    const b = await submit(openai, four);
    expect((await openai.batches.retrieve(b.id)).status).toBe('in_progress');
    const cancelling = await openai.batches.cancel(b.id);
    expect(cancelling.status).toBe('cancelling');
    expect(cancelling.cancelling_at).toEqual(expect.any(Number));
    // Cancelling again changes nothing.
    expect((await openai.batches.cancel(b.id)).status).toBe('cancelling');
    const cancelled = await openai.batches.retrieve(b.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelled_at).toBeGreaterThan(cancelled.cancelling_at as number);
    expect((await read(openai, cancelled.output_file_id)).map((l) => l.custom_id)).toEqual(['q1']);
    const errors = await read(openai, cancelled.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.error?.code])).toEqual([
      ['q2', 'batch_cancelled'],
      ['q3', 'batch_cancelled'],
      ['q4', 'batch_cancelled'],
    ]);
    expect(server.calls('POST /v1/batches/{id}/cancel')).toBe(2);
  });

  it('cancels a validating batch with no output, and leaves unrun requests out when asked', async () => {
    const server = await serve({ cancelledRequests: 'omit' });
    const openai = client(server);
    const b = await submit(openai, four);
    await openai.batches.cancel(b.id);
    const cancelled = await openai.batches.retrieve(b.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.output_file_id).toBeNull();
    expect(cancelled.error_file_id).toBeNull();
    expect(server.chatBodies).toHaveLength(0);
  });

  it('refuses to cancel a finished batch (409)', async () => {
    const server = await serve();
    const openai = client(server);
    const b = await submit(openai, four);
    server.finish(b.id);
    await expect(openai.batches.cancel(b.id)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('openai batch server: listing', () => {
  it('lists newest first with limit, after and has_more, and the client pages through all', async () => {
    const server = await serve();
    const openai = client(server);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(openai, four, { n: String(i) })).id);
    const first = await openai.batches.list({ limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((b) => b.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
    const all: string[] = [];
    for await (const b of openai.batches.list({ limit: 1 })) all.push(b.id);
    expect(all).toEqual([...ids].reverse());
    const last = server.requests.filter((r) => r.route === 'GET /v1/batches').at(-1);
    expect(last?.query).toEqual({ limit: '1', after: ids[1] });
    // Listing does not move batches on.
    expect(server.batches().map((b) => b.status)).toEqual(['validating', 'validating', 'validating']);
    expect(server.batchesCreated).toBe(3);
    expect(server.filesUploaded).toBe(3);
  });
});

describe('openai batch server: authentication and injected failures', () => {
  it('answers 401 to a wrong key', async () => {
    const server = await serve({ apiKey: KEY });
    const err = await client(server, 'sk-wrong')
      .batches.list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).code).toBe('invalid_api_key');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-wrong');
  });

  it('fails a poll without moving the batch, and the client retries it', async () => {
    const server = await serve();
    const openai = client(server);
    const b = await submit(openai, four);
    server.failNext({ kind: 'status', status: 500 });
    await expect(openai.batches.retrieve(b.id)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.batch(b.id)?.status).toBe('validating');
    expect((await openai.batches.retrieve(b.id)).status).toBe('in_progress');

    server.failNext({ kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } }, 1, [
      'POST /v1/batches',
    ]);
    const retrying = new OpenAI({ apiKey: KEY, baseURL: server.url, maxRetries: 1 });
    const again = await submit(retrying, four);
    expect(again.status).toBe('validating');
    expect(server.calls('POST /v1/batches')).toBe(3);
    expect(server.batchesCreated).toBe(2);
  });

  it('can lose the answer to a create the server did: a retrying client then makes a second batch', async () => {
    const server = await serve();
    const b = await submit(client(server), four);
    server.failNext({ kind: 'lost-response' }, 1, ['POST /v1/batches']);
    // The official client sends no idempotency key and retries a POST whose connection failed.
    const retrying = new OpenAI({ apiKey: KEY, baseURL: server.url, maxRetries: 1 });
    const again = await retrying.batches.create({
      input_file_id: b.input_file_id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(server.calls('POST /v1/batches')).toBe(3);
    expect(server.batchesCreated).toBe(3);
    expect(server.batches().map((x) => x.id)).toContain(again.id);
  });

  it('answers 404 for an unknown batch or route', async () => {
    const server = await serve();
    const openai = client(server);
    await expect(openai.batches.retrieve('batch_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(openai.batches.cancel('batch_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(openai.files.content('file-nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(server.calls('unknown')).toBe(0);
  });
});
