import { describe, expect, it } from 'vitest';
import { compareFolderName, compareOverrides } from '../../src/cli/compare-flags.js';
import { UserError } from '../../src/util/user-error.js';

describe('compareOverrides', () => {
  it('holds gate flags to the suite gate rules (one definition): bad input is exit 2, naming the flag', () => {
    let caught: unknown;
    try {
      compareOverrides({ minPassRate: 1.5 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).exitCode).toBe(2);
    expect((caught as UserError).field).toBe('--min-pass-rate');
    expect(() => compareOverrides({ maxLatencyP95: 0 })).toThrow(UserError);
    expect(compareOverrides({ minPassRate: 0.8, maxLatencyP95: 900 })).toEqual({
      gate: { minPassRate: 0.8, maxLatencyP95Ms: 900 },
    });
    expect(compareOverrides({})).toBeUndefined();
  });

  it('reads --require-switch candidate:deployment, alone or in a list', () => {
    expect(compareOverrides({ requireSwitch: 'qwen:cascade' })).toEqual({
      gate: { requireSwitch: { candidate: 'qwen', deployment: 'cascade' } },
    });
    expect(compareOverrides({ requireSwitch: 'qwen:unsure, llama' })).toEqual({
      gate: { requireSwitch: [{ candidate: 'qwen', deployment: 'unsure' }, 'llama'] },
    });
    expect(compareOverrides({ requireSwitch: 'any' })).toEqual({ gate: { requireSwitch: 'any' } });
    // Split at the last colon; compare puts a provider-id label back together (switch-requirements.ts).
    expect(compareOverrides({ requireSwitch: 'ollama:qwen2.5:0.5b:all' })).toEqual({
      gate: { requireSwitch: { candidate: 'ollama:qwen2.5:0.5b', deployment: 'all' } },
    });
  });
});

describe('compareFolderName', () => {
  it('names the folder after every setting changed', () => {
    expect(
      compareFolderName({
        margin: { suite: { type: 'relative', value: 0.05 }, used: { type: 'relative', value: 0.1 } },
      }),
    ).toBe('compare-margin-10pct');
    expect(
      compareFolderName({
        margin: { suite: null, used: { type: 'absolute', value: 0.02 } },
        confidence: { suite: 0.95, used: 0.9 },
        'gate.requireSwitch': { suite: 'any', used: ['qwen', 'llama'] },
        'gate.maxLatencyP95Ms': { suite: null, used: 2000 },
        'gate.maxCostPer1k': { suite: null, used: 0.5 },
      }),
    ).toBe(
      'compare-margin-abs-0.02-confidence-90pct-require-switch-qwen+llama-max-latency-p95-2000ms-max-cost-per-1k-0.5',
    );
    expect(
      compareFolderName({
        'gate.requireSwitch': { suite: 'any', used: { candidate: 'qwen', deployment: 'cascade' } },
      }),
    ).toBe('compare-require-switch-qwen_cascade');
    expect(
      compareFolderName({
        'gate.requireSwitch': { suite: null, used: [{ candidate: 'qwen', deployment: 'unsure' }, 'llama'] },
      }),
    ).toBe('compare-require-switch-qwen_unsure+llama');
  });
});
