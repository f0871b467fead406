import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, Model } from '../../src/models/model.js';
import { createOpenAIModel } from '../../src/models/openai-model.js';
import {
  type LlamaServer,
  llamaServerUnavailable,
  requireLlamaServer,
  startLlamaServer,
} from '../helpers/llama-server.js';
import { modelConfig } from '../helpers/model-config.js';
import { expectConsistentSummary } from './adapter-contract.js';

// The real llama.cpp server (../shared/tools/SOURCES.md): `logprobs: true` gives OpenAI-shaped
// `choices[0].logprobs.content[]` on each streamed chunk.
requireLlamaServer('openai adapter log-probabilities');

const ask = (content: string, options: GenerateRequest['options']): GenerateRequest => ({
  messages: [{ role: 'user', content }],
  options: { temperature: 0, ...options },
});

describe.skipIf(llamaServerUnavailable !== '')('openai adapter against llama.cpp: log-probabilities', () => {
  let server: LlamaServer;
  let model: Model;
  beforeAll(async () => {
    server = await startLlamaServer(1);
    model = createOpenAIModel(modelConfig('openai:stories', 'candidate', `${server.url}/v1`), {});
  });
  afterAll(async () => {
    await model?.close();
    await server?.stop();
  });

  it('scores every generated token when the answer runs to maxTokens', async () => {
    const res = await model.generate(ask('Once upon a time', { maxTokens: 24, logprobs: true }));
    expect(res.finishReason).toBe('length');
    expect(res.usage.output).toBe(24);
    expectConsistentSummary(res.logprobs);
    expect(res.logprobs.tokens).toBe(res.usage.output);
  });

  it("scores the token that completed a stop string too, as the server's usage counts it", async () => {
    const res = await model.generate(
      ask('Once upon a time', { maxTokens: 100, stop: ['.'], logprobs: true }),
    );
    expect(res.finishReason).toBe('stop');
    expect(res.text).not.toContain('.');
    expectConsistentSummary(res.logprobs);
    expect(res.logprobs.tokens).toBe(res.usage.output);
  });

  it('gives the same summary for the same greedy answer, and none when not asked', async () => {
    const request = ask('The cat sat', { maxTokens: 16, logprobs: true });
    const [a, b] = [await model.generate(request), await model.generate(request)];
    expect(a.text).toBe(b.text);
    expectConsistentSummary(a.logprobs);
    expectConsistentSummary(b.logprobs);
    // The second call reuses the cached prompt, evaluated in another batch: equal up to float rounding.
    expect(b.logprobs.tokens).toBe(a.logprobs.tokens);
    expect(b.logprobs.mean).toBeCloseTo(a.logprobs.mean, 4);
    const plain = await model.generate(ask('The cat sat', { maxTokens: 16 }));
    expect(plain.text).toBe(a.text);
    expect(plain).not.toHaveProperty('logprobs');
  });
});
