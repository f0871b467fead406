import type { GateConfig } from '../schema/gate.js';
import type { Margin } from '../schema/margin.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { Summary } from '../schema/summary.js';
import { DEFAULT_MARGIN } from '../suite/margin.js';
import { UserError } from '../util/user-error.js';

export const DEFAULT_RESAMPLES = 10_000;

/** What decides the verdict and the gate; flags of `run` and `compare` override the suite's. */
export interface DecisionSettings {
  margin: Margin;
  confidence: number;
  resamples: number;
  gate: GateConfig;
}

/** What `run` and `compare` flags change; anything not given comes from run.json. */
export interface CompareOverrides {
  margin?: Margin;
  confidence?: number;
  resamples?: number;
  seed?: number;
  /** Merged over the suite's `gate:` key by key. */
  gate?: GateConfig;
}

/** The suite's own settings, as run.json recorded them (defaults for a directory that lacks them). */
export function suiteSettings(meta: RunMeta): DecisionSettings {
  const s = meta.settings;
  return {
    margin: s?.margin ?? DEFAULT_MARGIN,
    confidence: s?.confidence ?? 0.95,
    resamples: DEFAULT_RESAMPLES,
    gate: s?.gate ?? {},
  };
}

/** Settings with overrides applied over them, key by key (gate rules one by one). */
export function applyOverrides(base: DecisionSettings, o: CompareOverrides | undefined): DecisionSettings {
  if (!o) return base;
  return {
    margin: o.margin ?? base.margin,
    confidence: o.confidence ?? base.confidence,
    resamples: o.resamples ?? base.resamples,
    gate: { ...base.gate, ...(o.gate ?? {}) },
  };
}

/** The settings the run's own outputs used: the suite's, with the flags given to `run`. */
export function runSettings(meta: RunMeta): DecisionSettings {
  return applyOverrides(suiteSettings(meta), meta.overrides);
}

/**
 * Each setting whose value in `used` differs from `reference`, keyed `margin`, `confidence`,
 * `resamples`, `gate.<rule>`: summary.json's `overrides`, and what names a compare folder.
 */
export function settingDifferences(
  reference: DecisionSettings,
  used: DecisionSettings,
): Summary['overrides'] {
  const out: NonNullable<Summary['overrides']> = {};
  const add = (key: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      out[key] = { suite: a ?? null, used: b ?? null };
  };
  add('margin', reference.margin, used.margin);
  add('confidence', reference.confidence, used.confidence);
  add('resamples', reference.resamples, used.resamples);
  const rules = ['requireSwitch', 'minPassRate', 'maxLatencyP95Ms', 'maxCostPer1k'] as const;
  for (const rule of rules) add(`gate.${rule}`, reference.gate[rule], used.gate[rule]);
  return out;
}

/**
 * A `--require-switch` naming no candidate is a typo, not a failed gate: exit 2 with the names
 * there are, before any call is made (`run`) or any output written (`compare`).
 */
export function checkRequireSwitch(want: GateConfig['requireSwitch'], candidates: readonly string[]): void {
  if (want === undefined || want === 'any' || want === 'all') return;
  const ids = typeof want === 'string' ? [want] : want;
  const unknown = ids.filter((id) => !candidates.includes(id));
  if (unknown.length === 0) return;
  throw new UserError(
    `--require-switch names ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a candidate of this run`,
    {
      field: '--require-switch',
      hint: `use any, all, or candidate ids: ${candidates.join(', ') || '(the run has no candidates)'}`,
    },
  );
}
