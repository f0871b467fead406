import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { callSignal } from '../../src/models/http-failure.js';

describe('callSignal', () => {
  it('gives each call its own signal and leaves no listener on the run-wide one', () => {
    const run = new AbortController();
    const calls = Array.from({ length: 8 }, () => callSignal(run.signal, undefined));
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(8);
    for (const c of calls) c.dispose();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    expect(calls[0]?.signal).not.toBe(run.signal);
  });

  it('aborts the call when the caller aborts, and tells a timeout apart', async () => {
    const run = new AbortController();
    const call = callSignal(run.signal, 60_000);
    run.abort(new Error('Ctrl-C'));
    expect(call.signal?.aborted).toBe(true);
    expect(call.timeout?.aborted).toBe(false);
    call.dispose();

    const timed = callSignal(undefined, 1);
    await new Promise((resolve) => timed.signal?.addEventListener('abort', resolve, { once: true }));
    expect(timed.timeout?.aborted).toBe(true);
    timed.dispose();
  });

  it('starts aborted when the caller already is', () => {
    const run = new AbortController();
    run.abort();
    expect(callSignal(run.signal, undefined).signal?.aborted).toBe(true);
  });
});
