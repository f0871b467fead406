import { expect, it } from 'vitest';
import type { GenerateRequest, Model } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import type { LogprobSummary } from '../../src/schema/escalation.js';

/** What one adapter's setup tells the shared contract about the runtime behind it. */
export interface ContractSubject {
  model: Model;
  /** A request the runtime answers normally. */
  request: GenerateRequest;
  /** Exact text expected, where the runtime is scripted (test servers, recorded files). */
  expectedText?: string;
  /**
   * Whether this runtime reports each figure (else the adapter must return null, not a guess);
   * `logprobs`, token log-probabilities when asked for, defaults to false.
   */
  reports: { usage: boolean; ttft: boolean; tokensPerSecond: boolean; logprobs?: boolean };
  /** Whether the adapter can be cancelled mid-call (false for instant, file-backed runtimes). */
  abortable: boolean;
  cleanup?: () => Promise<void>;
}

/**
 * The contract every runtime adapter passes: same request, same expectations on the response shape
 * and its metrics. Call inside a `describe` block; `setup` runs per test.
 */
export function adapterContract(setup: () => Promise<ContractSubject>): void {
  async function withSubject(fn: (s: ContractSubject) => Promise<void>): Promise<void> {
    const s = await setup();
    try {
      await fn(s);
    } finally {
      await s.model.close();
      await s.cleanup?.();
    }
  }

  it('answers with text, finish reason, usage and timings', () =>
    withSubject(async (s) => {
      const res = await s.model.generate(s.request);
      expect(typeof res.text).toBe('string');
      if (s.expectedText !== undefined) expect(res.text).toBe(s.expectedText);
      expect(res.finishReason === null || typeof res.finishReason === 'string').toBe(true);
      expect(res.latencyMs).not.toBeNull();
      expect(res.latencyMs as number).toBeGreaterThanOrEqual(0);
      if (s.reports.usage) {
        expect(res.usage.input).toBeGreaterThan(0);
        expect(res.usage.output).toBeGreaterThan(0);
      } else {
        expect(res.usage).toEqual({ input: null, output: null });
      }
      if (s.reports.ttft) {
        expect(res.ttftMs).not.toBeNull();
        expect(res.ttftMs as number).toBeGreaterThanOrEqual(0);
        expect(res.ttftMs as number).toBeLessThanOrEqual(res.latencyMs as number);
      } else {
        expect(res.ttftMs).toBeNull();
      }
      if (s.reports.tokensPerSecond) {
        expect(res.tokensPerSecond).toBeGreaterThan(0);
        expect(Number.isFinite(res.tokensPerSecond as number)).toBe(true);
      } else {
        expect(res.tokensPerSecond).toBeNull();
      }
      expect(res.raw).toBeDefined();
      // Not asked for, so not there: not even null.
      if (!s.request.options.logprobs) expect(res).not.toHaveProperty('logprobs');
    }));

  it('gives token log-probabilities when asked: a consistent summary, or null where the runtime has none', () =>
    withSubject(async (s) => {
      const res = await s.model.generate({ ...s.request, options: { ...s.request.options, logprobs: true } });
      expect(res).toHaveProperty('logprobs');
      if (!s.reports.logprobs) {
        expect(res.logprobs).toBeNull();
        return;
      }
      expectConsistentSummary(res.logprobs);
    }));

  it('describes the model with a profile whose unknown figures are null', () =>
    withSubject(async (s) => {
      const p = await s.model.profile();
      for (const key of ['parameters', 'quantization', 'contextWindow', 'memoryBytes'] as const) {
        expect(key in p).toBe(true);
        const v = p[key];
        expect(v === null || typeof v === 'number' || typeof v === 'string').toBe(true);
      }
    }));

  it('passes its pre-flight check', () =>
    withSubject(async (s) => expect(s.model.check()).resolves.toBeUndefined()));

  it('stops when its signal is aborted and says so with a typed error', () =>
    withSubject(async (s) => {
      if (!s.abortable) return;
      const ac = new AbortController();
      ac.abort();
      const err = await s.model.generate(s.request, ac.signal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).type).toBe('aborted');
      expect((err as ModelError).retryable).toBe(false);
    }));
}

/** A summary of natural-log token probabilities that could be true: at least a token, all ≤ 0, min the least. */
export function expectConsistentSummary(
  summary: LogprobSummary | null | undefined,
): asserts summary is LogprobSummary {
  expect(summary).toBeTruthy();
  const { tokens, mean, min, first } = summary as LogprobSummary;
  expect(Number.isInteger(tokens)).toBe(true);
  expect(tokens).toBeGreaterThanOrEqual(1);
  for (const v of [mean, min, first]) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeLessThanOrEqual(0);
  }
  expect(min).toBeLessThanOrEqual(first);
  // The mean of values ≥ min is ≥ min, up to the rounding of its sum.
  expect(min).toBeLessThanOrEqual(mean + 1e-9);
  if (tokens === 1) expect([mean, first]).toEqual([min, min]);
}
