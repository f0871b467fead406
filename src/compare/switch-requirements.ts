import type { DeploymentRequirement, GateConfig } from '../schema/gate.js';
import type { Deployment } from '../schema/summary.js';

/** One entry of `requireSwitch` other than `any` and `all`: a candidate, or one of its deployments. */
export interface SwitchRequirement {
  candidate: string;
  /** Null: the candidate's own verdict. */
  deployment: string | null;
}

/** The words naming a kind of deployment; any other name is an escalation policy's id. */
export const DEPLOYMENT_KINDS = ['all', 'slices', 'cascade'] as const;

/**
 * The entries of a `requireSwitch` that name candidates (none for `any` and `all`). A candidate's id
 * may itself hold a colon (a provider id as label, `ollama:qwen2.5:0.5b`), so `a:b` names
 * deployment b of candidate a only when a is a candidate and a:b is not: the flag's parse
 * (`qwen:cascade` → { candidate: qwen, deployment: cascade }) is undone for such ids.
 */
export function switchRequirements(
  want: GateConfig['requireSwitch'],
  candidates: readonly string[],
): SwitchRequirement[] {
  if (want === undefined || want === 'any' || want === 'all') return [];
  const entries = Array.isArray(want) ? want : [want];
  return entries.map((entry) => requirementOf(entry, candidates));
}

function requirementOf(
  entry: string | DeploymentRequirement,
  candidates: readonly string[],
): SwitchRequirement {
  if (typeof entry === 'string') {
    const at = entry.lastIndexOf(':');
    if (candidates.includes(entry) || at <= 0) return { candidate: entry, deployment: null };
    const candidate = entry.slice(0, at);
    return candidates.includes(candidate)
      ? { candidate, deployment: entry.slice(at + 1) }
      : { candidate: entry, deployment: null };
  }
  const joined = `${entry.candidate}:${entry.deployment}`;
  if (!candidates.includes(entry.candidate) && candidates.includes(joined))
    return { candidate: joined, deployment: null };
  return { candidate: entry.candidate, deployment: entry.deployment };
}

/** How a requirement is written in rules and messages: `qwen`, `qwen:cascade`. */
export function requirementLabel(r: SwitchRequirement): string {
  return r.deployment === null ? r.candidate : `${r.candidate}:${r.deployment}`;
}

/**
 * The deployment names a candidate has: `all`; `slices` with slice columns; `cascade` and each
 * policy's id with escalation policies (a kind word wins over a policy of the same id).
 */
export function deploymentNames(
  sliceColumns: readonly string[],
  policies: readonly { id: string }[],
): string[] {
  return [
    'all',
    ...(sliceColumns.length > 0 ? ['slices'] : []),
    ...(policies.length > 0 ? ['cascade', ...policies.map((p) => p.id)] : []),
  ];
}

/** Whether a deployment answers to a name: its kind, or (a cascade) its policy's id. */
export function deploymentAnswersTo(d: Deployment, name: string): boolean {
  if ((DEPLOYMENT_KINDS as readonly string[]).includes(name)) return d.kind === name;
  return d.kind === 'cascade' && d.policy === name;
}
