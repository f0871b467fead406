import { createRequire } from 'node:module';
import vm from 'node:vm';

export const DEFAULT_JAVASCRIPT_TIMEOUT_MS = 5000;

/** The code ran past its time limit (a loop, far too much work) or waits on something that never comes. */
export class JavascriptTimeoutError extends Error {
  override name = 'JavascriptTimeoutError';
}

/**
 * Host facilities user code may reach, as in promptfoo (whose `new Function` sees Node's globals):
 * no timers, which would escape the time limit.
 */
const HOST_GLOBALS = {
  console,
  Buffer,
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  atob,
  btoa,
  structuredClone,
};

// promptfoo passes a `process` whose `mainModule.require` works in ESM; code written for it runs here.
const processShim = { env: process.env, mainModule: { require: createRequire(import.meta.url) } };

// Runs `__fn` on arguments rebuilt inside the context (so `instanceof Array` and friends hold there),
// and settles a returned promise before returning: with `afterEvaluate`, the context's microtasks run
// inside the time limit, so `async` code is bounded too.
const RUNNER = new vm.Script(`(() => {
  const args = JSON.parse(__json);
  const result = __fn(args[0], args[1], __process);
  if (result === null || typeof result !== 'object' || typeof result.then !== 'function') {
    return { settled: true, value: result };
  }
  const state = { settled: false };
  result.then((v) => { state.settled = true; state.value = v; }, (e) => { state.settled = true; state.error = e; });
  return state;
})()`);

interface Compiled {
  context: vm.Context;
  fn: (...args: unknown[]) => unknown;
}

// One context per distinct code (its own globals), reused across outputs; bounded so a suite with
// per-row code does not hold every context.
const cache = new Map<string, Compiled>();
const CACHE_SIZE = 32;

function compile(params: readonly string[], body: string): Compiled {
  const key = `${params.join(',')}\u0000${body}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const context = vm.createContext(
    { ...HOST_GLOBALS, __process: processShim },
    { microtaskMode: 'afterEvaluate' },
  );
  // Compiled like `new Function(...params, body)`: the body cannot break out of its function.
  const fn = vm.compileFunction(body, [...params], { parsingContext: context }) as Compiled['fn'];
  const compiled = { context, fn };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

/**
 * Calls `body` as a function of (first, context, process) in a separate V8 context, with a time
 * limit that also covers promise callbacks. Arguments cross as JSON (undefined fields drop out).
 * Returns the value, or the settled value of a returned promise; throws what the code throws, or
 * JavascriptTimeoutError past the limit or when a returned promise cannot settle (it waits on a
 * timer or I/O, which the sandbox does not have).
 */
export function runJavascript(
  params: readonly [string, string, string],
  body: string,
  args: readonly [unknown, unknown],
  timeoutMs: number,
): unknown {
  const { context, fn } = compile(params, body);
  context.__fn = fn;
  context.__json = JSON.stringify([args[0] ?? null, args[1] ?? null]);
  let state: { settled: boolean; value?: unknown; error?: unknown };
  try {
    state = RUNNER.runInContext(context, { timeout: timeoutMs }) as typeof state;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new JavascriptTimeoutError(`timed out after ${timeoutMs} ms`);
    }
    throw err;
  } finally {
    context.__fn = undefined;
    context.__json = undefined;
  }
  // Waiting on a timer or I/O the sandbox does not have: it would never answer, like a loop.
  if (!state.settled) {
    throw new JavascriptTimeoutError(
      'returned a promise that never settled (timers and I/O are not available)',
    );
  }
  if ('error' in state) throw state.error;
  return state.value;
}
