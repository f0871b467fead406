import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/run/rate-limiter.js';

/** A clock that only moves when the limiter waits, so the spacing is checked without real time. */
function fakeClock() {
  const state = { now: 1_000, waits: [] as number[] };
  return {
    state,
    now: () => state.now,
    wait: async (ms: number) => {
      state.waits.push(ms);
      state.now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('spaces calls 60 000 / rpm ms apart', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(120, clock.now, clock.wait);
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.take();
      starts.push(clock.state.now);
    }
    expect(starts).toEqual([1_000, 1_500, 2_000, 2_500]);
  });

  it('does not wait when calls are already slower than the limit', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(60, clock.now, clock.wait);
    await limiter.take();
    clock.state.now += 5_000;
    await limiter.take();
    expect(clock.state.waits).toEqual([]);
  });

  it('shares the budget among concurrent workers', async () => {
    // Three workers ask at the same instant: the first goes now, the others queue behind it.
    const waits: number[] = [];
    const limiter = new RateLimiter(
      600,
      () => 1_000,
      async (ms) => {
        waits.push(ms);
      },
    );
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(waits).toEqual([100, 200]);
  });
});
