import { type CaseRef, lookupRecorded, type RecordedIndex } from './recorded-file.js';

/** How many missing rows a message names before it says "and N more". */
const EXAMPLES = 5;

/**
 * Why a recorded-answers file cannot answer every one of `calls`, or null when it can. Counted in
 * dataset rows (what a person adds lines for), with the calls when prompts or repeats make them differ.
 */
export function recordedCoverageProblem(
  index: RecordedIndex,
  calls: readonly CaseRef[],
  name: string,
): string | null {
  const callsOfRow = new Map<string, { total: number; missing: CaseRef[] }>();
  for (const call of calls) {
    const entry = callsOfRow.get(call.rowId) ?? { total: 0, missing: [] };
    entry.total++;
    if (!lookupRecorded(index, call)) entry.missing.push(call);
    callsOfRow.set(call.rowId, entry);
  }
  const uncovered = [...callsOfRow].filter(([, e]) => e.missing.length > 0);
  if (uncovered.length === 0) return null;
  const missingCalls = uncovered.reduce((n, [, e]) => n + e.missing.length, 0);
  const rows = (n: number) => `${n} dataset row${n === 1 ? '' : 's'}`;
  // A row with some of its calls answered needs a line for the prompt and repeat that are not.
  const examples = uncovered.slice(0, EXAMPLES).map(([id, e]) => {
    const first = e.missing[0] as CaseRef;
    return e.missing.length === e.total
      ? `"${id}"`
      : `"${id}" (prompt "${first.promptId}", repeat ${first.repeat})`;
  });
  const more = uncovered.length > EXAMPLES ? ` and ${uncovered.length - EXAMPLES} more` : '';
  const callNote =
    missingCalls === uncovered.length && calls.length === callsOfRow.size
      ? ''
      : ` (${missingCalls} of ${calls.length} calls)`;
  return (
    `${name} has no answer for ${uncovered.length} of the ${rows(callsOfRow.size)} the suite sends it${callNote}: ` +
    `${uncovered.length === 1 ? 'id' : 'ids'} ${examples.join(', ')}${more}. Add a line {"id": "<row id>", "output": "..."} for each (a line without ` +
    '"prompt" and "repeat" serves every prompt and repeat of its row), or take this model out of the suite'
  );
}
