import { describe, expect, it } from 'vitest';
import { createEndpointPool, type PoolMember } from '../../src/models/endpoint-pool.js';
import type {
  GenerateRequest,
  GenerateResponse,
  Model,
  ModelProfile,
  ServedModel,
} from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import { type RunModel, runCases } from '../../src/run/run-cases.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { Case } from '../../src/suite/expand-cases.js';
import { modelConfig } from '../helpers/model-config.js';

/** A call or a check a fake server holds until the test settles it. */
interface Held<T> {
  request: T;
  pass(text?: string): void;
  fail(e: Error): void;
}

/**
 * A scripted server. Calls are held for the test to answer or fail, or answered at once by `respond`;
 * checks pass, fail, or are held (`checkMode`), so a test steps through probes on events, not time.
 */
function fakeServer(
  name: string,
  opts: {
    served?: ServedModel;
    profile?: Partial<ModelProfile>;
    respond?: (request: GenerateRequest) => string | Error;
  } = {},
) {
  const held: Held<GenerateRequest>[] = [];
  const checks: Held<null>[] = [];
  const state = {
    checks: 0,
    checkMode: 'pass' as 'pass' | 'fail' | 'hold',
    served: opts.served ?? ({ family: 'qwen2', quantization: 'Q4_K_M' } as ServedModel),
    waiting: [] as (() => void)[],
  };
  const answer = (text: string): GenerateResponse => ({
    text,
    finishReason: 'stop',
    usage: { input: 1, output: 1 },
    latencyMs: 1,
    ttftMs: 1,
    tokensPerSecond: null,
    raw: {},
  });
  const unreachable = () => new ModelError('unreachable', `cannot reach ${name}`, { retryable: false });
  const model: Model = {
    label: 'pool',
    provider: 'ollama:m',
    generate(request, signal) {
      if (opts.respond) {
        const r = opts.respond(request);
        return r instanceof Error ? Promise.reject(r) : Promise.resolve(answer(r));
      }
      return new Promise<GenerateResponse>((resolve, reject) => {
        signal?.addEventListener('abort', () =>
          reject(new ModelError('aborted', 'cancelled', { retryable: false })),
        );
        held.push({ request, pass: (text = name) => resolve(answer(text)), fail: reject });
      });
    },
    check() {
      state.checks++;
      if (state.checkMode === 'pass') return Promise.resolve();
      if (state.checkMode === 'fail') return Promise.reject(unreachable());
      return new Promise<void>((resolve, reject) => {
        checks.push({ request: null, pass: () => resolve(), fail: reject });
        for (const w of state.waiting.splice(0)) w();
      });
    },
    identify: async () => state.served,
    profile: async () => ({
      parameters: 1,
      quantization: 'Q4_K_M',
      contextWindow: 8192,
      memoryBytes: 1,
      ...opts.profile,
    }),
    close: async () => undefined,
  };
  /** The next held check (a probe), once it arrives. */
  const nextCheck = async (): Promise<Held<null>> => {
    while (checks.length === 0) await new Promise<void>((resolve) => state.waiting.push(resolve));
    return checks.shift() as Held<null>;
  };
  return { name, model, held, state, nextCheck, unreachable };
}

type Fake = ReturnType<typeof fakeServer>;

function pool(fakes: Fake[], caps: (number | null)[] = [], probeDelayMs: (n: number) => number = () => 0) {
  const members: PoolMember[] = fakes.map((f, i) => ({
    name: f.name,
    model: f.model,
    cap: caps[i] ?? null,
    loneSlots: 1,
  }));
  return createEndpointPool(modelConfig('ollama:m', 'candidate', undefined), members, { probeDelayMs });
}

const ask: GenerateRequest = { messages: [{ role: 'user', content: 'q' }], options: {} };
const reset = (name: string) =>
  new ModelError('connection', `connection to ${name} was reset`, { retryable: true });
/** Only the first probe comes at once; the later ones wait longer than any test. */
const oneProbe = (n: number) => (n === 1 ? 0 : 600_000);

/** Lets every settled promise run its handlers (no clock involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const passAll = (...fakes: Fake[]) => {
  for (const f of fakes) for (const h of f.held.splice(0)) h.pass();
};

describe('endpoint pool: spreading calls', () => {
  it('sends each call to the server with the fewest in flight', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    const p = pool([a, b]);
    const calls = Array.from({ length: 4 }, () => p.generate(ask));
    await settle();
    expect([a.held.length, b.held.length]).toEqual([2, 2]);
    // Two finish on a: the next two calls both go there, where nothing is in flight now.
    for (const h of a.held.splice(0)) h.pass();
    await settle();
    const more = [p.generate(ask), p.generate(ask)];
    await settle();
    expect([a.held.length, b.held.length]).toEqual([2, 2]);
    passAll(a, b);
    const answered = await Promise.all([...calls, ...more]);
    expect(answered.map((r) => r.endpoint).sort()).toEqual([
      'http://a',
      'http://a',
      'http://a',
      'http://a',
      'http://b',
      'http://b',
    ]);
    await p.close();
  });

  it('takes turns when the servers are equally busy, so one call at a time still reaches every server', async () => {
    const fakes = ['http://a', 'http://b', 'http://c'].map((n) => fakeServer(n));
    const p = pool(fakes);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const call = p.generate(ask);
      await settle();
      passAll(...fakes);
      order.push((await call).endpoint as string);
    }
    expect(order).toEqual(['http://a', 'http://b', 'http://c', 'http://a', 'http://b', 'http://c']);
    await p.close();
  });

  it('never sends a server more calls than its concurrency: the rest wait for a free one', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    const p = pool([a, b], [1, 2]);
    const calls = Array.from({ length: 4 }, () => p.generate(ask));
    await settle();
    expect([a.held.length, b.held.length]).toEqual([1, 2]);
    b.held.shift()?.pass();
    await settle();
    // The fourth call took the slot b freed.
    expect([a.held.length, b.held.length]).toEqual([1, 2]);
    passAll(a, b);
    expect((await Promise.all(calls)).map((r) => r.endpoint).sort()).toEqual([
      'http://a',
      'http://b',
      'http://b',
      'http://b',
    ]);
    await p.close();
  });
});

describe('endpoint pool: failover', () => {
  it('retries a call that failed on a dead server on another at once, and takes the dead one out', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    a.state.checkMode = 'hold'; // its probe never ends: it stays out
    const p = pool([a, b]);
    const first = p.generate(ask);
    const second = p.generate(ask);
    await settle();
    expect([a.held.length, b.held.length]).toEqual([1, 1]);
    a.held.shift()?.fail(reset('http://a'));
    await settle();
    // The failed call is on b now, beside b's own.
    expect(b.held).toHaveLength(2);
    passAll(b);
    expect((await first).endpoint).toBe('http://b');
    expect((await second).endpoint).toBe('http://b');
    // a is out: new calls go to b only, however many are in flight there.
    const more = [p.generate(ask), p.generate(ask)];
    await settle();
    expect([a.held.length, b.held.length]).toEqual([0, 2]);
    passAll(b);
    await Promise.all(more);
    await p.close();
  });

  it('probes a server taken out until its check passes, then lets it back in', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    a.state.checkMode = 'hold';
    const p = pool([a, b]);
    const call = p.generate(ask);
    const other = p.generate(ask);
    await settle();
    a.held.shift()?.fail(reset('http://a'));
    (await a.nextCheck()).fail(a.unreachable()); // the first probe fails: still out, probed again
    await settle();
    const whileOut = [p.generate(ask), p.generate(ask)];
    await settle();
    expect([a.held.length, b.held.length]).toEqual([0, 4]);
    (await a.nextCheck()).pass();
    await settle();
    passAll(b);
    await Promise.all([call, other, ...whileOut]);
    // Back in: the next calls take turns again.
    const again = [p.generate(ask), p.generate(ask)];
    await settle();
    passAll(a, b);
    expect((await Promise.all(again)).map((r) => r.endpoint).sort()).toEqual(['http://a', 'http://b']);
    await p.close();
  });

  it('keeps out a server that comes back serving another model', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    const p = pool([a, b], [], oneProbe);
    await p.check();
    a.state.served = { family: 'qwen2', quantization: 'Q8_0' };
    a.state.checkMode = 'hold';
    const call = p.generate(ask);
    const other = p.generate(ask);
    await settle();
    a.held.shift()?.fail(reset('http://a'));
    (await a.nextCheck()).pass(); // it answers its check, but serves Q8_0 now
    await settle();
    const next = [p.generate(ask), p.generate(ask)];
    await settle();
    expect([a.held.length, b.held.length]).toEqual([0, 4]);
    passAll(b);
    await Promise.all([call, other, ...next]);
    await p.close();
  });

  it('fails a call only when every server failed it, naming each and why, as a retryable error', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    for (const f of [a, b]) f.state.checkMode = 'fail';
    const p = pool([a, b], [], () => 600_000);
    const call = p.generate(ask).catch((e: unknown) => e);
    await settle();
    a.held.shift()?.fail(reset('http://a'));
    await settle();
    b.held.shift()?.fail(new ModelError('http', 'http://b answered 503', { status: 503 }));
    const err = (await call) as ModelError;
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ type: 'unreachable', retryable: true, endpoint: null });
    expect(err.message).toContain('http://a: connection to http://a was reset');
    expect(err.message).toContain('http://b: http://b answered 503');
    // With every server out, a new call probes them at once (not after the backoff) and fails fast.
    const checks = a.state.checks + b.state.checks;
    const next = (await p.generate(ask).catch((e: unknown) => e)) as ModelError;
    expect(next.message).toContain('http://a: cannot reach http://a');
    expect(next.message).toContain('http://b: cannot reach http://b');
    expect(a.state.checks + b.state.checks).toBe(checks + 2);
    await p.close();
  });

  it("passes on a failure that is the request's, not the server's, naming the server, and keeps it in", async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    const p = pool([a, b]);
    const call = p.generate(ask).catch((e: unknown) => e);
    await settle();
    a.held.shift()?.fail(new ModelError('http', 'http://a answered 400: bad request', { status: 400 }));
    expect(await call).toMatchObject({ type: 'http', status: 400, endpoint: 'http://a', retryable: false });
    expect(b.held).toHaveLength(0);
    // a is still in: the next two calls go one to each.
    const next = [p.generate(ask), p.generate(ask)];
    await settle();
    expect([a.held.length, b.held.length]).toEqual([1, 1]);
    passAll(a, b);
    await Promise.all(next);
    await p.close();
  });

  it('stops a call waiting for a free server when its signal aborts', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    const p = pool([a, b], [1, 1]);
    const busy = [p.generate(ask), p.generate(ask)];
    await settle();
    const ac = new AbortController();
    const waiting = p.generate(ask, ac.signal).catch((e: unknown) => e);
    await settle();
    ac.abort();
    expect(await waiting).toMatchObject({ type: 'aborted', retryable: false });
    passAll(a, b);
    await Promise.all(busy);
    await p.close();
  });
});

describe('endpoint pool: check and profile', () => {
  it('checks every server and names the ones that do not answer', async () => {
    const a = fakeServer('http://a');
    const b = fakeServer('http://b');
    b.state.checkMode = 'fail';
    const err = (await pool([a, b])
      .check()
      .catch((e: unknown) => e)) as ModelError;
    expect(a.state.checks).toBe(1);
    expect(err).toBeInstanceOf(ModelError);
    expect(err.type).toBe('unreachable');
    expect(err.message).toContain('1 of 2 servers');
    expect(err.message).toContain('cannot reach http://b');
    expect(err.message).not.toContain('http://a');
  });

  it('refuses servers that serve different models or quantizations, naming both', async () => {
    const served = (quantization: string, parameters: number | null = 494) => ({
      served: { family: 'qwen2', parameters, quantization },
    });
    const a = fakeServer('http://a', served('Q4_K_M'));
    const b = fakeServer('http://b', served('Q4_K_M'));
    const c = fakeServer('http://c', served('Q8_0'));
    await expect(pool([a, b]).check()).resolves.toBeUndefined();
    const err = (await pool([a, b, c])
      .check()
      .catch((e: unknown) => e)) as ModelError;
    expect(err.type).toBe('unsupported');
    expect(err.message).toContain('http://a serves quantization Q4_K_M, http://c serves quantization Q8_0');
    // A fact one server does not state cannot tell them apart.
    const d = fakeServer('http://d', served('Q4_K_M', null));
    await expect(pool([a, d]).check()).resolves.toBeUndefined();
  });

  it("profiles every server: the first's figures, the smallest serving window and the pool's slots", async () => {
    const a = fakeServer('http://a', { profile: { servingWindow: 8192, parallelSlots: 4 } });
    const b = fakeServer('http://b', { profile: { servingWindow: 4096, parallelSlots: null } });
    const c = fakeServer('http://c', { profile: { servingWindow: 8192, parallelSlots: 2 } });
    // c's concurrency caps it at 1 whatever its server says; b says nothing, so counts as a lone server (1).
    const p = await pool([a, b, c], [null, null, 1]).profile();
    expect(p).toMatchObject({ contextWindow: 8192, servingWindow: 4096, parallelSlots: 6 });
  });
});

describe('endpoint pool: records', () => {
  it('records name the server that answered or failed a call, and null when none could', async () => {
    // q0 is answered, q1 is refused as a bad request, q2 and q3 find every server dead.
    const respond = (r: GenerateRequest) => {
      const q = r.messages[0]?.content;
      return q === 'q0'
        ? 'ok'
        : q === 'q1'
          ? new ModelError('http', 'answered 400', { status: 400 })
          : reset('it');
    };
    const a = fakeServer('http://a', { respond });
    const b = fakeServer('http://b', { respond });
    for (const f of [a, b]) f.state.checkMode = 'fail';
    const config = modelConfig('ollama:m', 'candidate', undefined, {
      endpoints: [{ url: 'http://a' }, { url: 'http://b' }],
    });
    const model = createEndpointPool(
      config,
      [a, b].map((f) => ({ name: f.name, model: f.model, cap: null, loneSlots: 1 })),
      { probeDelayMs: () => 600_000 },
    );
    const cases: Case[] = ['q0', 'q1', 'q2', 'q3'].map((q, i) => ({
      id: `c${i}`,
      rowId: q,
      promptId: 'p',
      model: config.label,
      provider: config.provider,
      role: 'candidate',
      repeat: 0,
      messages: [{ role: 'user', content: q }],
    }));
    const records: ResultRecord[] = [];
    const entry: RunModel = { config, model, concurrency: 1, local: true };
    await runCases({
      cases,
      models: new Map([[config.label, entry]]),
      done: new Set(),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxTotalMs: 1_000 },
      onRecord: (r) => records.push(r),
    });
    const byRow = new Map(records.map((r) => [r.rowId, r]));
    expect(byRow.get('q0')).toMatchObject({ endpoint: 'http://a', error: null, output: 'ok' });
    expect(byRow.get('q1')).toMatchObject({ endpoint: 'http://b', error: { type: 'http', status: 400 } });
    for (const q of ['q2', 'q3']) {
      expect(byRow.get(q)?.endpoint).toBeNull();
      expect(byRow.get(q)?.error).toMatchObject({ type: 'unreachable', retryable: true });
    }
    await model.close();
  });

  it('a model with one server writes no endpoint field', async () => {
    const a = fakeServer('http://a', { respond: () => 'ok' });
    const config = modelConfig('ollama:m', 'candidate', 'http://a');
    const records: ResultRecord[] = [];
    await runCases({
      cases: [
        {
          id: 'c0',
          rowId: 'q0',
          promptId: 'p',
          model: config.label,
          provider: config.provider,
          role: 'candidate',
          repeat: 0,
          messages: [{ role: 'user', content: 'q0' }],
        },
      ],
      models: new Map([[config.label, { config, model: a.model, concurrency: 1, local: true }]]),
      done: new Set(),
      onRecord: (r) => records.push(r),
    });
    expect(records[0]).not.toHaveProperty('endpoint');
  });
});
