import type { ResultRecord } from '../schema/result-record.js';

/**
 * The models with fewer calls recorded than planned, one line each ("qwen: 12 of 80 calls recorded"):
 * the one rule by which a run counts as stopped short. `planned` is run.json's plan per model label.
 */
export function callsShort(
  planned: Readonly<Record<string, number>>,
  recorded: ReadonlyMap<string, number>,
): string[] {
  return Object.entries(planned)
    .filter(([label, n]) => (recorded.get(label) ?? 0) < n)
    .map(([label, n]) => `${label}: ${recorded.get(label) ?? 0} of ${n} calls recorded`);
}

/** Distinct cases recorded per model label (judge calls aside). */
export function recordedCalls(results: readonly ResultRecord[]): Map<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const r of results) {
    if (r.role === 'judge') continue;
    const set = ids.get(r.model) ?? new Set<string>();
    set.add(r.caseId);
    ids.set(r.model, set);
  }
  return new Map([...ids].map(([label, set]) => [label, set.size]));
}
