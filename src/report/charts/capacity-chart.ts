import type { LoadLevel } from '../../schema/load-record.js';
import { formatMs, formatNumber } from '../format.js';
import { linearScale, niceTicks, px } from './scale.js';

export interface CapacityPoint {
  x: number;
  y: number;
  title: string;
}

/** A horizontal line at a latency target, labelled. */
export interface TargetLine {
  y: number;
  label: string;
  kind: 'latency' | 'ttft';
}

/**
 * Geometry of one model's load sweep: p95 latency and p95 TTFT against requests per second across
 * its levels, the latency target as horizontal lines, the capacity level marked. Markup in
 * templates/partials/capacity-svg.hbs.
 */
export interface CapacityChart {
  width: number;
  height: number;
  plot: { x: number; y: number; bottom: number; right: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  latency: { line: string; points: CapacityPoint[] };
  ttft: { line: string; points: CapacityPoint[] };
  targets: TargetLine[];
  /** The capacity level: a vertical line at its requests per second (null: no level met the target). */
  chosen: { x: number; label: string } | null;
}

const WIDTH = 560;
const HEIGHT = 280;
const PLOT = { left: 64, right: 24, top: 20, bottom: 44 };

/**
 * The chart of one model's levels; null when fewer than one level has a throughput to place it at.
 * Axes start at 0: a sweep is read as "how far can the load go before the target breaks".
 */
export function capacityChart(
  levels: readonly LoadLevel[],
  target: { latencyP95Ms: number | null; ttftP95Ms: number | null },
  capacity: { concurrency: number; requestsPerSecond: number } | null,
): CapacityChart | null {
  const placed = levels
    .filter((l): l is LoadLevel & { requestsPerSecond: number } => l.requestsPerSecond !== null)
    .sort((a, b) => a.concurrency - b.concurrency);
  if (placed.length === 0) return null;
  const values = placed
    .flatMap((l) => [l.latencyMs.p95, l.ttftMs.p95])
    .filter((v): v is number => v !== null);
  const yMax = Math.max(1, ...values, target.latencyP95Ms ?? 0, target.ttftP95Ms ?? 0);
  const xMax = Math.max(...placed.map((l) => l.requestsPerSecond), 1e-9);
  const xTickValues = niceTicks(0, xMax);
  const yTickValues = niceTicks(0, yMax);
  const xEnd = xTickValues[xTickValues.length - 1] as number;
  const yEnd = yTickValues[yTickValues.length - 1] as number;
  const plot = { x: PLOT.left, y: PLOT.top, bottom: HEIGHT - PLOT.bottom, right: WIDTH - PLOT.right };
  const sx = linearScale(0, xEnd, plot.x, plot.right);
  const sy = linearScale(0, yEnd, plot.bottom, plot.y);
  const series = (pick: (l: LoadLevel) => number | null, what: string) => {
    const points = placed.flatMap((l) => {
      const v = pick(l);
      return v === null
        ? []
        : [
            {
              x: px(sx(l.requestsPerSecond)),
              y: px(sy(v)),
              title: `${l.concurrency} in flight: ${formatNumber(l.requestsPerSecond, 3)} requests/s, ${what} ${formatMs(v)}`,
            },
          ];
    });
    return { line: points.map((p) => `${p.x},${p.y}`).join(' '), points };
  };
  const targets: TargetLine[] = [];
  if (target.latencyP95Ms !== null)
    targets.push({
      y: px(sy(target.latencyP95Ms)),
      label: `p95 ≤ ${formatMs(target.latencyP95Ms)}`,
      kind: 'latency',
    });
  if (target.ttftP95Ms !== null)
    targets.push({
      y: px(sy(target.ttftP95Ms)),
      label: `TTFT p95 ≤ ${formatMs(target.ttftP95Ms)}`,
      kind: 'ttft',
    });
  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    xTicks: xTickValues.map((t) => ({ x: px(sx(t)), label: formatNumber(t, 3) })),
    yTicks: yTickValues.map((t) => ({ y: px(sy(t)), label: formatMs(t) })),
    latency: series((l) => l.latencyMs.p95, 'p95 latency'),
    ttft: series((l) => l.ttftMs.p95, 'p95 TTFT'),
    targets,
    chosen: capacity
      ? {
          x: px(sx(capacity.requestsPerSecond)),
          label: `capacity: ${capacity.concurrency} in flight, ${formatNumber(capacity.requestsPerSecond, 3)} requests/s`,
        }
      : null,
  };
}
