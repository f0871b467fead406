import { describe, expect, it } from 'vitest';
import { FRONTIER_MODELS, lookupFrontierModel } from '../../src/models/frontier-models.js';

describe('frontier model table', () => {
  it('covers the models the issue names, with positive figures and unique ids', () => {
    for (const id of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o1',
      'o3',
      'o3-mini',
      'o4-mini',
    ]) {
      expect(lookupFrontierModel(id)?.id).toBe(id);
    }
    expect(FRONTIER_MODELS.some((m) => m.vendor === 'anthropic')).toBe(true);
    expect(FRONTIER_MODELS.some((m) => m.vendor === 'google')).toBe(true);
    expect(new Set(FRONTIER_MODELS.map((m) => m.id)).size).toBe(FRONTIER_MODELS.length);
    for (const m of FRONTIER_MODELS) {
      expect(m.contextWindow).toBeGreaterThan(0);
      expect(m.inputPerMillion).toBeGreaterThan(0);
      expect(m.outputPerMillion).toBeGreaterThanOrEqual(m.inputPerMillion);
    }
  });

  it('knows the list prices (USD per million tokens) and context windows', () => {
    expect(lookupFrontierModel('gpt-4o')).toMatchObject({
      contextWindow: 128_000,
      inputPerMillion: 2.5,
      outputPerMillion: 10,
    });
    expect(lookupFrontierModel('gpt-4o-mini')).toMatchObject({
      inputPerMillion: 0.15,
      outputPerMillion: 0.6,
    });
    expect(lookupFrontierModel('gpt-4.1-nano')).toMatchObject({
      contextWindow: 1_047_576,
      inputPerMillion: 0.1,
    });
    expect(lookupFrontierModel('claude-sonnet-4')).toMatchObject({
      contextWindow: 200_000,
      inputPerMillion: 3,
      outputPerMillion: 15,
    });
  });

  it('tolerates dated snapshots, aliases, previews and path prefixes', () => {
    expect(lookupFrontierModel('gpt-4o-2024-08-06')?.id).toBe('gpt-4o');
    expect(lookupFrontierModel('gpt-4o-mini-2024-07-18')?.id).toBe('gpt-4o-mini');
    expect(lookupFrontierModel('o3-2025-04-16')?.id).toBe('o3');
    expect(lookupFrontierModel('GPT-4.1-2025-04-14')?.id).toBe('gpt-4.1');
    expect(lookupFrontierModel('claude-sonnet-4-20250514')?.id).toBe('claude-sonnet-4');
    expect(lookupFrontierModel('claude-3-5-haiku-latest')?.id).toBe('claude-3-5-haiku');
    expect(lookupFrontierModel('claude-opus-4-0')?.id).toBe('claude-opus-4');
    expect(lookupFrontierModel('claude-opus-4-1-20250805')?.id).toBe('claude-opus-4-1');
    expect(lookupFrontierModel('models/gemini-2.5-flash')?.id).toBe('gemini-2.5-flash');
    expect(lookupFrontierModel('gemini-2.5-flash-preview-05-20')?.id).toBe('gemini-2.5-flash');
    expect(lookupFrontierModel('openai/gpt-4o')?.id).toBe('gpt-4o');
  });

  it('keeps a snapshot with its own price, and never matches by prefix alone', () => {
    expect(lookupFrontierModel('gpt-4o-2024-05-13')).toMatchObject({
      inputPerMillion: 5,
      outputPerMillion: 15,
    });
    expect(lookupFrontierModel('gpt-4o-mini')?.id).not.toBe('gpt-4o');
    expect(lookupFrontierModel('o3-pro')).toBeNull();
    expect(lookupFrontierModel('gpt-4o-audio-preview')).toBeNull();
    expect(lookupFrontierModel('qwen2.5:0.5b')).toBeNull();
  });
});
