/** One model's share of the run, as the run plan states it (RunPlan['models'] in src/run/execute-run.ts). */
export interface PlannedModel {
  label: string;
  total: number;
  alreadyDone: number;
  /** Local models run one after another, in plan order; remote ones alongside them. */
  local: boolean;
}

/** What a finished call tells the estimate: whose it was, and whether it took any time at all. */
export interface FinishedCall {
  model: string;
  cached: boolean;
  skipped?: string | null;
}

export interface Estimate {
  /** Seconds left; null when no model with calls left has a rate yet. */
  seconds: number | null;
  /**
   * Some model with calls left has no rate yet (it has not started, or has only given instant answers):
   * the run takes at least `seconds`, maybe much longer.
   */
  atLeast: boolean;
  /** Calls a second of the models still running, from their recent answers; null before any. */
  rate: number | null;
}

export interface EtaOptions {
  /** Milliseconds; injectable so the estimate is tested with a fake clock. */
  now?: () => number;
  /** How many of a model's latest answers its rate is measured over. */
  window?: number;
}

interface Track {
  label: string;
  local: boolean;
  total: number;
  done: number;
  /** When the model started (null: not yet), then the times of its latest answers that took time. */
  times: number[];
}

/** The label calls go under when the plan names no models (judging): one remote-like stream of calls. */
const ANY = '\u0000any';

/**
 * Time left in a run, per model from its own recent rate: a recorded baseline answering 200 calls at
 * once says nothing about how fast an in-process model answers the rest. Local models run one after
 * another and remote ones alongside them (src/run/run-cases.ts), so the time left is the larger of the
 * local models' times added up and each remote model's own. Cached and skipped calls finish at once:
 * they count as done but never as speed. A model not yet started has no rate, and none is invented.
 */
export class EtaEstimator {
  private readonly tracks: Track[];
  private readonly byLabel: Map<string, Track>;
  private readonly now: () => number;
  private readonly window: number;

  constructor(
    total: number,
    alreadyDone: number,
    models: readonly PlannedModel[] | undefined,
    opts: EtaOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.window = Math.max(1, opts.window ?? 20);
    const planned = models && models.length > 0 ? models : [{ label: ANY, total, alreadyDone, local: false }];
    this.tracks = planned.map((m) => ({
      label: m.label,
      local: m.local,
      total: m.total,
      done: m.alreadyDone,
      times: [],
    }));
    this.byLabel = new Map(this.tracks.map((t) => [t.label, t]));
    const start = this.now();
    for (const t of this.tracks) if (!t.local && left(t) > 0) t.times.push(start);
    const firstLocal = this.tracks.find((t) => t.local && left(t) > 0);
    if (firstLocal) firstLocal.times.push(start);
  }

  record(call: FinishedCall): void {
    const track = this.byLabel.get(call.model) ?? this.byLabel.get(ANY);
    if (!track) return;
    const now = this.now();
    track.done++;
    if (track.times.length === 0) {
      // Answering before the plan said it would start: it started some time ago, unknown when, so this
      // answer only starts its clock.
      track.times.push(now);
    } else if (!call.cached && !call.skipped) {
      track.times.push(now);
      if (track.times.length > this.window + 1) track.times.shift();
    }
    if (track.local && left(track) === 0) {
      const next = this.tracks.find((t) => t.local && t.times.length === 0 && left(t) > 0);
      if (next) next.times.push(now);
    }
  }

  /**
   * A model will make no more calls than it has (a sequential run stopped it): its planned calls left
   * leave the estimate. Returns how many were dropped.
   */
  settle(label: string): number {
    const track = this.byLabel.get(label);
    if (!track) return 0;
    const dropped = Math.max(0, left(track));
    track.total = track.done;
    const now = this.now();
    if (track.local && dropped > 0) {
      const next = this.tracks.find((t) => t.local && t.times.length === 0 && left(t) > 0);
      if (next) next.times.push(now);
    }
    return dropped;
  }

  /** A model's calls a second over its latest answers, up to now; null before its first answer. */
  rateOf(label: string): number | null {
    const track = this.byLabel.get(label);
    return track ? this.rate(track, this.now()) : null;
  }

  estimate(): Estimate {
    const now = this.now();
    let local = 0;
    let remote = 0;
    let unknown = false;
    let rate: number | null = null;
    for (const t of this.tracks) {
      if (left(t) <= 0) continue;
      const r = this.rate(t, now);
      if (r === null) {
        unknown = true;
        continue;
      }
      rate = (rate ?? 0) + r;
      const seconds = left(t) / r;
      if (t.local) local += seconds;
      else remote = Math.max(remote, seconds);
    }
    const seconds = Math.max(local, remote);
    if (!unknown) return { seconds, atLeast: false, rate };
    return { seconds: seconds > 0 ? seconds : null, atLeast: true, rate };
  }

  private rate(t: Track, now: number): number | null {
    const answers = t.times.length - 1;
    const first = t.times[0];
    if (answers <= 0 || first === undefined || now <= first) return null;
    return (answers * 1000) / (now - first);
  }
}

function left(t: Track): number {
  return Math.max(0, t.total - t.done);
}

/** 45s, 2m 05s, 1h 02m: rounded up, a countdown never says 0 while calls are left. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  const m = Math.ceil(s / 60);
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "ETA 45s"; "ETA ≥ 45s" while a model has no rate yet; "ETA unknown" when no figure can be given. */
export function formatEta(e: Estimate): string {
  if (e.seconds === null) return 'ETA unknown';
  return `ETA ${e.atLeast ? '≥ ' : ''}${formatDuration(e.seconds)}`;
}
