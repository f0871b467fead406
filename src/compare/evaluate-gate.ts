import type { GateConfig } from '../schema/gate.js';
import type { CandidateSummary, Deployment, ModelSummary, Summary } from '../schema/summary.js';
import { deploymentAnswersTo, requirementLabel, switchRequirements } from './switch-requirements.js';

export type GateResult = Summary['gate'];
type Rule = GateResult['rules'][number];

/**
 * The CI gate (exit 1 when it fails), one rule per thing checked so a JUnit viewer shows which failed:
 * - `requireSwitch`: `any` (at least one candidate), `all` (every candidate), a candidate's id, or a
 *   list of ids (each listed one) must have the verdict `switch`; an entry may name a deployment of a
 *   candidate (`{ candidate, deployment }`, `qwen:cascade`): `all`, `slices` or `cascade` (one of
 *   that kind must earn `switch`) or an escalation policy's id;
 * - `minPassRate`: a number for every model (baseline included), or per model id;
 * - `maxLatencyP95Ms`, `maxCostPer1k`: for every candidate (the baseline when there is none).
 * A figure the run could not measure fails its rule: a gate that cannot be checked must not pass.
 * No rules: passed.
 */
export function evaluateGate(
  gate: GateConfig,
  models: readonly ModelSummary[],
  candidates: readonly CandidateSummary[],
  deployments: readonly Deployment[] = [],
): GateResult {
  const rules: Rule[] = [
    ...requireSwitch(gate.requireSwitch, candidates, deployments),
    ...minPassRate(gate.minPassRate, models),
  ];
  const limited = models.some((m) => m.role === 'candidate')
    ? models.filter((m) => m.role === 'candidate')
    : models;
  if (gate.maxLatencyP95Ms !== undefined) {
    const max = gate.maxLatencyP95Ms;
    for (const m of limited) {
      const p95 = m.latencyMs.p95;
      rules.push({
        rule: `maxLatencyP95Ms: ${m.id} ≤ ${max} ms`,
        passed: p95 !== null && p95 <= max,
        detail: p95 === null ? 'no latency was measured' : `p95 latency ${num(p95)} ms`,
      });
    }
  }
  if (gate.maxCostPer1k !== undefined) {
    const max = gate.maxCostPer1k;
    for (const m of limited) {
      const cost = m.costPer1k;
      rules.push({
        rule: `maxCostPer1k: ${m.id} ≤ $${max}`,
        passed: cost !== null && cost <= max,
        detail:
          cost === null
            ? 'cost unknown: give `cost:` for this model (prices, or perHour for a local one)'
            : `cost per 1,000 requests $${num(cost)}`,
      });
    }
  }
  return { passed: rules.every((r) => r.passed), rules };
}

function requireSwitch(
  want: GateConfig['requireSwitch'],
  candidates: readonly CandidateSummary[],
  deployments: readonly Deployment[],
): Rule[] {
  if (want === undefined) return [];
  const verdicts = candidates.map((c) => `${c.id}: ${c.verdict}`).join(', ');
  if (want === 'any') {
    return [
      {
        rule: 'requireSwitch: any candidate',
        passed: candidates.some((c) => c.verdict === 'switch'),
        detail: candidates.length === 0 ? 'the run has no candidates' : verdicts,
      },
    ];
  }
  if (want === 'all' && candidates.length === 0) {
    return [{ rule: 'requireSwitch: all candidates', passed: false, detail: 'the run has no candidates' }];
  }
  const ids = candidates.map((c) => c.id);
  const wanted =
    want === 'all' ? ids.map((id) => ({ candidate: id, deployment: null })) : switchRequirements(want, ids);
  return wanted.map((r) => {
    const c = candidates.find((x) => x.id === r.candidate);
    const rule = `requireSwitch: ${requirementLabel(r)}`;
    if (!c)
      return {
        rule,
        passed: false,
        detail: `no candidate is named "${r.candidate}" (candidates: ${ids.join(', ') || 'none'})`,
      };
    if (r.deployment === null) return { rule, passed: c.verdict === 'switch', detail: describe(c) };
    const own = deployments.filter((d) => d.candidate === c.id);
    const named = r.deployment;
    const matching = own.filter((d) => deploymentAnswersTo(d, named));
    return {
      rule,
      passed: matching.some((d) => d.verdict === 'switch'),
      detail: matching.length
        ? matching.map(describeDeployment).join('; ')
        : `${c.id} has no deployment "${named}" (deployments: ${own.map(deploymentName).join(', ') || 'none'})`,
    };
  });
}

function minPassRate(want: GateConfig['minPassRate'], models: readonly ModelSummary[]): Rule[] {
  if (want === undefined) return [];
  const limits: [string, number][] =
    typeof want === 'number' ? models.map((m) => [m.id, want]) : Object.entries(want);
  return limits.map(([id, min]) => {
    const m = models.find((x) => x.id === id);
    const rate = m?.passRate ?? null;
    return {
      rule: `minPassRate: ${id} ≥ ${min}`,
      passed: rate !== null && rate >= min,
      detail: !m
        ? `no model is named "${id}" (models: ${models.map((x) => x.id).join(', ')})`
        : rate === null
          ? 'no output was scored pass/fail'
          : `pass rate ${percent(rate)}${m.passRateCi ? ` [${percent(m.passRateCi[0])}, ${percent(m.passRateCi[1])}]` : ''}`,
    };
  });
}

function describe(c: CandidateSummary): string {
  const ci = c.ci ? `, mean(d) interval [${signed(c.ci[0])}, ${signed(c.ci[1])}]` : '';
  return `${c.verdict}${ci} over ${c.pairs} paired cases`;
}

function describeDeployment(d: Deployment): string {
  const ci = d.ci ? `, mean(d) interval [${signed(d.ci[0])}, ${signed(d.ci[1])}]` : '';
  const escalated =
    d.escalationShare !== null && d.kind === 'cascade' ? `, ${percent(d.escalationShare)} escalated` : '';
  return `${deploymentName(d)}: ${d.verdict}${ci}${escalated}`;
}

/** `all`, `slices topic`, `cascade unsure`. */
function deploymentName(d: Deployment): string {
  return d.policy === null ? d.kind : `${d.kind} ${d.policy}`;
}

/** Four significant digits: enough to read a rule, short enough for a JUnit message. */
function num(x: number): string {
  return String(Number(x.toPrecision(4)));
}

// Rule details are read beside the report's own figures, so they are written the way report/format.ts
// writes them (compare cannot import the report; a test holds the two equal): pass rates in percent
// with one decimal, mean(d) signed with three decimals and a real minus sign.
function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function signed(x: number): string {
  const s = Math.abs(x).toFixed(3);
  if (Number(s) === 0) return s;
  return x < 0 ? `\u2212${s}` : `+${s}`;
}
