import type { ModelConfig } from '../schema/model-config.js';
import type { CheckPlan } from './check-plan.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile, ServedModel } from './model.js';
import { ModelError, type ModelErrorType } from './model-error.js';
import { describeServedFacts, servedModelDifferences } from './served-model.js';

/** One server of a pool: the adapter that calls it and how many calls it takes. */
export interface PoolMember {
  /** Its URL without credentials, as records name it (`endpointName`). */
  name: string;
  model: Model;
  /** The suite's `concurrency` for this server: never more calls in flight to it. Null: not capped. */
  cap: number | null;
  /** The calls a lone server of its kind gets when nobody says (1 on the user's hardware, 8 remote). */
  loneSlots: number;
}

export interface EndpointPoolDeps {
  /** Wait before the n-th probe (n from 1) of a server taken out; default 1 s doubling up to 30 s. */
  probeDelayMs?: (n: number) => number;
}

/** Failures that say the server, not the request, is at fault: worth the same call on another server. */
const SERVER_FAULTS = new Set<ModelErrorType>(['unreachable', 'model_not_found']);
// Fixed by the suite, never by another server: the check of a pool reports them as such (exit 2).
const USER_FIXABLE = new Set<ModelErrorType>(['unsupported', 'missing_dependency']);

const defaultProbeDelayMs = (n: number) => Math.min(30_000, 1_000 * 2 ** (n - 1));

interface Member extends PoolMember {
  index: number;
  inFlight: number;
  /** The calls it is given in proportion to: `cap`, else the server's parallel slots, else `loneSlots`. */
  slots: number;
  /** When it was last chosen: ties go to the one chosen longest ago, so a quiet pool still takes turns. */
  lastChosen: number;
  /** Why it was taken out; null while it is in. */
  down: ModelError | null;
  /** Probes since it was taken out, for the backoff. */
  probes: number;
  timer: NodeJS.Timeout | null;
  probing: Promise<boolean> | null;
}

/**
 * One model served by several servers (an endpoint pool), behind the one `Model` interface, so the
 * run stage treats it as any model. Each call goes to the server with the fewest calls in flight for
 * its slots (ties: the one chosen longest ago), never beyond a server's own `concurrency`. A server
 * that fails as a server fails (retryable errors, refused or dropped connections, the model gone) is
 * taken out and the same call goes at once to another, without using the run stage's retries; a
 * server taken out is probed (its pre-flight check, then what it serves) after a backoff and rejoins
 * when it passes, or as soon as a call it was still answering succeeds. A call fails only when every
 * server has failed it or is out; that error is retryable (a server may come back), so the run stage
 * retries it with its own backoff. A call that finds no server in probes the ones out first.
 */
export function createEndpointPool(
  config: ModelConfig,
  servers: readonly PoolMember[],
  deps: EndpointPoolDeps = {},
): Model {
  const probeDelayMs = deps.probeDelayMs ?? defaultProbeDelayMs;
  const members: Member[] = servers.map((s, index) => ({
    ...s,
    index,
    inFlight: 0,
    slots: s.cap ?? s.loneSlots,
    lastChosen: -1,
    down: null,
    probes: 0,
    timer: null,
    probing: null,
  }));
  const closing = new AbortController();
  let chosen = 0;
  // The run's line for people (the check plan's), so a server taken out mid-run is said, not only recorded.
  let tell: ((line: string) => void) | undefined;
  // What the servers serve, from the check: a server coming back must still serve it.
  let reference: ServedModel | null = null;
  let waiters: (() => void)[] = [];

  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const aborted = (cause?: unknown) =>
    new ModelError('aborted', `call to ${config.label} was cancelled`, { retryable: false, cause });

  /** Resolves at the next change (a call ended, a server out or back); rejects when `signal` aborts. */
  function changed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(aborted(signal?.reason));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  function pick(tried: ReadonlyMap<Member, ModelError>): Member | null {
    let best: Member | null = null;
    for (const m of members) {
      if (m.down || tried.has(m) || (m.cap !== null && m.inFlight >= m.cap)) continue;
      const load = m.inFlight / m.slots;
      const bestLoad = best ? best.inFlight / best.slots : Number.POSITIVE_INFINITY;
      if (!best || load < bestLoad || (load === bestLoad && m.lastChosen < best.lastChosen)) best = m;
    }
    return best;
  }

  /** A server for this call: waits while every server in is full, probes at once when none is in. */
  async function acquire(signal: AbortSignal | undefined, tried: Map<Member, ModelError>): Promise<Member> {
    for (;;) {
      if (signal?.aborted) throw aborted(signal.reason);
      const m = pick(tried);
      if (m) {
        m.inFlight++;
        m.lastChosen = chosen++;
        return m;
      }
      const untried = members.filter((x) => !tried.has(x));
      if (untried.some((x) => !x.down)) {
        await changed(signal);
        continue;
      }
      if (untried.length === 0) throw noneLeft(tried);
      const back = await Promise.race([Promise.all(untried.map(probe)), changed(signal).then(() => null)]);
      if (back?.every((ok) => !ok)) throw noneLeft(tried);
    }
  }

  function noneLeft(tried: Map<Member, ModelError>): ModelError {
    const why = members.map((m) => {
      const e = tried.get(m) ?? m.down;
      return `${m.name}: ${e?.message ?? 'no answer'}`;
    });
    // A server that may come back makes a later attempt worth it; a model gone everywhere does not.
    const retryable = members.some((m) => {
      const e = tried.get(m) ?? m.down;
      return !e || e.retryable || e.type === 'unreachable';
    });
    return new ModelError('unreachable', `no server of ${config.label} could answer: ${why.join('; ')}`, {
      retryable,
    });
  }

  function takeOut(m: Member, err: ModelError): void {
    const wasIn = m.down === null;
    m.down = err;
    if (wasIn) {
      tell?.(
        `${config.label}: server ${m.name} taken out (${err.message}); its calls go to the other servers while it is probed to rejoin`,
      );
      m.probes = 0;
      schedule(m, err.retryAfterMs ?? 0);
    }
    wake();
  }

  function rejoin(m: Member): void {
    if (m.timer) clearTimeout(m.timer);
    m.timer = null;
    m.down = null;
    m.probes = 0;
    wake();
  }

  function schedule(m: Member, atLeastMs = 0): void {
    if (closing.signal.aborted) return;
    if (m.timer) clearTimeout(m.timer);
    m.probes++;
    m.timer = setTimeout(
      () => {
        m.timer = null;
        void probe(m).then((ok) => {
          if (!ok && m.down) schedule(m);
        });
      },
      Math.max(probeDelayMs(m.probes), atLeastMs),
    );
    // A pending probe must not keep a finished run alive.
    m.timer.unref?.();
  }

  /** The server's own check, then what it serves: true when it is back in. */
  function probe(m: Member): Promise<boolean> {
    if (!m.down) return Promise.resolve(true);
    m.probing ??= (async () => {
      try {
        await m.model.check(closing.signal);
        if (reference && m.model.identify) {
          const served = await m.model.identify(closing.signal);
          const differ = servedModelDifferences(reference, served);
          if (differ.length > 0) {
            m.down = new ModelError(
              'unsupported',
              `${m.name} came back serving another model (${describeServedFacts(served, differ)}; the pool serves ${describeServedFacts(reference, differ)})`,
              { retryable: false },
            );
            return false;
          }
        }
        if (closing.signal.aborted) return false;
        rejoin(m);
        return true;
      } catch (e) {
        if (m.down) m.down = asModelError(e, m.down.type);
        return false;
      } finally {
        m.probing = null;
      }
    })();
    return m.probing;
  }

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    // The servers that failed this call: each is tried at most once per call.
    const tried = new Map<Member, ModelError>();
    for (;;) {
      const m = await acquire(signal, tried);
      try {
        const response = await m.model.generate(request, signal);
        // It answered: whatever took it out has passed.
        if (m.down) rejoin(m);
        return { ...response, endpoint: m.name };
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        // The caller's abort (Ctrl-C, the run stage's time limit) says nothing about the server.
        if (signal?.aborted || !isServerFault(e)) throw e.at(m.name);
        tried.set(m, e);
        takeOut(m, e);
      } finally {
        m.inFlight--;
        wake();
      }
    }
  }

  /**
   * Every server must pass its own check: a server down at the start is more likely a typo or a
   * server not started than a failure, and what it serves cannot be compared. Then what each serves
   * is compared: servers serving different models or quantizations are refused (the suite's to fix).
   */
  async function check(signal?: AbortSignal, plan?: CheckPlan): Promise<void> {
    tell = plan?.onWarning;
    const failed = (
      await Promise.all(
        members.map((m) =>
          m.model.check(signal, plan).then(
            () => null,
            (e: unknown) => ({ m, e: asModelError(e, 'unreachable') }),
          ),
        ),
      )
    ).filter((f) => f !== null);
    if (failed.length > 0) {
      // A server that is down outweighs one the suite must fix: the run could not start either way.
      const type = failed.find((f) => !USER_FIXABLE.has(f.e.type))?.e.type ?? 'unsupported';
      const n = failed.length;
      throw new ModelError(
        type,
        `${n} of ${members.length} servers of this endpoint pool cannot serve it: ${failed.map((f) => f.e.message).join('; ')}. Every server must answer at the start: fix ${n === 1 ? 'it' : 'them'}, or take ${n === 1 ? 'it' : 'them'} out of the model's server list`,
        { retryable: false },
      );
    }
    for (const m of members) if (m.down) rejoin(m);
    const served = await Promise.all(
      members.map((m) => (m.model.identify ? m.model.identify(signal).catch(() => null) : null)),
    );
    const firstKnown = served.findIndex((s) => s !== null);
    if (firstKnown < 0) return;
    reference = served[firstKnown] as ServedModel;
    for (const [i, s] of served.entries()) {
      const differ = s ? servedModelDifferences(reference, s) : [];
      if (differ.length === 0) continue;
      const a = members[firstKnown] as Member;
      const b = members[i] as Member;
      throw new ModelError(
        'unsupported',
        `the servers of this endpoint pool serve different models: ${a.name} serves ${describeServedFacts(reference, differ)}, ${b.name} serves ${describeServedFacts(s as ServedModel, differ)}. Every server of a pool must serve the same model and quantization: put the same build on each, or make them separate models`,
        { retryable: false },
      );
    }
  }

  /**
   * The first server's profile (every server is profiled, so each loads the model and learns the
   * window it serves), with the smallest serving window any server has, since a call may go to any,
   * and the pool's parallel slots: the sum of each server's (its `concurrency`, else the slots its
   * server states, else a lone server's default), the calls the pool serves at once.
   */
  async function profile(signal?: AbortSignal): Promise<ModelProfile> {
    const profiles = await Promise.all(
      members.map((m) => (m.down ? Promise.resolve(null) : m.model.profile(signal).catch(() => null))),
    );
    const first = profiles.find((p) => p !== null);
    if (!first) throw new ModelError('unreachable', `no server of ${config.label} could be profiled`);
    for (const [i, m] of members.entries()) m.slots = m.cap ?? profiles[i]?.parallelSlots ?? m.loneSlots;
    const windows = profiles.filter((p) => p !== null).map((p) => p.servingWindow);
    const known = windows.filter((w): w is number => typeof w === 'number');
    const { servingWindow: _first, ...rest } = first;
    return {
      ...rest,
      ...(windows.every((w) => w === undefined)
        ? {}
        : { servingWindow: known.length > 0 ? Math.min(...known) : null }),
      parallelSlots: members.reduce((sum, m) => sum + m.slots, 0),
    };
  }

  async function close(): Promise<void> {
    closing.abort();
    for (const m of members) if (m.timer) clearTimeout(m.timer);
    wake();
    await Promise.all(members.map((m) => m.model.close().catch(() => undefined)));
  }

  return { label: config.label, provider: config.provider, generate, check, profile, close };
}

function isServerFault(e: ModelError): boolean {
  return e.type !== 'timeout' && e.type !== 'aborted' && (e.retryable || SERVER_FAULTS.has(e.type));
}

function asModelError(e: unknown, type: ModelErrorType): ModelError {
  return e instanceof ModelError
    ? e
    : new ModelError(type, e instanceof Error ? e.message : String(e), { retryable: false, cause: e });
}
