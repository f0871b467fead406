import { formatMeanScore, formatPassRate } from '../format.js';
import type { QualityKind } from '../quality.js';
import { linearScale, niceTicks, px } from './scale.js';

/** One run of a suite as the trend reads it: its models' quality, oldest run first. */
export interface TrendRun {
  name: string;
  createdAt: string;
  complete: boolean;
  models: { id: string; passRate: number | null; meanScore: number | null }[];
}

export interface TrendPoint {
  x: number;
  y: number;
  /** Drawn hollow: a run that stopped short, whose figures are partial. */
  complete: boolean;
  title: string;
}

export interface TrendSeries {
  model: string;
  /** CSS class of its colour (series-0 … series-7, cycling). */
  series: string;
  /** Polyline through its runs, in run order (null with one point). */
  line: string | null;
  points: TrendPoint[];
}

/** Geometry of a suite's quality across runs; markup in templates/partials/trend-svg.hbs. */
export interface TrendChart {
  width: number;
  height: number;
  plot: { x: number; y: number; bottom: number; right: number };
  xTicks: { x: number; label: string; title: string }[];
  yTicks: { y: number; label: string }[];
  series: TrendSeries[];
}

const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { left: 56, right: 40, top: 30, bottom: 40 };
const SERIES_COLOURS = 8;

/**
 * Each model's quality over a suite's runs, oldest first, one evenly spaced column per run (runs are
 * events, not a clock: a week's gap and a minute's draw alike), in the quality `kind` the index shows
 * (`suiteQualityKind`). The y axis spans the values
 * (nice ticks within [0, 1]) so a few points' change shows. Null with fewer than two runs that have
 * figures: a trend needs two.
 */
export function trendChart(runsOldestFirst: readonly TrendRun[], kind: QualityKind): TrendChart | null {
  const runs = runsOldestFirst.filter((r) => r.models.length > 0);
  if (runs.length < 2) return null;
  const figureOf = (m: TrendRun['models'][number]) => (kind === 'mean score' ? m.meanScore : m.passRate);
  const values = runs.flatMap((r) => r.models.map(figureOf)).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 4).filter((t) => t >= 0 && t <= 1);
  const lo = Math.min(ticks[0] ?? 0, ...values);
  const hi = Math.max(ticks[ticks.length - 1] ?? 1, ...values);
  const plot = { x: PLOT.left, y: PLOT.top, bottom: HEIGHT - PLOT.bottom, right: WIDTH - PLOT.right };
  const sx = linearScale(0, runs.length - 1, plot.x + 12, plot.right - 12);
  const sy = linearScale(lo, hi === lo ? lo + 1 : hi, plot.bottom, plot.y);
  const fmt = (v: number) => (kind === 'mean score' ? formatMeanScore(v, null) : formatPassRate(v, null));

  const ids: string[] = [];
  for (const r of runs) for (const m of r.models) if (!ids.includes(m.id)) ids.push(m.id);
  const series = ids.map((id, i) => {
    const points = runs.flatMap((r, j) => {
      const m = r.models.find((x) => x.id === id);
      const v = m ? figureOf(m) : null;
      if (v === null) return [];
      return [
        {
          x: px(sx(j)),
          y: px(sy(v)),
          complete: r.complete,
          title: `${id}: ${kind} ${fmt(v)} in ${r.name}${r.complete ? '' : ' (incomplete)'}`,
        },
      ];
    });
    return {
      model: id,
      series: `series-${i % SERIES_COLOURS}`,
      line: points.length > 1 ? points.map((p) => `${p.x},${p.y}`).join(' ') : null,
      points,
    };
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    // At most about eight labels, so they do not overlap; every column keeps its run's name as a title.
    xTicks: runs.map((r, j) => ({
      x: px(sx(j)),
      label: j % Math.ceil(runs.length / 8) === 0 ? shortTime(r.createdAt) : '',
      title: r.name,
    })),
    yTicks: ticks.map((t) => ({ y: px(sy(t)), label: fmt(t) })),
    series,
  };
}

/** "12-03 13:20" from an ISO time: the axis has room for no more. */
function shortTime(iso: string): string {
  const m = /^\d{4}-(\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}
