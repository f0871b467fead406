import type { RunMeta } from '../schema/run-meta.js';
import { promptsFor } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { shortHash } from '../util/hash.js';

/** Shard `index` of `count` (1-based: 1/4 … 4/4), as `run --shard K/N` names it. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The rows of one shard, in the dataset's order. Rows are ranked by a hash of their id (then the id)
 * and dealt round-robin: rank 0 to shard 1, rank 1 to shard 2, …, rank N to shard 1 again. So every
 * row is in exactly one shard, shards differ by at most one row, and each takes a spread of the data
 * rather than a run of neighbouring (often alike) rows. The split depends on the row ids alone, so
 * every shard process computes the same one without talking to the others. A row's prompts, models,
 * repeats and judge calls all follow it, so every baseline–candidate pair stays within one shard.
 */
export function shardRows<T extends { id: string }>(rows: readonly T[], shard: Shard): T[] {
  const ranked = rows
    .map((r) => ({ id: r.id, key: `${shortHash(r.id, 16)}\u0000${r.id}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const mine = new Set(ranked.filter((_, rank) => rank % shard.count === shard.index - 1).map((r) => r.id));
  return rows.filter((r) => mine.has(r.id));
}

/**
 * run.json's `shard`: which share this is, and the whole run's rows and calls per model, so a merge of
 * some shards (`--allow-partial`) knows what the missing ones would have held.
 */
export function describeShard(
  suite: Pick<Suite, 'rows' | 'prompts' | 'models'>,
  shard: Shard,
  shardRowCount: number,
  repeat: number,
): NonNullable<RunMeta['shard']> {
  const planned = Object.fromEntries(
    suite.models.map((m) => [m.label, promptsFor(m, suite.prompts).length * suite.rows.length * repeat]),
  );
  return {
    index: shard.index,
    count: shard.count,
    rows: shardRowCount,
    total: { rows: suite.rows.length, planned },
  };
}
