import { afterEach, describe, expect, it } from 'vitest';
import { createModel } from '../../src/models/create-model.js';
import type { GenerateRequest } from '../../src/models/model.js';
import { levelFigures } from '../../src/run/load-figures.js';
import { capacityOf, stopReason, sweepLoad } from '../../src/run/load-sweep.js';
import type { LoadLevel } from '../../src/schema/load-record.js';
import { loadLevelSchema } from '../../src/schema/load-record.js';
import { percentile as quantile } from '../../src/util/percentile.js';
import { modelConfig } from '../helpers/model-config.js';
import { type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';

const PROMPTS: GenerateRequest[] = ['one', 'two', 'three'].map((t) => ({
  messages: [{ role: 'user', content: `Say ${t}` }],
  options: {},
}));

let server: OllamaTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ollama = (url: string) =>
  createModel(modelConfig('ollama:qwen2.5:0.5b', 'candidate', url), { baseDir: '.', env: {} });

describe('sweepLoad against a server with 4 slots', () => {
  it('throughput rises to the slot count, then flattens (stopped by `flat`); latency rises after', async () => {
    // Long enough against the client's own time between a response and its next request (a closed loop
    // leaves a slot idle for it below saturation), which the 5% rule would otherwise read as a gain.
    const SERVICE = 300;
    server = await startOllamaServer({ slots: 4, serviceTimeMs: SERVICE });
    const model = ollama(server.url);
    const seen: LoadLevel[] = [];
    const result = await sweepLoad(model, PROMPTS, {
      requests: 8,
      slo: { latencyP95Ms: null, ttftP95Ms: null },
      onLevel: (l) => seen.push(l),
    });
    await model.close();

    // What the server's slots guarantee, whatever the machine's load (no lower bound on speed):
    // the sweep doubles from 1 and stops by itself once throughput no longer rises by 5%, which the
    // 4 slots force at 8 in flight at the latest, unless a loaded client slowed the lower levels.
    const concurrency = result.levels.map((l) => l.concurrency);
    expect(concurrency.slice(0, 4)).toEqual([1, 2, 4, 8].slice(0, concurrency.length));
    expect(concurrency.every((c, i) => c === 2 ** i)).toBe(true);
    expect(result.stoppedBy).toBe('flat');
    expect(seen).toEqual(result.levels);
    expect(server.maxBusy).toBe(4);
    const rps = result.levels.map((l) => l.requestsPerSecond as number);
    const last = rps.length - 1;
    expect(rps[last]).toBeLessThan((rps[last - 1] as number) * 1.05);
    // One slot's pace is 1000/SERVICE requests/s; k busy slots give at most k times that, up to 4.
    const pace = 1000 / SERVICE;
    for (const [i, c] of concurrency.entries())
      expect(rps[i]).toBeLessThanOrEqual(Math.min(c, 4) * pace * 1.01);
    // Every request is served for SERVICE ms; past the slot count, at least half of a level's
    // requests also wait for a slot, so its p95 is at least two service times.
    for (const level of result.levels) {
      expect(level.latencyMs.p50 as number).toBeGreaterThanOrEqual(SERVICE - 1);
      if (level.concurrency > 4) expect(level.latencyMs.p95 as number).toBeGreaterThanOrEqual(SERVICE * 1.9);
    }
    expect(result.capacity).toBeNull();

    // Every level's figures are those of the requests behind it.
    for (const [i, level] of result.levels.entries()) {
      const samples = result.samples[i] ?? [];
      expect(loadLevelSchema.parse(level)).toEqual(level);
      expect(level.requests).toBe(8);
      expect(samples).toHaveLength(level.requests);
      expect(level).toEqual(levelFigures(level.concurrency, samples, level.durationMs, 0));
      expect(level.errorShare).toBe(0);
      expect(level.connectionRetries).toBe(0);
      expect(level.requestsPerSecond).toBeCloseTo(samples.length / (level.durationMs / 1000), 9);
      const tokens = samples.reduce((a, s) => a + (s.outputTokens ?? 0), 0);
      expect(tokens).toBe(4 * samples.length); // the default answer is 4 chunks
      expect(level.outputTokensPerSecond).toBeCloseTo(tokens / (level.durationMs / 1000), 9);
      expect(level.latencyMs.p95).toBe(
        quantile(
          samples.map((s) => s.latencyMs as number),
          0.95,
        ),
      );
      // The server's own figures: the loopback server reports 50 tokens/s decode and 1 ms a prompt token.
      expect(level.server?.decodeTokensPerSecond).toBeCloseTo(50, 9);
      expect(level.server?.promptMs).toBe(
        quantile(
          samples.map((s) => s.serverPromptMs as number),
          0.5,
        ),
      );
      // Each level is warmed up with `concurrency` uncounted requests first.
    }
    const generated = server.calls('/api/chat');
    const counted = result.levels.reduce((a, l) => a + l.requests + l.concurrency, 0);
    expect(generated).toBe(counted);
  });

  it('stops at the latency target (`slo`), and the capacity is the last level within it', async () => {
    server = await startOllamaServer({ slots: 2, serviceTimeMs: 200 });
    const model = ollama(server.url);
    // 2 slots: up to 2 in flight a request takes ~200 ms; at 4 it waits for another (~400 ms).
    const result = await sweepLoad(model, PROMPTS, {
      requests: 8,
      slo: { latencyP95Ms: 340, ttftP95Ms: null },
    });
    await model.close();
    expect(result.stoppedBy).toBe('slo');
    expect(result.levels.map((l) => l.concurrency)).toEqual([1, 2, 4]);
    expect(result.capacity).toEqual({
      concurrency: 2,
      requestsPerSecond: result.levels[1]?.requestsPerSecond,
    });
  });

  it('a fixed list of levels runs whole (`levels`), with --requests and --duration budgets', async () => {
    server = await startOllamaServer({ serviceTimeMs: 20 });
    const model = ollama(server.url);
    const fixed = await sweepLoad(model, PROMPTS, {
      levels: [3, 1],
      requests: 5,
      slo: { latencyP95Ms: null, ttftP95Ms: null },
    });
    expect(fixed.stoppedBy).toBe('levels');
    expect(fixed.levels.map((l) => [l.concurrency, l.requests])).toEqual([
      [3, 5],
      [1, 5],
    ]);
    const timed = await sweepLoad(model, PROMPTS, {
      levels: [2],
      durationMs: 150,
      slo: { latencyP95Ms: null, ttftP95Ms: null },
    });
    await model.close();
    const level = timed.levels[0] as LoadLevel;
    expect(level.durationMs).toBeGreaterThanOrEqual(150);
    expect(level.requests).toBeGreaterThanOrEqual(2);
  });

  it('server errors count and stop the sweep (`errors`); a dropped connection is retried and counted apart', async () => {
    server = await startOllamaServer();
    const model = ollama(server.url);
    // Warm-up of level 1 is one request; the next fails with a reset (retried), then a 500 (an error).
    server.failNext({ kind: 'delay', ms: 0 });
    server.failNext({ kind: 'reset-mid-stream', afterChunks: 1 });
    server.failNext({ kind: 'status', status: 500, error: 'runner crashed' });
    const result = await sweepLoad(model, PROMPTS, { slo: { latencyP95Ms: null, ttftP95Ms: null } });
    await model.close();
    expect(result.stoppedBy).toBe('errors');
    expect(result.levels).toHaveLength(1);
    const level = result.levels[0] as LoadLevel;
    expect(level.connectionRetries).toBe(1);
    expect(level.requests).toBe(8);
    expect(level.errorShare).toBeCloseTo(1 / 8, 12);
    expect(result.samples[0]?.filter((s) => !s.ok)).toHaveLength(1);
  });

  it('an interrupt drops the level under way and keeps the finished ones', async () => {
    server = await startOllamaServer({ slots: 1, serviceTimeMs: 20 });
    const model = ollama(server.url);
    const stop = new AbortController();
    const result = await sweepLoad(model, PROMPTS, {
      levels: [1, 2],
      slo: { latencyP95Ms: null, ttftP95Ms: null },
      signal: stop.signal,
      onLevelStart: (c) => {
        if (c === 2) queueMicrotask(() => stop.abort());
      },
    });
    await model.close();
    expect(result.stoppedBy).toBe('interrupted');
    expect(result.levels.map((l) => l.concurrency)).toEqual([1]);
  });
});

describe('stopping rule and capacity', () => {
  const level = (concurrency: number, rps: number, p95: number, errorShare = 0): LoadLevel => ({
    concurrency,
    requests: 10,
    durationMs: 1000,
    requestsPerSecond: rps,
    outputTokensPerSecond: null,
    ttftMs: { p50: null, p95: p95 / 2, p99: null },
    latencyMs: { p50: null, p95, p99: null },
    errorShare,
  });
  const none = { latencyP95Ms: null, ttftP95Ms: null };

  it('flat below a 5% gain, errors before the target, the target before flat', () => {
    expect(stopReason(level(2, 10.4, 100), level(1, 10, 100), none)).toBe('flat');
    expect(stopReason(level(2, 10.6, 100), level(1, 10, 100), none)).toBeNull();
    expect(stopReason(level(1, 10, 100), undefined, none)).toBeNull();
    expect(stopReason(level(2, 5, 100, 0.1), level(1, 10, 100), { latencyP95Ms: 50, ttftP95Ms: null })).toBe(
      'errors',
    );
    expect(stopReason(level(2, 5, 100), level(1, 10, 100), { latencyP95Ms: 50, ttftP95Ms: null })).toBe(
      'slo',
    );
    expect(stopReason(level(2, 20, 100), level(1, 10, 40), { latencyP95Ms: null, ttftP95Ms: 40 })).toBe(
      'slo',
    );
  });

  it('capacity: the highest level within the target; null without one', () => {
    const levels = [level(1, 10, 50), level(2, 19, 90), level(4, 30, 200), level(8, 31, 95, 0.5)];
    expect(capacityOf(levels, { latencyP95Ms: 100, ttftP95Ms: null })).toEqual({
      concurrency: 2,
      requestsPerSecond: 19,
    });
    expect(capacityOf(levels, { latencyP95Ms: 10, ttftP95Ms: null })).toBeNull();
    expect(capacityOf(levels, none)).toBeNull();
  });
});
