import { describe, expect, it } from 'vitest';
import { queueing, spearman } from '../../src/compare/queueing.js';
import { resultRecord } from './records.js';

describe('spearman', () => {
  it('matches scipy.stats.spearmanr', () => {
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic (the example in scipy's docs)
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
    // ties on both sides: spearmanr([1, 1, 2, 2, 3], [3, 1, 2, 2, 5]).statistic
    expect(spearman([1, 1, 2, 2, 3], [3, 1, 2, 2, 5])).toBeCloseTo(0.5407380704358752, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('queueing', () => {
  const calls = (pairs: [number | null, number][], over: object = {}) =>
    pairs.map(([inFlight, ttftMs], i) =>
      resultRecord({ model: 'm', rowId: `r${i}`, inFlight, ttftMs, ...over }),
    );

  it('flags TTFT that grows with the calls in flight (a one-slot server behind 4 calls at once)', () => {
    // As measured against llama.cpp with one slot: each call waits for the ones sent before it.
    const records = calls([
      [1, 69],
      [2, 94],
      [3, 113],
      [4, 137],
      [4, 154],
      [4, 165],
      [4, 178],
      [4, 192],
    ]);
    expect(queueing(records)).toBe(true);
  });

  it('does not flag calls in flight that do not slow each other (a server with enough slots)', () => {
    const records = calls([
      [1, 70],
      [2, 72],
      [3, 69],
      [4, 71],
      [4, 68],
      [4, 73],
      [4, 70],
      [4, 69],
    ]);
    expect(queueing(records)).toBe(false);
  });

  it('is false when every call went alone, and null when the records cannot tell', () => {
    expect(
      queueing(
        calls([
          [1, 50],
          [1, 500],
          [1, 60],
        ]),
      ),
    ).toBe(false);
    expect(
      queueing(
        calls([
          [null, 50],
          [null, 500],
        ]),
      ),
    ).toBeNull();
    expect(
      queueing(
        calls([
          [1, 50],
          [2, 500],
        ]),
      ),
    ).toBeNull(); // too few calls to tell
    expect(
      queueing(
        calls([
          [4, 50],
          [4, 60],
        ]),
      ),
    ).toBeNull(); // one level, not 1: nothing to compare with
  });

  it('leaves cached answers out: no call of this run was timed', () => {
    const records = calls(
      [
        [1, 69],
        [2, 94],
        [3, 113],
        [4, 137],
        [4, 154],
        [4, 165],
      ],
      { cached: true },
    );
    expect(queueing(records)).toBeNull();
  });
});
