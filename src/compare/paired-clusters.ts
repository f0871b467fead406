import type { ScoreRecord } from '../schema/score-record.js';

/**
 * The cases both models answered with a score, one entry per case (a dataset row under a prompt):
 * repeats of a case are one cluster, and `c[i]`, `b[i]` are the candidate's and the baseline's mean
 * scores over their scored repeats of case i. Sorted by case, so results do not depend on record order.
 */
export interface PairedClusters {
  /** `promptId` NUL `rowId` per case. */
  keys: string[];
  /** The case's slice column values (from the baseline's record). */
  slices: Record<string, string>[];
  c: Float64Array;
  b: Float64Array;
  /**
   * Pass/fail discordance for McNemar, over repeats answered by both with a pass/fail (repeat k of
   * the candidate against repeat k of the baseline; without repeats, one per case).
   */
  discordant: { candidateOnly: number; baselineOnly: number };
  /**
   * The same repeats per case: for each case with a repeat both answered with a pass/fail (in key
   * order), the repeats only the candidate passed minus those only the baseline passed. The input of
   * the clustered McNemar test (`clusteredMcnemar`), which keeps a case's repeats together.
   */
  caseDiscordance: Int32Array;
}

interface Cluster {
  sum: number;
  count: number;
  slices: Record<string, string>;
  passByRepeat: Map<number, boolean>;
}

export function clusterKey(r: { promptId: string; rowId: string }): string {
  return `${r.promptId}\u0000${r.rowId}`;
}

/** Per case: the sum and count of scored repeats, and each repeat's pass/fail. */
export function clustersOf(records: readonly ScoreRecord[]): Map<string, Cluster> {
  const out = new Map<string, Cluster>();
  for (const r of records) {
    const key = clusterKey(r);
    let cluster = out.get(key);
    if (!cluster) {
      cluster = { sum: 0, count: 0, slices: r.slices, passByRepeat: new Map() };
      out.set(key, cluster);
    }
    if (r.score !== null) {
      cluster.sum += r.score;
      cluster.count += 1;
    }
    if (r.pass !== null) cluster.passByRepeat.set(r.repeat, r.pass);
  }
  return out;
}

/** Plain code-unit order: locale-independent, so two machines sort alike. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function pairClusters(
  candidate: readonly ScoreRecord[],
  baseline: readonly ScoreRecord[],
): PairedClusters {
  const cand = clustersOf(candidate);
  const base = clustersOf(baseline);
  const keys = [...cand.keys()]
    .filter((k) => (cand.get(k)?.count ?? 0) > 0 && (base.get(k)?.count ?? 0) > 0)
    .sort(byCodeUnit);
  const c = new Float64Array(keys.length);
  const b = new Float64Array(keys.length);
  const slices: Record<string, string>[] = [];
  let candidateOnly = 0;
  let baselineOnly = 0;
  keys.forEach((key, i) => {
    const cc = cand.get(key) as Cluster;
    const bc = base.get(key) as Cluster;
    c[i] = cc.sum / cc.count;
    b[i] = bc.sum / bc.count;
    slices.push(Object.keys(bc.slices).length > 0 ? bc.slices : cc.slices);
  });
  const byCase: number[] = [];
  for (const key of [...cand.keys()].sort(byCodeUnit)) {
    const cc = cand.get(key) as Cluster;
    const bc = base.get(key);
    if (!bc) continue;
    let answered = false;
    let net = 0;
    for (const [repeat, cPass] of cc.passByRepeat) {
      const bPass = bc.passByRepeat.get(repeat);
      if (bPass === undefined) continue;
      answered = true;
      if (bPass === cPass) continue;
      if (cPass) {
        candidateOnly++;
        net++;
      } else {
        baselineOnly++;
        net--;
      }
    }
    if (answered) byCase.push(net);
  }
  return {
    keys,
    slices,
    c,
    b,
    discordant: { candidateOnly, baselineOnly },
    caseDiscordance: Int32Array.from(byCase),
  };
}
