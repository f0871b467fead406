import type {
  ConfidenceConfig,
  EscalationPolicy,
  EscalationSignal,
  LogprobSummary,
} from '../schema/escalation.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import { requestColumns } from '../suite/escalation-policies.js';
import type { Row, Suite } from '../suite/suite.js';
import { callCost } from './call-cost.js';
import { inputText } from './judge-task.js';
import { runAssertion } from './run-assertion.js';

/**
 * What each escalation policy of a candidate says of each of its outputs, by case id: whether its
 * checks failed and the confidence it reads (docs: README, "escalate"). Deciding whether to escalate
 * (a threshold, possibly swept; `when: any | all`) is the compare stage's, which needs the raw figures.
 * Checks run as production would run them: on the raw output (no test transform), seeing only the
 * row columns the prompts use. A record without output gets nulls.
 */
export async function escalationSignals(
  suite: Pick<Suite, 'escalation' | 'prompts' | 'rows' | 'models' | 'dir'>,
  records: readonly ResultRecord[],
): Promise<Map<string, EscalationSignal[]>> {
  const rows = new Map(suite.rows.map((r) => [r.id, r]));
  const configs = new Map(suite.models.map((m) => [m.label, m]));
  const request = requestColumns(suite.prompts);
  const own = records.filter((r) => r.role === 'candidate' && suite.escalation.has(r.model));
  const agreement = repeatAgreements(own);
  const signals = new Map<string, EscalationSignal[]>();
  for (const record of own) {
    const policies = suite.escalation.get(record.model) ?? [];
    const row = rows.get(record.rowId);
    const config = configs.get(record.model);
    if (!row || !config) continue;
    const context: CheckContext = { row, config, request, suite };
    const out: EscalationSignal[] = [];
    for (const policy of policies) {
      out.push({
        policy: policy.id,
        checksFailed: policy.checks ? await checksFailed(policy.checks, record, context) : null,
        confidence: policy.confidence
          ? confidenceOf(policy.confidence, record, agreement.get(record.caseId) ?? null)
          : null,
      });
    }
    signals.set(record.caseId, out);
  }
  return signals;
}

interface CheckContext {
  row: Row;
  config: ModelConfig;
  request: ReadonlySet<string>;
  suite: Pick<Suite, 'prompts' | 'dir'>;
}

/** True when a check failed, false when none failed and one passed, null when none could be scored. */
async function checksFailed(
  checks: NonNullable<EscalationPolicy['checks']>,
  record: ResultRecord,
  { row, config, request, suite }: CheckContext,
): Promise<boolean | null> {
  if (record.output === null) return null;
  const vars = Object.fromEntries(Object.entries(row.vars).filter(([k]) => request.has(k)));
  let passed = false;
  for (const check of checks) {
    const result = await runAssertion(check, {
      output: record.output,
      vars,
      prompt: inputText(record.input),
      latencyMs: record.latencyMs,
      cost: callCost(config, record),
      finishReason: record.finishReason,
      engine: suite.prompts[0]?.engine ?? 'handlebars',
      baseDir: suite.dir,
    });
    if (result.pass === false) return true;
    if (result.pass === true) passed = true;
  }
  return passed ? false : null;
}

function confidenceOf(
  confidence: ConfidenceConfig,
  record: ResultRecord,
  agreement: number | null,
): number | null {
  if (confidence.from === 'repeats') return agreement;
  return logprobConfidence(record.logprobs ?? null, confidence.summary ?? 'mean');
}

/**
 * A probability from the answer's token log-probabilities (natural logs): `mean` gives the geometric
 * mean token probability, `min` the least likely token's, `first` the first token's. Null without
 * log-probabilities or tokens.
 */
export function logprobConfidence(
  logprobs: LogprobSummary | null,
  summary: NonNullable<ConfidenceConfig['summary']>,
): number | null {
  if (!logprobs || logprobs.tokens === 0) return null;
  const value = Math.exp(logprobs[summary]);
  // A runtime's rounding can give a log-probability a hair above 0.
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}

/**
 * Per case id, the share of its model's repeats of the same row and prompt whose trimmed output is
 * the most common one (the same for each repeat with an output); null for a record without output,
 * or where fewer than two repeats answered.
 */
export function repeatAgreements(records: readonly ResultRecord[]): Map<string, number | null> {
  const groups = new Map<string, Map<string, ResultRecord>>();
  for (const r of records) {
    const key = JSON.stringify([r.model, r.rowId, r.promptId]);
    const group = groups.get(key) ?? new Map<string, ResultRecord>();
    group.set(r.caseId, r);
    groups.set(key, group);
  }
  const out = new Map<string, number | null>();
  for (const group of groups.values()) {
    const answers = [...group.values()].flatMap((r) => (r.output === null ? [] : [r.output.trim()]));
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    const share = answers.length < 2 ? null : Math.max(...counts.values()) / answers.length;
    for (const r of group.values()) out.set(r.caseId, r.output === null ? null : share);
  }
  return out;
}
