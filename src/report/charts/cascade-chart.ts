import type { CascadeCurve } from '../../schema/summary.js';
import { formatPercent, formatScore } from '../format.js';
import { linearScale, px } from './scale.js';

/** Geometry of one swept confidence policy's curve; markup in templates/partials/cascade-svg.hbs. */
export interface CascadeChart {
  title: string;
  width: number;
  height: number;
  plot: { x: number; y: number; bottom: number; right: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** Quality against the share escalated to the baseline, and its pointwise band. */
  line: string;
  band: string | null;
  summary: string;
}

const WIDTH = 520;
const HEIGHT = 260;
const PLOT = { left: 56, right: 20, top: 20, bottom: 44 };

export function cascadeChart(curve: CascadeCurve): CascadeChart | null {
  const points = curve.points
    .filter((p) => p.quality !== null)
    .sort((a, b) => a.escalationShare - b.escalationShare);
  if (points.length < 2) return null;
  const plot = { x: PLOT.left, y: PLOT.top, bottom: HEIGHT - PLOT.bottom, right: WIDTH - PLOT.right };
  const sx = linearScale(0, 1, plot.x, plot.right);
  const sy = linearScale(0, 1, plot.bottom, plot.y);
  const at = (share: number, q: number) => `${px(sx(share))},${px(sy(q))}`;
  const line = points.map((p) => at(p.escalationShare, p.quality as number)).join(' ');
  const banded = points.filter((p) => p.qualityCi !== null);
  const band =
    banded.length === points.length
      ? [
          ...banded.map((p) => at(p.escalationShare, (p.qualityCi as [number, number])[1])),
          ...[...banded].reverse().map((p) => at(p.escalationShare, (p.qualityCi as [number, number])[0])),
        ].join(' ')
      : null;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const figure = (
    label: string,
    x: number | null,
    ci: readonly [number, number] | null,
    f: (v: number) => string,
  ) => (x === null ? null : `${label} ${f(x)}${ci ? ` [${f(ci[0])}, ${f(ci[1])}]` : ''}`);
  return {
    title: `${curve.candidate}: ${curve.policy}`,
    width: WIDTH,
    height: HEIGHT,
    plot,
    xTicks: ticks.map((t) => ({ x: px(sx(t)), label: formatPercent(t, 0) })),
    yTicks: ticks.map((t) => ({ y: px(sy(t)), label: formatScore(t) })),
    line,
    band,
    summary: [
      figure('APGR', curve.apgr, curve.apgrCi, formatScore),
      figure('escalated for 50% of the gap', curve.shareFor50, curve.shareFor50Ci, (v) => formatPercent(v)),
      figure('for 80%', curve.shareFor80, curve.shareFor80Ci, (v) => formatPercent(v)),
    ]
      .filter((s): s is string => s !== null)
      .join(' · '),
  };
}
