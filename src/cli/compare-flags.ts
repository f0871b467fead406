import { InvalidArgumentError } from 'commander';
import type { CompareOverrides } from '../compare/decision-settings.js';
import { parseMargin } from '../compare/parse-margin.js';
import { type DeploymentRequirement, type GateConfig, gateSchema } from '../schema/gate.js';
import type { Summary } from '../schema/summary.js';
import { UserError } from '../util/user-error.js';

/** Flags that change the verdict or the gate (on `run` and `compare`): they override the suite's settings. */
export interface CompareFlags {
  margin?: string;
  confidence?: number;
  resamples?: number;
  requireSwitch?: string;
  minPassRate?: number;
  maxLatencyP95?: number;
  maxCostPer1k?: number;
}

export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of at least 0');
  return n;
}

export function fraction(value: string): number {
  const n = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
  if (!Number.isFinite(n) || n <= 0 || n >= 1)
    throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.95 or 95%');
  return n;
}

/** The flags' overrides; the margin is parsed here so a bad one is a clear exit-2 error. */
export function compareOverrides(flags: CompareFlags): CompareOverrides | undefined {
  const gate: NonNullable<CompareOverrides['gate']> = {
    ...(flags.requireSwitch !== undefined ? { requireSwitch: parseRequireSwitch(flags.requireSwitch) } : {}),
    ...(flags.minPassRate !== undefined ? { minPassRate: flags.minPassRate } : {}),
    ...(flags.maxLatencyP95 !== undefined ? { maxLatencyP95Ms: flags.maxLatencyP95 } : {}),
    ...(flags.maxCostPer1k !== undefined ? { maxCostPer1k: flags.maxCostPer1k } : {}),
  };
  checkGateFlags(gate);
  const overrides: CompareOverrides = {
    ...(flags.margin !== undefined ? { margin: parseMargin(flags.margin) } : {}),
    ...(flags.confidence !== undefined ? { confidence: flags.confidence } : {}),
    ...(flags.resamples !== undefined ? { resamples: flags.resamples } : {}),
    ...(Object.keys(gate).length ? { gate } : {}),
  };
  return Object.keys(overrides).length ? overrides : undefined;
}

/**
 * `--require-switch`: `any`, `all`, a candidate's id, `candidate:deployment` (`qwen:cascade`,
 * `qwen:unsure`), or a comma-separated list of ids and deployments. A colon splits at its last
 * occurrence; compare reads `ollama:qwen2.5:0.5b` as that candidate when it is one
 * (compare/switch-requirements.ts), so provider ids used as labels still work.
 */
function parseRequireSwitch(value: string): NonNullable<GateConfig['requireSwitch']> {
  const entry = (text: string): string | DeploymentRequirement => {
    const s = text.trim();
    const at = s.lastIndexOf(':');
    return at > 0 && at < s.length - 1 ? { candidate: s.slice(0, at), deployment: s.slice(at + 1) } : s;
  };
  return value.includes(',') ? value.split(',').map(entry) : entry(value);
}

/**
 * The folder a `compare` with changed settings writes to, named after the change so two comparisons
 * never overwrite each other or the run's own outputs: `compare-margin-10pct`,
 * `compare-confidence-90pct-require-switch-all`.
 */
export function compareFolderName(changed: NonNullable<Summary['overrides']>): string {
  const parts = Object.entries(changed).map(([key, { used }]) => `${kebab(key)}-${slug(key, used)}`);
  return `compare-${parts.join('-')}`.replace(/[^a-zA-Z0-9._+-]+/g, '_');
}

const KEY_NAMES: Record<string, string> = {
  'gate.requireSwitch': 'require-switch',
  'gate.minPassRate': 'min-pass-rate',
  'gate.maxLatencyP95Ms': 'max-latency-p95',
  'gate.maxCostPer1k': 'max-cost-per-1k',
};

function kebab(key: string): string {
  return KEY_NAMES[key] ?? key;
}

function slug(key: string, used: unknown): string {
  const pct = (v: number) => `${Number((v * 100).toFixed(4))}pct`;
  if (used === null || used === undefined) return 'none';
  if (key === 'margin' && typeof used === 'object') {
    const m = used as { type: string; value: number };
    return m.type === 'relative' ? pct(m.value) : `abs-${m.value}`;
  }
  if (key === 'confidence' && typeof used === 'number') return pct(used);
  if (key === 'gate.maxLatencyP95Ms') return `${String(used)}ms`;
  if (Array.isArray(used)) return used.map(requirementSlug).join('+');
  if (key === 'gate.requireSwitch') return requirementSlug(used);
  if (typeof used === 'object') return 'per-model';
  return String(used);
}

/** A requireSwitch entry in a folder name: `qwen`, `qwen:cascade` (made `qwen_cascade` by the caller). */
function requirementSlug(entry: unknown): string {
  if (entry && typeof entry === 'object' && 'candidate' in entry && 'deployment' in entry)
    return `${String(entry.candidate)}:${String(entry.deployment)}`;
  return String(entry);
}

const FLAG_OF: Record<string, string> = {
  requireSwitch: '--require-switch',
  minPassRate: '--min-pass-rate',
  maxLatencyP95Ms: '--max-latency-p95',
  maxCostPer1k: '--max-cost-per-1k',
};

/** Gate flags obey the suite's own gate rules (one definition, schema/gate.ts): e.g. a pass rate is 0..1. */
function checkGateFlags(gate: NonNullable<CompareOverrides['gate']>): void {
  const parsed = gateSchema.safeParse(gate);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new UserError(issue?.message ?? 'invalid', {
    field: FLAG_OF[key] ?? key,
    hint: 'see `rightsize run --help`',
  });
}
