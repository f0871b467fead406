import { ModelError } from './model-error.js';

interface Waiter<T> {
  resolve: (slot: T) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** A fixed set of slots (context sequences); a call waits, in order, for a free one and can stop waiting. */
export class GgufSlotPool<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];

  constructor(slots: T[]) {
    this.free = [...slots];
  }

  acquire(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedWhileWaiting());
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(abortedWhileWaiting());
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(slot: T): void {
    const next = this.waiters.shift();
    if (!next) {
      this.free.push(slot);
      return;
    }
    next.signal?.removeEventListener('abort', next.onAbort);
    next.resolve(slot);
  }

  /** Calls still waiting for a slot (tests, progress). */
  get waiting(): number {
    return this.waiters.length;
  }
}

function abortedWhileWaiting(): ModelError {
  return new ModelError('aborted', 'call aborted while waiting for a free context sequence', {
    retryable: false,
  });
}
