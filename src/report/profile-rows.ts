import type { ResultRecord } from '../schema/result-record.js';
import type { Summary } from '../schema/summary.js';
import {
  DASH,
  formatBytes,
  formatCost,
  formatInt,
  formatMs,
  formatParams,
  formatPercent,
  formatRate,
  formatScore,
} from './format.js';

/** One row of the model profiles table: every figure already formatted, "—" where unknown. */
export interface ProfileRow {
  id: string;
  role: string;
  provider: string;
  passRate: string;
  meanScore: string;
  parameters: string;
  quantization: string;
  contextWindow: string;
  memory: string;
  ttft: string;
  tokensPerSecond: string;
  latencyP50: string;
  latencyP95: string;
  costPer1k: string;
  monthlyCost: string;
  contextOverflow: string;
  errors: string;
}

export function profileRows(summary: Summary, results: readonly ResultRecord[]): ProfileRow[] {
  const overflow = new Map<string, number>();
  for (const r of results) {
    if (r.skipped === 'context_overflow') overflow.set(r.model, (overflow.get(r.model) ?? 0) + 1);
  }
  return summary.models.map((m) => ({
    id: m.id,
    role: m.role,
    provider: m.provider,
    passRate: formatPercent(m.passRate),
    meanScore: formatScore(m.meanScore),
    parameters: formatParams(m.profile.parameters),
    quantization: m.profile.quantization ?? DASH,
    contextWindow: contextCell(m.profile.contextWindow, m.profile.servingWindow),
    memory: formatBytes(m.profile.memoryBytes),
    ttft:
      m.ttftMs.p50 === null && m.ttftMs.p95 === null
        ? DASH
        : `${formatMs(m.ttftMs.p50)} / ${formatMs(m.ttftMs.p95)}`,
    tokensPerSecond: formatRate(m.tokensPerSecond),
    latencyP50: formatMs(m.latencyMs.p50),
    latencyP95: formatMs(m.latencyMs.p95),
    costPer1k: formatCost(m.costPer1k),
    monthlyCost: formatCost(m.monthlyCost),
    contextOverflow: formatInt(overflow.get(m.id) ?? 0),
    errors: formatInt(m.errors),
  }));
}

/** The trained window, and the one the runtime serves when it is another (what prompts were checked against). */
function contextCell(trained: number | null, serving: number | null | undefined): string {
  if (typeof serving !== 'number' || serving === trained) return formatInt(trained);
  return `${formatInt(trained)} (serves ${formatInt(serving)})`;
}
