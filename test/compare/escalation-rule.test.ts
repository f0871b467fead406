import { describe, expect, it } from 'vitest';
import { confidenceSignal, escalates, escalationRule } from '../../src/compare/escalation-rule.js';

describe('escalates', () => {
  const both = { checks: true, confidence: true } as const;

  it('any: a check failing or a confidence below the threshold is enough; a null never escalates', () => {
    const any = { when: 'any', ...both } as const;
    expect(escalates(any, true, false)).toBe(true);
    expect(escalates(any, false, true)).toBe(true);
    expect(escalates(any, false, false)).toBe(false);
    expect(escalates(any, null, true)).toBe(true);
    expect(escalates(any, true, null)).toBe(true);
    expect(escalates(any, null, null)).toBe(false);
  });

  it('all: every signal the policy has must say escalate; a null counts as not escalating', () => {
    const all = { when: 'all', ...both } as const;
    expect(escalates(all, true, true)).toBe(true);
    expect(escalates(all, true, false)).toBe(false);
    expect(escalates(all, true, null)).toBe(false);
    expect(escalates(all, null, null)).toBe(false);
    // A policy with only one kind of signal: `all` is that signal.
    expect(escalates({ when: 'all', checks: false, confidence: true }, null, true)).toBe(true);
    expect(escalates({ when: 'all', checks: true, confidence: false }, true, null)).toBe(true);
  });

  it('reads the confidence strictly below the threshold, null when unknown', () => {
    expect(confidenceSignal(0.4, 0.5)).toBe(true);
    expect(confidenceSignal(0.5, 0.5)).toBe(false);
    expect(confidenceSignal(null, 0.5)).toBeNull();
    expect(escalationRule({ id: 'x', checks: true })).toEqual({
      when: 'any',
      checks: true,
      confidence: false,
    });
    expect(escalationRule({ id: 'x', when: 'all', checks: false, confidence: { from: 'repeats' } })).toEqual({
      when: 'all',
      checks: false,
      confidence: true,
    });
  });
});
