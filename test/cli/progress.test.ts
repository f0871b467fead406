import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeProgress, type Progress } from '../../src/cli/progress.js';
import type { RunPlan } from '../../src/run/execute-run.js';
import { resultRecord } from '../compare/records.js';

/**
 * The run the estimate went wrong on: a recorded baseline answers its 200 calls at once, then an
 * in-process model loads for about 4 s and answers 4 a second. Times in ms from the start.
 */
const PLAN: RunPlan = {
  total: 400,
  alreadyDone: 0,
  models: [
    { label: 'gpt', total: 200, alreadyDone: 0, local: false },
    { label: 'slm', total: 200, alreadyDone: 0, local: true },
  ],
};
const EVENTS = [
  ...Array.from({ length: 200 }, (_, i) => ({ at: 1 + Math.floor(i / 4), model: 'gpt' })),
  ...Array.from({ length: 200 }, (_, i) => ({ at: 4400 + i * 250, model: 'slm' })),
].sort((a, b) => a.at - b.at);

/** Plays the run's answers on fake timers up to `until` ms (no sleeping). */
function play(progress: Progress, from: number, until: number): void {
  let t = from;
  for (const e of EVENTS) {
    if (e.at <= from || e.at > until) continue;
    vi.advanceTimersByTime(e.at - t);
    t = e.at;
    progress.record(resultRecord({ model: e.model, rowId: `r${e.at}` }));
  }
  vi.advanceTimersByTime(until - t);
}

/** Seconds the slm's remaining calls really take after `ms`: its next answers are 250 ms apart. */
function trulyLeft(ms: number): number {
  const last = EVENTS[EVENTS.length - 1]?.at ?? 0;
  return (last - ms) / 1000;
}

function etaSeconds(text: string): { seconds: number; atLeast: boolean } | null {
  const m = /ETA (≥ )?(?:(\d+)m )?(\d+)s/.exec(text);
  if (!m) return null;
  return { seconds: Number(m[2] ?? 0) * 60 + Number(m[3]), atLeast: m[1] !== undefined };
}

/** Where a terminal redraw starts: the cursor back to the line's start. */
const CURSOR_MOVE = new RegExp(`${String.fromCharCode(27)}\\[\\d*G|\\r`);

describe('makeProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('in CI lines, estimates from the running model, not from instant answers mixed with slow ones', () => {
    const lines: string[] = [];
    const progress = makeProgress('lines', (l) => lines.push(l));
    progress.start(PLAN.total, PLAN.alreadyDone, PLAN.models);
    play(progress, 0, 5000);
    // One line every 5 s: 203 of 400 done, the baseline's 200 in the first 50 ms.
    const early = lines.at(-1) ?? '';
    expect(early).toMatch(/^progress: 203\/400 calls, 0 errors, 0 cached, /);
    expect(early).not.toContain('40.6/s');
    // Never a figure shorter than what is truly left (49 s); with only 3 answers it may be unknown.
    const e1 = etaSeconds(early);
    if (e1 !== null) expect(e1.seconds).toBeGreaterThanOrEqual(trulyLeft(5000));
    else expect(early).toContain('ETA unknown');

    play(progress, 5000, 15_000);
    // Its recent answers say 4 a second: 157 calls left, 39 s.
    const later = lines.at(-1) ?? '';
    expect(later).toMatch(/^progress: 243\/400 calls, .*, 3\.9\/s, ETA \d+s$/);
    const e2 = etaSeconds(later);
    expect(e2?.atLeast).toBe(false);
    expect(e2?.seconds).toBeGreaterThanOrEqual(trulyLeft(15_000));
    expect(e2?.seconds).toBeLessThanOrEqual(trulyLeft(15_000) * 1.1);
    progress.stop();
  });

  it('marks a lower bound while a local model has not started', () => {
    const lines: string[] = [];
    const progress = makeProgress('lines', (l) => lines.push(l));
    progress.start(60, 0, [
      { label: 'a', total: 10, alreadyDone: 0, local: true },
      { label: 'b', total: 50, alreadyDone: 0, local: true },
    ]);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      progress.record(resultRecord({ model: 'a', rowId: `r${i}` }));
    }
    progress.stop();
    expect(lines.at(-1)).toBe('progress: 5/60 calls, 0 errors, 0 cached, 1.0/s, ETA ≥ 5s');
  });

  it('on a terminal, the bar shows the same per-model estimate', () => {
    let drawn = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        drawn += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    Object.assign(stream, { isTTY: true, columns: 200 });
    const progress = makeProgress('tty', () => {}, { stream });
    progress.start(PLAN.total, PLAN.alreadyDone, PLAN.models);
    play(progress, 0, 15_000);
    progress.stop();
    // The last drawing (after the last carriage movement) is the bar's final state.
    const last =
      drawn
        .split(CURSOR_MOVE)
        .filter((s) => s.includes('calls'))
        .at(-1) ?? '';
    expect(last).toContain('243/400 calls | 0 errors | 0 cached | 3.9/s | ETA');
    const e = etaSeconds(last);
    expect(e?.seconds).toBeGreaterThanOrEqual(trulyLeft(15_000));
    expect(e?.seconds).toBeLessThanOrEqual(trulyLeft(15_000) * 1.1);
  });

  it('draws and writes nothing with --quiet', () => {
    const lines: string[] = [];
    const progress = makeProgress('none', (l) => lines.push(l));
    progress.start(PLAN.total, 0, PLAN.models);
    play(progress, 0, 10_000);
    progress.stop();
    expect(lines).toEqual([]);
  });
});
