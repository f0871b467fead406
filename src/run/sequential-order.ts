import { shortHash } from '../util/hash.js';

/** A case of a sequential run: one dataset row under one prompt, whatever its models and repeats. */
export interface SequentialCase {
  promptId: string;
  rowId: string;
}

export function sequentialKey(c: SequentialCase): string {
  return `${c.promptId}\u0000${c.rowId}`;
}

/**
 * Each case's position in a sequential run's order (docs/verdict.md, Sequential stopping): positions
 * already taken by recorded calls (`recorded`, by `sequentialKey`) are kept, and the free positions,
 * lowest first, go to the other cases sorted by a seeded hash of their prompt and row ids: a seeded
 * random order that does not depend on any outcome, so the confidence sequence's guarantee holds.
 *
 * Keeping what was recorded is what makes a run resumable and continuable. A killed run resumes in the
 * same order: within a round the order is the hash order, so the cases of a half-done batch that were
 * not recorded fill its free positions exactly as they would have. A larger dataset (`--continue`) keeps
 * every case already used where it was and adds the new ones after them, in hash order.
 */
export function sequentialOrder(
  cases: readonly SequentialCase[],
  recorded: ReadonlyMap<string, number>,
  seed: number,
): Map<string, number> {
  const position = new Map<string, number>();
  const taken = new Set<number>();
  const rest: { key: string; rank: string }[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    const key = sequentialKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    const at = recorded.get(key);
    if (at !== undefined && !taken.has(at)) {
      position.set(key, at);
      taken.add(at);
    } else {
      rest.push({ key, rank: shortHash(['sequential-order', seed, c.promptId, c.rowId], 16) });
    }
  }
  rest.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.key < b.key ? -1 : 1));
  let next = 0;
  for (const { key } of rest) {
    while (taken.has(next)) next++;
    position.set(key, next);
    taken.add(next);
  }
  return position;
}
