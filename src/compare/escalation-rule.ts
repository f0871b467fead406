import type { RunEscalationPolicy } from '../schema/run-meta.js';

/** The signals an escalation policy reads and how they combine (docs/verdict.md, "Deployments and cascades"). */
export interface EscalationRule {
  when: 'any' | 'all';
  /** The policy has checks: the score stage recorded whether they failed. */
  checks: boolean;
  /** The policy reads a confidence, compared with a threshold. */
  confidence: boolean;
}

export function escalationRule(policy: RunEscalationPolicy): EscalationRule {
  return { when: policy.when ?? 'any', checks: policy.checks, confidence: policy.confidence !== undefined };
}

/** The confidence signal at a threshold: escalate when the confidence is below it; null when unknown. */
export function confidenceSignal(confidence: number | null, below: number): boolean | null {
  return confidence === null ? null : confidence < below;
}

/**
 * Whether one output escalates. Each signal the policy has says escalate (true), keep (false) or
 * cannot tell (null); a null counts as not escalating for that signal. `any`: some signal says
 * escalate; `all`: every signal the policy has says so. An output whose every signal is null is kept.
 */
export function escalates(
  rule: EscalationRule,
  checksFailed: boolean | null,
  confidenceSays: boolean | null,
): boolean {
  const signals: (boolean | null)[] = [];
  if (rule.checks) signals.push(checksFailed);
  if (rule.confidence) signals.push(confidenceSays);
  if (signals.length === 0) return false;
  return rule.when === 'all' ? signals.every((s) => s === true) : signals.some((s) => s === true);
}
