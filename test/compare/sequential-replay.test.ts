import { describe, expect, it } from 'vitest';
import { marginStatistic } from '../../src/compare/margin-statistic.js';
import { replaySequential } from '../../src/compare/sequential-replay.js';
import { sequentialVerdict } from '../../src/compare/sequential-verdict.js';
import type { RunDecide } from '../../src/schema/decide.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import { resultRecord, scoreRecord } from './records.js';

const margin = { type: 'relative', value: 0.05 } as const;

/**
 * A candidate and a baseline over `n` cases in sequence order: case p is row `r{p}`. The candidate
 * passes where `candidatePasses(p)`, the baseline where `baselinePasses(p)`; cases from `stopAt` on
 * have no records (a run cut there).
 */
function records(
  n: number,
  candidatePasses: (p: number) => boolean,
  baselinePasses: (p: number) => boolean,
  opts: { candidateStopAt?: number; erroredAt?: number } = {},
) {
  const out = {
    candidateResults: [] as ResultRecord[],
    baselineResults: [] as ResultRecord[],
    candidateScores: [] as ScoreRecord[],
    baselineScores: [] as ScoreRecord[],
  };
  for (let p = 0; p < n; p++) {
    const rowId = `r${p}`;
    out.baselineResults.push(resultRecord({ model: 'big', role: 'baseline', rowId, sequence: p }));
    out.baselineScores.push(
      scoreRecord({ model: 'big', role: 'baseline', rowId, score: baselinePasses(p) ? 1 : 0 }),
    );
    if (p >= (opts.candidateStopAt ?? n)) continue;
    out.candidateResults.push(resultRecord({ model: 'small', rowId, sequence: p }));
    out.candidateScores.push(
      scoreRecord({ model: 'small', rowId, score: p === opts.erroredAt ? null : candidatePasses(p) ? 1 : 0 }),
    );
  }
  return out;
}

const decide = (rounds: number[], batch = 50): RunDecide => ({
  mode: 'sequential',
  batch,
  maxCases: null,
  repeat: 1,
  rounds: rounds.map((casesAvailable) => ({ casesAvailable })),
});

/** Undecidable for a long while: the candidate wins and loses alike (d = +1 and −0.95 in turn). */
const alternate = (p: number) => p % 2 === 0;
const opposite = (p: number) => p % 2 === 1;

describe('replaySequential', () => {
  it('looks after every batch and at the end of each round, where the run looked', () => {
    // Round one offered 130 cases; the dataset then grew to 400, and the records reach 200.
    const r = replaySequential({
      decide: decide([130, 400]),
      margin,
      confidence: 0.95,
      seed: 1,
      ...records(200, alternate, opposite),
    });
    // 50, 100, 130 (the first round's end), 150, 200.
    expect(r.looks).toBe(5);
    expect(r.casesUsed).toBe(200);
    expect(r.stoppedAt).toBe('records-end');
    expect(r.verdict).toBe('inconclusive');
  });

  it('the end of the data is a look and stops the candidate, with how many more cases would likely settle it', () => {
    // In every 10 cases: 6 both pass, 2 only the candidate, 1 only the baseline, 1 neither (mean(d) = 0.14).
    const j = (p: number) => p % 10;
    const cases = records(
      130,
      (p) => j(p) < 8,
      (p) => j(p) < 6 || j(p) === 8,
    );
    const r = replaySequential({ decide: decide([130]), margin, confidence: 0.95, seed: 1, ...cases });
    expect(r).toMatchObject({ looks: 3, casesUsed: 130, stoppedAt: 'end-of-data', verdict: 'inconclusive' });
    // Further cases like these would settle it: a number past the data, at a look (a batch boundary).
    expect(r.moreCasesNeeded).toBeGreaterThan(0);
    expect(((r.moreCasesNeeded ?? 0) + 130) % 50).toBe(0);
    const maxed = replaySequential({
      decide: { ...decide([130]), maxCases: 130 },
      margin,
      confidence: 0.95,
      seed: 1,
      ...cases,
    });
    expect(maxed.stoppedAt).toBe('max-cases');
  });

  it('reads the stream to its last look: a batch cut short by a kill is not looked at', () => {
    const r = replaySequential({
      decide: decide([1000]),
      margin,
      confidence: 0.95,
      seed: 1,
      ...records(400, alternate, opposite, { candidateStopAt: 175 }),
    });
    expect(r).toMatchObject({ looks: 3, casesUsed: 150, stoppedAt: 'records-end' });
    expect(r.used.size).toBe(150);
  });

  it('decides as sequentialVerdict does on the same d, stopping at the first look that settles', () => {
    // Both pass every case: d = 0.05 each time; the CS clears 0 at some look, then the stream is ignored.
    const all = records(
      600,
      () => true,
      () => true,
    );
    const r = replaySequential({ decide: decide([600]), margin, confidence: 0.95, seed: 1, ...all });
    const direct = sequentialVerdict(
      Array.from({ length: 600 }, () => marginStatistic(1, 1, margin)),
      { margin, confidence: 0.95, batch: 50 },
    );
    expect(r.verdict).toBe('switch');
    expect(r.stoppedAt).toBe('decided');
    expect([r.casesUsed, r.looks, r.ci, r.meanD]).toEqual([
      direct.casesUsed,
      direct.looks,
      direct.ci,
      direct.meanD,
    ]);
    expect(r.moreCasesNeeded).toBeNull();
  });

  it('a case whose call failed is used but unpaired', () => {
    const all = records(100, alternate, opposite, { erroredAt: 3 });
    const r = replaySequential({ decide: decide([100]), margin, confidence: 0.95, seed: 1, ...all });
    expect(r.casesUsed).toBe(100);
    expect(r.pairs).toBe(99);
  });
});
