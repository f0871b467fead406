import { describe, expect, it } from 'vitest';
import { pairClusters } from '../../src/compare/paired-clusters.js';
import { scoreRecord } from './records.js';

describe('pairClusters', () => {
  it('averages repeats within a case and pairs cases both models scored', () => {
    const cand = [
      scoreRecord({ model: 'c', rowId: 'r1', repeat: 0, score: 1 }),
      scoreRecord({ model: 'c', rowId: 'r1', repeat: 1, score: 0 }),
      scoreRecord({ model: 'c', rowId: 'r2', score: 1 }),
      scoreRecord({ model: 'c', rowId: 'r3', score: null }), // unscored: out
      scoreRecord({ model: 'c', rowId: 'r4', score: 1 }), // baseline errored: out
    ];
    const base = [
      scoreRecord({ model: 'b', role: 'baseline', rowId: 'r1', repeat: 0, score: 1 }),
      scoreRecord({ model: 'b', role: 'baseline', rowId: 'r1', repeat: 1, score: 1 }),
      scoreRecord({ model: 'b', role: 'baseline', rowId: 'r2', score: 0.25 }),
      scoreRecord({ model: 'b', role: 'baseline', rowId: 'r3', score: 1 }),
      scoreRecord({ model: 'b', role: 'baseline', rowId: 'r4', score: null, unscoredBecause: 'error' }),
    ];
    const pairs = pairClusters(cand, base);
    expect(pairs.keys).toEqual(['p\u0000r1', 'p\u0000r2']);
    expect([...pairs.c]).toEqual([0.5, 1]);
    expect([...pairs.b]).toEqual([1, 0.25]);
    // Repeat-matched pass/fail: r1#1 only the baseline passed, r2 only the candidate (0.25 fails).
    expect(pairs.discordant).toEqual({ candidateOnly: 1, baselineOnly: 1 });
    // Per case (r1, r2; r3 and r4 have no repeat both answered with a pass/fail): −1, +1.
    expect([...pairs.caseDiscordance]).toEqual([-1, 1]);
  });

  it('keeps the discordant repeats of a case together for the clustered McNemar test', () => {
    const rec = (model: string, rowId: string, passes: number[]) =>
      passes.map((score, repeat) =>
        scoreRecord({ model, rowId, repeat, score, ...(model === 'b' ? { role: 'baseline' as const } : {}) }),
      );
    // r1: the candidate alone passes repeats 0 and 2, the baseline alone repeat 1: net +1.
    // r2: the baseline alone passes all three: −3. r3: they agree on every repeat: 0.
    const cand = [...rec('c', 'r1', [1, 0, 1]), ...rec('c', 'r2', [0, 0, 0]), ...rec('c', 'r3', [1, 0, 1])];
    const base = [...rec('b', 'r1', [0, 1, 0]), ...rec('b', 'r2', [1, 1, 1]), ...rec('b', 'r3', [1, 0, 1])];
    const pairs = pairClusters(cand, base);
    expect(pairs.discordant).toEqual({ candidateOnly: 2, baselineOnly: 4 });
    expect([...pairs.caseDiscordance]).toEqual([1, -3, 0]);
  });

  it('keeps prompts apart and does not depend on record order', () => {
    const cand = [
      scoreRecord({ model: 'c', rowId: 'r1', promptId: 'a', score: 1 }),
      scoreRecord({ model: 'c', rowId: 'r1', promptId: 'b', score: 0 }),
    ];
    const base = [
      scoreRecord({ model: 'b', rowId: 'r1', promptId: 'b', score: 1, slices: { topic: 'x' } }),
      scoreRecord({ model: 'b', rowId: 'r1', promptId: 'a', score: 1, slices: { topic: 'x' } }),
    ];
    const one = pairClusters(cand, base);
    const two = pairClusters([...cand].reverse(), [...base].reverse());
    expect(one).toEqual(two);
    expect([...one.c]).toEqual([1, 0]);
    expect(one.slices).toEqual([{ topic: 'x' }, { topic: 'x' }]);
  });
});
