import { describe, expect, it } from 'vitest';
import type { GenerateRequest, Model } from '../../src/models/model.js';
import { contextFit, contextLimit, estimatePromptTokens, promptFits } from '../../src/run/context-fit.js';

const user = (chars: number) => [{ role: 'user' as const, content: 'x'.repeat(chars) }];
const request = (chars: number, options: GenerateRequest['options'] = {}): GenerateRequest => ({
  messages: user(chars),
  options,
});

/** A model that counts `tokens` for every prompt (or fails to), and remembers how often it was asked. */
function counting(tokens: number | Error | undefined) {
  const asked = { count: 0 };
  const model: Model = {
    label: 'm',
    provider: 'test:m',
    generate: async () => {
      throw new Error('not called here');
    },
    profile: async () => ({ parameters: null, quantization: null, contextWindow: null, memoryBytes: null }),
    check: async () => undefined,
    close: async () => undefined,
    ...(tokens === undefined
      ? {}
      : {
          countPromptTokens: async () => {
            asked.count++;
            if (tokens instanceof Error) throw tokens;
            return tokens;
          },
        }),
  };
  return { model, asked };
}

describe('context fit', () => {
  it('estimates four characters a token plus a few per message', () => {
    expect(estimatePromptTokens(user(400))).toBe(104);
    expect(estimatePromptTokens([...user(8), { role: 'system', content: 'abcd' }])).toBe(3 + 8);
  });

  it('uses the configured window before the model’s own, and knows when neither is known', () => {
    expect(contextLimit(256, 2_048)).toBe(256);
    expect(contextLimit(undefined, 2_048)).toBe(2_048);
    expect(contextLimit(undefined, null)).toBeNull();
  });

  it('checks against the window the runtime serves before the trained one', () => {
    expect(contextLimit(undefined, 4_096, 32_768)).toBe(4_096);
    expect(contextLimit(8_192, 4_096, 32_768)).toBe(8_192);
    expect(contextLimit(undefined, null, 32_768)).toBe(32_768);
    expect(contextLimit(undefined, undefined, null)).toBeNull();
  });

  it('lets a prompt fit only while it leaves room for one answer token', () => {
    expect(promptFits(511, 512)).toBe(true);
    expect(promptFits(512, 512)).toBe(false);
  });

  it('estimates for a model that cannot count, and skips what the estimate cannot fit', async () => {
    const { model } = counting(undefined);
    expect(await contextFit(model, request(4_000), 512)).toEqual({
      method: 'estimate',
      promptTokens: 1_004,
      window: 512,
      fits: false,
    });
    expect(await contextFit(model, request(4_000), 2_048)).toMatchObject({ method: 'estimate', fits: true });
  });

  it('trusts the exact count over the estimate in both directions', async () => {
    // 1,000 characters estimate to 254 tokens: under a 512 window, yet the tokenizer says 600.
    expect(await contextFit(counting(600).model, request(1_000), 512)).toEqual({
      method: 'exact',
      promptTokens: 600,
      window: 512,
      fits: false,
    });
    // 4,000 characters estimate to 1,004 tokens: over the window, yet the tokenizer says 300.
    expect(await contextFit(counting(300).model, request(4_000), 512)).toEqual({
      method: 'exact',
      promptTokens: 300,
      window: 512,
      fits: true,
    });
  });

  it('does not reserve maxTokens: a long ceiling on the answer never skips a prompt that fits', async () => {
    const fit = await contextFit(counting(400).model, request(100, { maxTokens: 4_000 }), 512);
    expect(fit).toMatchObject({ method: 'exact', fits: true });
  });

  it('never skips, nor asks the model, when the window is unknown', async () => {
    const { model, asked } = counting(10_000_000);
    expect(await contextFit(model, request(1_000_000), null)).toBeNull();
    expect(asked.count).toBe(0);
  });

  it('falls back to the estimate when the count fails, and stops when interrupted', async () => {
    const { model } = counting(new Error('cannot load'));
    expect(await contextFit(model, request(4_000), 512)).toMatchObject({ method: 'estimate', fits: false });
    const ac = new AbortController();
    ac.abort();
    await expect(contextFit(model, request(4_000), 512, ac.signal)).rejects.toThrow('cannot load');
  });
});
