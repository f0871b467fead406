import { describe, expect, it } from 'vitest';
import { type DiffSide, diffRuns } from '../../src/compare/diff-runs.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import { UserError } from '../../src/util/user-error.js';
import { modelMeta, resultRecord, runMeta, scoreRecord } from './records.js';

const ROWS = 300;
const rowId = (i: number) => `r${String(i).padStart(3, '0')}`;

interface SideOptions {
  suite?: string;
  runId?: string;
  margin?: { type: 'relative' | 'absolute'; value: number };
  repeats?: number;
  /** Planned calls beyond those recorded, per model: the run stopped short. */
  short?: number;
}

/** A complete run: for each model, whether it passes row i on repeat k. */
function side(
  dir: string,
  passes: Record<string, (i: number, k: number) => boolean>,
  o: SideOptions = {},
): DiffSide {
  const repeats = o.repeats ?? 1;
  const labels = Object.keys(passes);
  const scores: ScoreRecord[] = [];
  const results: ResultRecord[] = [];
  labels.forEach((model, mi) => {
    const role = mi === 0 ? 'baseline' : 'candidate';
    for (let i = 0; i < ROWS; i++)
      for (let k = 0; k < repeats; k++) {
        const pass = (passes[model] as (i: number, k: number) => boolean)(i, k);
        scores.push(scoreRecord({ model, rowId: rowId(i), repeat: k, role, score: pass ? 1 : 0 }));
        results.push(resultRecord({ model, rowId: rowId(i), repeat: k, role }));
      }
  });
  const meta = runMeta(
    labels.map((label, mi) => modelMeta({ label, role: mi === 0 ? 'baseline' : 'candidate' })),
    o.margin ? { margin: o.margin } : {},
    Object.fromEntries(labels.map((l) => [l, ROWS * repeats + (o.short ?? 0)])),
  );
  return {
    dir,
    meta: { ...meta, suite: o.suite ?? 'routing', runId: o.runId ?? dir },
    results,
    scores,
  };
}

const big = (i: number) => i % 10 !== 0; // 90%
const small = (i: number) => i % 10 !== 0;
/** The planted regression: the candidate now also fails rows ending in 1 and 2 (70%). */
const smallWorse = (i: number) => i % 10 > 2;

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('diffRuns', () => {
  it('catches a planted regression and lists the cases that went from pass to fail', () => {
    const diff = diffRuns({
      a: side('runs/a', { big, small }),
      b: side('runs/b', { big, small: smallWorse }),
    });
    const of = (id: string) => diff.models.find((m) => m.id === id);
    expect(diff.regressions).toEqual(['small']);
    expect(of('small')).toMatchObject({ outcome: 'regression', pairs: ROWS, casesOnlyA: 0, casesOnlyB: 0 });
    // Rows ending in 1 or 2 passed in A and fail in B: 60 of them, in case order.
    const lost = of('small')?.passToFail ?? [];
    expect(lost).toHaveLength(60);
    expect(lost.slice(0, 3).map((c) => c.rowId)).toEqual(['r001', 'r002', 'r011']);
    expect(lost[0]).toMatchObject({
      promptId: 'p',
      a: { passed: 1, answered: 1, score: 1 },
      b: { passed: 0, answered: 1, score: 0 },
    });
    expect(of('small')?.failToPass).toEqual([]);
    expect(of('small')?.meanA).toBeCloseTo(0.9, 12);
    expect(of('small')?.meanB).toBeCloseTo(0.7, 12);
    expect(of('small')?.diff).toBeCloseTo(-0.2, 12);
    // mean(d) = 0.7 − 0.95 × 0.9, and the interval the outcome reads lies below 0.
    expect(of('small')?.meanD).toBeCloseTo(0.7 - 0.95 * 0.9, 12);
    expect(of('small')?.ci?.[1]).toBeLessThan(0);
    expect(of('small')?.mcnemarP).toBeLessThan(0.001);
    // The baseline did not change: within the margin, nothing moved.
    expect(of('big')).toMatchObject({ outcome: 'no-regression', passToFail: [], failToPass: [] });
  });

  it('passes an unchanged run: no regression, no changed case', () => {
    const a = side('runs/a', { big, small });
    const diff = diffRuns({ a, b: { ...side('runs/b', { big, small }) } });
    expect(diff.regressions).toEqual([]);
    for (const m of diff.models) {
      expect(m.outcome).toBe('no-regression');
      expect(m.passToFail).toEqual([]);
      expect(m.failToPass).toEqual([]);
      expect(m.diff).toBe(0);
      expect(m.mcnemarP).toBeNull();
    }
    expect(diff).toMatchObject({ margin: { type: 'relative', value: 0.05 }, confidence: 0.95 });
    expect(diff.overrides).toBeUndefined();
  });

  it('lists cases that got better, and counts a repeat lost as pass → fail', () => {
    const diff = diffRuns({
      a: side('a', { big, small: (i) => i % 10 > 0 && i !== 5 }, { repeats: 3 }),
      // Row 5 now passes every repeat; row 7 loses its second repeat.
      b: side('b', { big, small: (i, k) => i % 10 > 0 && !(i === 7 && k === 1) }, { repeats: 3 }),
    });
    const small = diff.models.find((m) => m.id === 'small');
    expect(small?.failToPass).toEqual([
      {
        promptId: 'p',
        rowId: 'r005',
        a: { passed: 0, answered: 3, score: 0 },
        b: { passed: 3, answered: 3, score: 1 },
      },
    ]);
    expect(small?.passToFail.map((c) => [c.rowId, c.a.passed, c.b.passed])).toEqual([['r007', 3, 2]]);
  });

  it('compares only the shared cases and models, and says which are left out', () => {
    const a = side('a', { big, small, gone: big });
    const b = side('b', { big, small, fresh: big });
    // B ran 20 rows fewer of small's (a smaller dataset), and A lacks five of B's.
    b.scores = b.scores.filter((s) => !(s.model === 'small' && s.rowId >= 'r280'));
    a.scores = a.scores.filter((s) => !(s.model === 'small' && s.rowId < 'r005'));
    a.results = a.results.filter((r) => a.scores.some((s) => s.caseId === r.caseId));
    b.results = b.results.filter((r) => b.scores.some((s) => s.caseId === r.caseId));
    a.meta = { ...a.meta, planned: undefined };
    b.meta = { ...b.meta, planned: undefined };
    expect(userError(() => diffRuns({ a, b })).exitCode).toBe(3);
    const plan = (s: DiffSide) =>
      Object.fromEntries(
        ['big', 'small', 'gone', 'fresh'].map((l) => [l, s.results.filter((r) => r.model === l).length]),
      );
    a.meta = { ...a.meta, planned: plan(a) };
    b.meta = { ...b.meta, planned: plan(b) };
    const diff = diffRuns({ a, b });
    expect(diff.onlyInA).toEqual(['gone']);
    expect(diff.onlyInB).toEqual(['fresh']);
    expect(diff.models.map((m) => m.id)).toEqual(['big', 'small']);
    expect(diff.models[1]).toMatchObject({ pairs: 275, casesOnlyA: 20, casesOnlyB: 5 });
  });

  it('refuses runs of two suites, and runs with no case in common (exit 2)', () => {
    const e = userError(() =>
      diffRuns({ a: side('runs/a', { big, small }), b: side('runs/b', { big, small }, { suite: 'other' }) }),
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      'runs/a is a run of suite "routing" and runs/b of suite "other": a diff compares two runs of one suite',
    );
    const b = side('runs/b', { big, small });
    b.scores = b.scores.map((s) => ({ ...s, rowId: `new-${s.rowId}` }));
    const none = userError(() => diffRuns({ a: side('runs/a', { big, small }), b }));
    expect(none.exitCode).toBe(2);
    expect(none.message).toContain('no case scored in both runs');
    const strangers = userError(() => diffRuns({ a: side('a', { big }), b: side('b', { other: big }) }));
    expect(strangers.message).toContain('no model in common');
  });

  it('refuses runs at different margins unless a flag chooses one, and records the choice', () => {
    const a = side('a', { big, small });
    const b = side('b', { big, small }, { margin: { type: 'absolute', value: 0.02 } });
    const e = userError(() => diffRuns({ a, b }));
    expect(e.exitCode).toBe(2);
    expect(e.field).toBe('--margin');
    expect(e.message).toContain('(A: relative 0.05, B: absolute 0.02)');
    const diff = diffRuns({ a, b, overrides: { margin: { type: 'relative', value: 0.1 } } });
    expect(diff.margin).toEqual({ type: 'relative', value: 0.1 });
    expect(diff.overrides).toEqual({
      margin: {
        a: { type: 'relative', value: 0.05 },
        b: { type: 'absolute', value: 0.02 },
        used: { type: 'relative', value: 0.1 },
      },
    });
  });

  it('refuses a run that stopped short (exit 3), naming it and how to finish it', () => {
    const e = userError(() =>
      diffRuns({ a: side('runs/a', { big, small }), b: side('runs/b', { big, small }, { short: 4 }) }),
    );
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(
      /^runs\/b is incomplete, so its figures are partial: big: 300 of 304 calls recorded/,
    );
    expect(e.hint).toBe('finish it with `rightsize run /tmp/demo.yaml --resume runs/b`, then diff again');
  });

  it('says which parts of the fingerprint differ', () => {
    const fp = (prompts: string) => ({
      hash: prompts,
      parts: {
        suite: 's',
        dataset: 'd',
        prompts,
        models: 'm',
        scoring: 'x',
        settings: 'y',
        concurrency: 'c',
      },
    });
    const a = side('a', { big, small });
    const b = side('b', { big, small });
    expect(diffRuns({ a, b }).differs).toBeNull();
    a.meta = { ...a.meta, fingerprint: fp('p1') };
    b.meta = { ...b.meta, fingerprint: fp('p2') };
    expect(diffRuns({ a, b }).differs).toEqual(['the prompts']);
  });

  it('pairs by row when each run has one prompt under another id (an edited prompt), and says so', () => {
    const b = side('b', { big, small: smallWorse });
    b.scores = b.scores.map((s) => ({ ...s, promptId: 'prompt-edited' }));
    const diff = diffRuns({ a: side('a', { big, small }), b });
    expect(diff.promptsPaired).toEqual({ a: 'p', b: 'prompt-edited' });
    expect(diff.regressions).toEqual(['small']);
    expect(diff.models.map((m) => m.pairs)).toEqual([ROWS, ROWS]);
    // With two prompts in a run there is no telling which replaced which: only ids pair.
    const two = side('b', { big, small });
    two.scores = two.scores.map((s, i) => ({ ...s, promptId: i % 2 ? 'q1' : 'q2' }));
    expect(userError(() => diffRuns({ a: side('a', { big, small }), b: two })).exitCode).toBe(2);
  });
});
