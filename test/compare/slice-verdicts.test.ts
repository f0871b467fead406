import { describe, expect, it } from 'vitest';
import { nonInferiority } from '../../src/compare/non-inferiority.js';
import type { PairedClusters } from '../../src/compare/paired-clusters.js';
import { sliceSubset, slicesNote, sliceVerdicts } from '../../src/compare/slice-verdicts.js';

const opts = {
  margin: { type: 'relative' as const, value: 0.05 },
  confidence: 0.95,
};

/** 200 cases: in `easy` the candidate matches the baseline's 95%; in `hard` it fails half the time. */
function pairs(): PairedClusters {
  const keys: string[] = [];
  const slices: Record<string, string>[] = [];
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 200; i++) {
    const easy = i % 2 === 0;
    keys.push(`p\u0000r${String(i).padStart(3, '0')}`);
    slices.push(easy ? { level: 'easy', lang: i % 4 === 0 ? 'en' : 'de' } : { level: 'hard' });
    b.push(i % 20 === 0 ? 0 : 1);
    c.push(easy ? (i % 20 === 0 ? 0 : 1) : i % 4 === 1 ? 0 : 1);
  }
  return {
    keys,
    slices,
    c: Float64Array.from(c),
    b: Float64Array.from(b),
    discordant: { candidateOnly: 0, baselineOnly: 0 },
    caseDiscordance: new Int32Array(0),
  };
}

describe('sliceVerdicts', () => {
  it('judges each slice value on its own cases, exactly as the overall verdict', () => {
    const p = pairs();
    const verdicts = sliceVerdicts(p, ['level', 'lang'], opts);
    expect(verdicts.map((v) => [v.slice, v.value, v.cases])).toEqual([
      ['level', 'easy', 100],
      ['level', 'hard', 100],
      // A case without the column is filed under ''.
      ['lang', '', 100],
      ['lang', 'de', 50],
      ['lang', 'en', 50],
    ]);
    const easy = verdicts[0];
    const hard = verdicts[1];
    expect(hard?.verdict).toBe('keep');
    const subset = sliceSubset(p, 'level', 'easy');
    const direct = nonInferiority(subset.c, subset.b, opts);
    expect(easy).toMatchObject({
      verdict: direct.verdict,
      ci: direct.ci,
      diff: direct.diff,
      meanD: direct.meanD,
    });
  });

  it('notes the multiple-comparison caveat only when slices were tested', () => {
    expect(slicesNote(0, 0.95)).toBeNull();
    const note = slicesNote(8, 0.95) as string;
    expect(note).toContain('8 separate tests');
    // 8 slices × 2.5% one-sided = 0.2 expected false `switch` verdicts.
    expect(note).toContain('about 0.2 of them');
    expect(note).toContain('no correction for multiple comparisons');
  });
});
