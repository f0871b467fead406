import type { ResultRecord } from '../../schema/result-record.js';
import { formatInt, formatMs } from '../format.js';
import { px, quantile } from './scale.js';

export interface LatencyBox {
  y: number;
  yMid: number;
  yBottom: number;
  label: string;
  role: 'baseline' | 'candidate';
  /** Whiskers p5..p95, box p25..p75, median line. */
  x5: number;
  x25: number;
  x50: number;
  x75: number;
  x95: number;
  boxWidth: number;
  title: string;
}

/** Geometry of the latency box plots (log scale); markup in templates/partials/latency-svg.hbs. */
export interface LatencyChart {
  width: number;
  height: number;
  plot: { x: number; right: number; top: number; bottom: number };
  ticks: { x: number; label: string }[];
  boxes: LatencyBox[];
  boxHeight: number;
  /** Models without any measured latency. */
  missing: string[];
}

const WIDTH = 640;
const LEFT = 170;
const RIGHT = 24;
const ROW = 34;
const TOP = 10;
const BOX = ROW - 14;

/** Per model, the distribution of call latencies from results.jsonl (successful calls only). */
export function latencyChart(
  models: readonly { id: string; role: 'baseline' | 'candidate' }[],
  results: readonly ResultRecord[],
): LatencyChart {
  const byModel = new Map<string, number[]>(models.map((m) => [m.id, []]));
  for (const r of results) {
    if (r.role === 'judge' || r.error || r.skipped || r.latencyMs === null || !(r.latencyMs > 0)) continue;
    byModel.get(r.model)?.push(r.latencyMs);
  }
  const stats = models.flatMap((m) => {
    const v = (byModel.get(m.id) ?? []).sort((a, b) => a - b);
    if (v.length === 0) return [];
    const q = (p: number) => quantile(v, p) as number;
    return [{ m, n: v.length, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) }];
  });
  const lo = Math.min(...stats.map((s) => s.p5));
  const hi = Math.max(...stats.map((s) => s.p95));
  // Frontier calls take seconds and local ones tens of milliseconds: only a log axis shows both.
  const d0 = stats.length ? Math.floor(Math.log10(lo)) : 1;
  const d1 = stats.length ? Math.max(d0 + 1, Math.ceil(Math.log10(hi))) : 4;
  const sx = (ms: number) => px(LEFT + ((Math.log10(ms) - d0) / (d1 - d0)) * (WIDTH - LEFT - RIGHT));
  const bottom = TOP + Math.max(1, stats.length) * ROW;
  const ticks: LatencyChart['ticks'] = [];
  for (let e = d0; e <= d1; e++) ticks.push({ x: sx(10 ** e), label: formatMs(10 ** e) });
  return {
    width: WIDTH,
    height: bottom + 28,
    plot: { x: LEFT, right: WIDTH - RIGHT, top: TOP, bottom },
    ticks,
    boxHeight: BOX,
    boxes: stats.map((s, i) => ({
      y: TOP + i * ROW + 7,
      yMid: TOP + i * ROW + 7 + BOX / 2,
      yBottom: TOP + i * ROW + 7 + BOX,
      label: s.m.id,
      role: s.m.role,
      x5: sx(s.p5),
      x25: sx(s.p25),
      x50: sx(s.p50),
      x75: sx(s.p75),
      x95: sx(s.p95),
      boxWidth: px(Math.max(1, sx(s.p75) - sx(s.p25))),
      title: `${s.m.id}: ${formatInt(s.n)} calls; p5 ${formatMs(s.p5)}, p25 ${formatMs(s.p25)}, median ${formatMs(s.p50)}, p75 ${formatMs(s.p75)}, p95 ${formatMs(s.p95)}`,
    })),
    missing: models.filter((m) => !stats.some((s) => s.m === m)).map((m) => m.id),
  };
}
