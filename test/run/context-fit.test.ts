import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, exceedsContext } from '../../src/run/context-fit.js';

const user = (chars: number) => [{ role: 'user' as const, content: 'x'.repeat(chars) }];

describe('context fit', () => {
  it('estimates four characters a token plus a few per message', () => {
    expect(estimatePromptTokens(user(400))).toBe(104);
    expect(estimatePromptTokens([...user(8), { role: 'system', content: 'abcd' }])).toBe(3 + 8);
  });

  it('skips a prompt that cannot fit, using the configured window before the model’s own', () => {
    expect(exceedsContext(user(4_000), { contextWindow: 512 })).toEqual({ tokens: 1_004, window: 512 });
    expect(exceedsContext(user(4_000), { contextWindow: 2_048 })).toBeNull();
    expect(exceedsContext(user(4_000), { contextSize: 256, contextWindow: 2_048 })).toEqual({
      tokens: 1_004,
      window: 256,
    });
  });

  it('never skips when the window is unknown', () => {
    expect(exceedsContext(user(1_000_000), { contextWindow: null })).toBeNull();
  });
});
