import type { GateConfig } from '../schema/gate.js';
import type { Margin } from '../schema/margin.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { Summary } from '../schema/summary.js';
import { DEFAULT_MARGIN } from '../suite/margin.js';
import { UserError } from '../util/user-error.js';
import { deploymentNames, requirementLabel, switchRequirements } from './switch-requirements.js';

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
 * Every `requireSwitch` an output reads, checked before any work: flags (of `run`, in run.json, and
 * of `compare`) naming no candidate, or a deployment a candidate does not have, and the suite's own
 * gate naming such a deployment, are typos (exit 2), not failed gates (a candidate the suite's gate
 * names that the run lacks fails its rule, as before). The deployments each candidate has follow
 * from run.json's slice columns and escalation policies.
 */
export function checkSwitchNames(meta: RunMeta, o: CompareOverrides, candidates: readonly string[]): void {
  const slices = meta.settings?.slices ?? [];
  const deployments = new Map(
    candidates.map((c) => [c, deploymentNames(slices, meta.settings?.escalation?.[c] ?? [])]),
  );
  checkRequireSwitch(meta.overrides?.gate?.requireSwitch, candidates, deployments);
  checkRequireSwitch(o.gate?.requireSwitch, candidates, deployments);
  checkRequiredDeployments(meta.settings?.gate.requireSwitch, candidates, deployments, 'gate.requireSwitch');
}

/**
 * A `--require-switch` naming no candidate is a typo, not a failed gate: exit 2 with the names
 * there are, before any call is made (`run`) or any output written (`compare`). With `deployments`
 * (each candidate's deployment names, `deploymentNames`), a deployment a candidate does not have is
 * refused the same way, naming those it has.
 */
export function checkRequireSwitch(
  want: GateConfig['requireSwitch'],
  candidates: readonly string[],
  deployments?: ReadonlyMap<string, readonly string[]>,
): void {
  const unknown = switchRequirements(want, candidates)
    .filter((r) => !candidates.includes(r.candidate))
    .map(requirementLabel);
  if (unknown.length > 0)
    throw new UserError(
      `--require-switch names ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a candidate of this run`,
      {
        field: '--require-switch',
        hint: `use any, all, or candidate ids: ${candidates.join(', ') || '(the run has no candidates)'}`,
      },
    );
  if (deployments) checkRequiredDeployments(want, candidates, deployments, '--require-switch');
}

/**
 * A `requireSwitch` (flag or the suite's `gate:`, named by `field`) that names a deployment its
 * candidate does not have: exit 2, naming the deployments it has. Entries naming no known candidate
 * are left to `checkRequireSwitch` and the gate.
 */
export function checkRequiredDeployments(
  want: GateConfig['requireSwitch'],
  candidates: readonly string[],
  deployments: ReadonlyMap<string, readonly string[]>,
  field: string,
): void {
  for (const r of switchRequirements(want, candidates)) {
    if (r.deployment === null || !candidates.includes(r.candidate)) continue;
    const has = deployments.get(r.candidate) ?? ['all'];
    if (has.includes(r.deployment)) continue;
    throw new UserError(
      `${field} names "${requirementLabel(r)}", but ${r.candidate} has no deployment "${r.deployment}"`,
      {
        field,
        hint: `${r.candidate}'s deployments: ${has.join(', ')} (\`slices\` needs \`slices:\` columns, \`cascade\` and policy ids need escalation policies)`,
      },
    );
  }
}
