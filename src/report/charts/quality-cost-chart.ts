import type { Summary } from '../../schema/summary.js';
import {
  COST_UNKNOWN,
  formatCostPer1k,
  formatFixed,
  formatMeanScore,
  formatPassRate,
  formatPercent,
  formatUsd,
} from '../format.js';
import { type QualityKind, qualityOf } from '../quality.js';
import { linearScale, niceTicks, px } from './scale.js';

export interface QualityCostPoint {
  x: number;
  y: number;
  ciY1: number | null;
  ciY2: number | null;
  label: string;
  labelX: number;
  labelY: number;
  anchor: 'start' | 'end';
  role: 'baseline' | 'candidate';
  title: string;
}

/** Geometry of the quality-versus-cost scatter; markup in templates/partials/quality-cost-svg.hbs. */
export interface QualityCostChart {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number; bottom: number; right: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  yLabel: string;
  points: QualityCostPoint[];
  /** Polyline through the models no other model beats on both cost and quality. */
  frontier: string | null;
  /** Models without a known cost or quality: named under the chart, not placed at a guessed spot. */
  unplaced: string[];
}

const WIDTH = 600;
const HEIGHT = 320;
const PLOT = { left: 60, right: 150, top: 28, bottom: 44 };

export function qualityCostChart(summary: Summary, kind: QualityKind): QualityCostChart {
  const placed = summary.models.flatMap((m) => {
    const q = qualityOf(m, kind);
    return q.value === null || m.costPer1k === null ? [] : [{ m, q: q.value, ci: q.ci, cost: m.costPer1k }];
  });
  const unplaced = summary.models
    .filter((m) => !placed.some((p) => p.m === m))
    .map((m) => `${m.id} (${m.costPer1k === null ? COST_UNKNOWN : `no ${kind}`})`);
  const plot = {
    x: PLOT.left,
    y: PLOT.top,
    width: WIDTH - PLOT.left - PLOT.right,
    height: HEIGHT - PLOT.top - PLOT.bottom,
    bottom: HEIGHT - PLOT.bottom,
    right: WIDTH - PLOT.right,
  };
  const maxCost = Math.max(0, ...placed.map((p) => p.cost));
  const xTickValues = niceTicks(0, maxCost > 0 ? maxCost : 1, 5);
  const xMax = xTickValues[xTickValues.length - 1] ?? 1;
  const sx = linearScale(0, xMax, plot.x, plot.right);
  const sy = linearScale(0, 1, plot.bottom, plot.y);

  const points: QualityCostPoint[] = placed.map(({ m, q, ci, cost }) => {
    const x = px(sx(cost));
    const nearRight = x > plot.right - 40;
    return {
      x,
      y: px(sy(q)),
      ciY1: ci ? px(sy(ci[0])) : null,
      ciY2: ci ? px(sy(ci[1])) : null,
      label: m.id,
      labelX: nearRight ? x - 8 : x + 8,
      labelY: px(sy(q) + 4),
      anchor: nearRight ? 'end' : 'start',
      role: m.role,
      title: `${m.id}: ${kind} ${kind === 'pass rate' ? formatPassRate(q, ci) : formatMeanScore(q, ci)}, ${formatCostPer1k(cost)}`,
    };
  });
  spreadLabels(points);

  // The frontier of choices: walking from cheap to dear, keep each model that raises quality.
  const byCost = [...placed].sort((a, b) => a.cost - b.cost || b.q - a.q);
  const frontier: string[] = [];
  let best = -Infinity;
  for (const p of byCost) {
    if (p.q > best) {
      best = p.q;
      frontier.push(`${px(sx(p.cost))},${px(sy(p.q))}`);
    }
  }
  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    xTicks: xTickValues.map((v) => ({ x: px(sx(v)), label: formatUsd(v) })),
    yTicks: niceTicks(0, 1, 4).map((v) => ({
      y: px(sy(v)),
      label: kind === 'pass rate' ? formatPercent(v, 0) : formatFixed(v, 2),
    })),
    yLabel: kind,
    points,
    frontier: frontier.length > 1 ? frontier.join(' ') : null,
    unplaced,
  };
}

/** Local models often share a cost (0): keep their labels at least a line apart. */
function spreadLabels(points: QualityCostPoint[]): void {
  const sorted = [...points].sort((a, b) => a.labelY - b.labelY);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i] as QualityCostPoint;
    for (let j = i - 1; j >= 0; j--) {
      const q = sorted[j] as QualityCostPoint;
      if (Math.abs(q.labelX - p.labelX) < 120 && p.labelY - q.labelY < 13) p.labelY = px(q.labelY + 13);
    }
  }
}
