import { describe, expect, it } from 'vitest';
import { EtaEstimator, formatDuration, formatEta, type PlannedModel } from '../../src/cli/eta.js';

/** A clock the test moves by hand: no sleeping. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, at: (seconds: number) => (t = start + seconds * 1000) };
}

const live = (model: string) => ({ model, cached: false });

describe('EtaEstimator', () => {
  it('estimates from the slow model still running, not from a recorded baseline that answered at once', () => {
    const clock = fakeClock();
    const plan: PlannedModel[] = [
      { label: 'gpt', total: 200, alreadyDone: 0, local: false },
      { label: 'slm', total: 200, alreadyDone: 0, local: true },
    ];
    const eta = new EtaEstimator(400, 0, plan, { now: clock.now });
    // The recorded baseline answers all 200 in the first tenth of a second.
    for (let i = 1; i <= 200; i++) {
      clock.at(i * 0.0005);
      eta.record(live('gpt'));
    }
    // The in-process model answers 4 a second.
    for (let i = 1; i <= 20; i++) {
      clock.at(i * 0.25);
      eta.record(live('slm'));
    }
    // 220 of 400 done after 5 s: one rate for all calls would say 44/s and 4 s left.
    const e = eta.estimate();
    expect(e.atLeast).toBe(false);
    expect(e.rate).toBeCloseTo(4, 6);
    expect(e.seconds).toBeCloseTo(180 / 4, 6);
    expect(formatEta(e)).toBe('ETA 45s');
  });

  it('a model a sequential run stopped leaves the estimate: its planned calls left are not waited for', () => {
    const clock = fakeClock();
    const plan: PlannedModel[] = [
      { label: 'gpt', total: 1000, alreadyDone: 0, local: false },
      { label: 'slm', total: 1000, alreadyDone: 0, local: false },
    ];
    const eta = new EtaEstimator(2000, 0, plan, { now: clock.now });
    // gpt answers 10 a second, slm 2 a second, for 10 s.
    for (let i = 1; i <= 100; i++) {
      clock.at(i * 0.1);
      eta.record(live('gpt'));
    }
    for (let i = 1; i <= 20; i++) {
      clock.at(i * 0.5);
      eta.record(live('slm'));
    }
    expect(eta.estimate().seconds).toBeCloseTo(980 / 2, 6);
    // slm settled after 20 calls: 980 dropped, and gpt's 900 calls at 10/s are what is left.
    expect(eta.settle('slm')).toBe(980);
    expect(eta.estimate().seconds).toBeCloseTo(900 / 10, 6);
    expect(eta.settle('slm')).toBe(0);
  });

  it('measures a model over its recent answers, so a slow start (loading the model) drops out', () => {
    const clock = fakeClock();
    const eta = new EtaEstimator(100, 0, [{ label: 'slm', total: 100, alreadyDone: 0, local: true }], {
      now: clock.now,
      window: 10,
    });
    // 10 s to load, then 2 answers a second.
    for (let i = 1; i <= 30; i++) {
      clock.at(10 + i * 0.5);
      eta.record(live('slm'));
    }
    expect(eta.rateOf('slm')).toBeCloseTo(2, 6);
    expect(eta.estimate().seconds).toBeCloseTo(70 / 2, 6);
  });

  it('adds up local models (one after another) and takes the longest remote one alongside', () => {
    const clock = fakeClock();
    const plan: PlannedModel[] = [
      { label: 'a', total: 20, alreadyDone: 0, local: true },
      { label: 'b', total: 20, alreadyDone: 0, local: true },
      { label: 'api', total: 100, alreadyDone: 0, local: false },
    ];
    const eta = new EtaEstimator(140, 0, plan, { now: clock.now });
    // Local a: 1 a second for 20 s; then b starts and answers 2 a second; the API 1 a second throughout.
    for (let s = 1; s <= 20; s++) {
      clock.at(s);
      eta.record(live('a'));
      eta.record(live('api'));
    }
    for (let i = 1; i <= 10; i++) {
      clock.at(20 + i * 0.5);
      eta.record(live('b'));
      if (i % 2 === 0) eta.record(live('api'));
    }
    // At 25 s: b has 10 left at 2/s (5 s), the API 75 left at 1/s (75 s).
    expect(eta.rateOf('b')).toBeCloseTo(2, 6);
    expect(eta.rateOf('api')).toBeCloseTo(1, 6);
    expect(eta.estimate()).toMatchObject({ atLeast: false, rate: 3 });
    expect(eta.estimate().seconds).toBeCloseTo(75, 6);
    // The API finishing early leaves the local time.
    for (let i = 0; i < 75; i++) eta.record(live('api'));
    expect(eta.estimate().seconds).toBeCloseTo(5, 6);
  });

  it('invents no rate for a model that has not started: the figure is a lower bound, or unknown', () => {
    const clock = fakeClock();
    const plan: PlannedModel[] = [
      { label: 'first', total: 10, alreadyDone: 0, local: true },
      { label: 'second', total: 50, alreadyDone: 0, local: true },
    ];
    const eta = new EtaEstimator(60, 0, plan, { now: clock.now });
    expect(eta.estimate()).toEqual({ seconds: null, atLeast: true, rate: null });
    expect(formatEta(eta.estimate())).toBe('ETA unknown');
    clock.at(1);
    for (let i = 1; i <= 4; i++) {
      clock.at(i);
      eta.record(live('first'));
    }
    // first: 6 left at 1/s; second has not started: at least 6 s, and said so.
    const e = eta.estimate();
    expect(e.atLeast).toBe(true);
    expect(e.seconds).toBeCloseTo(6, 6);
    expect(formatEta(e)).toBe('ETA ≥ 6s');
    expect(eta.rateOf('second')).toBeNull();
  });

  it('counts cached and skipped answers as done, never as speed', () => {
    const clock = fakeClock();
    const eta = new EtaEstimator(100, 0, [{ label: 'slm', total: 100, alreadyDone: 0, local: true }], {
      now: clock.now,
    });
    clock.at(0.01);
    for (let i = 0; i < 50; i++) eta.record({ model: 'slm', cached: true });
    for (let i = 0; i < 10; i++) eta.record({ model: 'slm', cached: false, skipped: 'context_overflow' });
    // Only instant answers so far: no rate, no figure.
    expect(eta.estimate()).toEqual({ seconds: null, atLeast: true, rate: null });
    for (let i = 1; i <= 10; i++) {
      clock.at(i * 0.5);
      eta.record(live('slm'));
    }
    // 30 left at 2/s, not at the 140/s the instant ones would suggest.
    expect(eta.rateOf('slm')).toBeCloseTo(2, 6);
    expect(eta.estimate().seconds).toBeCloseTo(15, 6);
  });

  it('resumes: calls already recorded are done, and a model with none left is not waited for', () => {
    const clock = fakeClock();
    const plan: PlannedModel[] = [
      { label: 'done', total: 30, alreadyDone: 30, local: true },
      { label: 'half', total: 30, alreadyDone: 15, local: true },
    ];
    const eta = new EtaEstimator(60, 45, plan, { now: clock.now });
    for (let i = 1; i <= 5; i++) {
      clock.at(i);
      eta.record(live('half'));
    }
    expect(eta.estimate()).toMatchObject({ atLeast: false, rate: 1 });
    expect(eta.estimate().seconds).toBeCloseTo(10, 6);
  });

  it('without a plan per model (judging), takes every call as one stream', () => {
    const clock = fakeClock();
    const eta = new EtaEstimator(40, 0, undefined, { now: clock.now });
    for (let i = 1; i <= 10; i++) {
      clock.at(i);
      eta.record(live('judge'));
    }
    expect(eta.estimate().seconds).toBeCloseTo(30, 6);
  });

  it('slows its rate while a model stalls, rather than keep promising', () => {
    const clock = fakeClock();
    const eta = new EtaEstimator(20, 0, [{ label: 'm', total: 20, alreadyDone: 0, local: false }], {
      now: clock.now,
    });
    for (let i = 1; i <= 10; i++) {
      clock.at(i);
      eta.record(live('m'));
    }
    expect(eta.estimate().seconds).toBeCloseTo(10, 6);
    clock.at(20);
    expect(eta.estimate().seconds).toBeCloseTo(20, 6);
  });
});

describe('formatDuration', () => {
  it('rounds up and switches units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(44.2)).toBe('45s');
    expect(formatDuration(125)).toBe('2m 05s');
    expect(formatDuration(3599.5)).toBe('1h 00m');
    expect(formatDuration(3725)).toBe('1h 03m');
  });
});
