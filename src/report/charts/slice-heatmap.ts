import type { Summary, Verdict } from '../../schema/summary.js';
import { formatInt, formatInterval, formatSigned } from '../format.js';
import { px } from './scale.js';

export interface HeatmapCell {
  x: number;
  y: number;
  tx: number;
  ty: number;
  verdict: Verdict | 'none';
  text: string;
  title: string;
}

/** Geometry of the per-slice verdict heat map; markup in templates/partials/heatmap-svg.hbs. */
export interface SliceHeatmap {
  width: number;
  height: number;
  cell: { width: number; height: number };
  rows: { x: number; y: number; label: string }[];
  columns: { x: number; y: number; label: string }[];
  groups: { x: number; x2: number; width: number; label: string }[];
  cells: HeatmapCell[];
}

const CELL_W = 52;
const CELL_H = 30;
const LEFT = 170;

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Candidates down, slice values across, each cell the candidate's verdict on that slice. */
export function sliceHeatmap(summary: Summary): SliceHeatmap | null {
  const columns: { slice: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const c of summary.candidates) {
    for (const s of c.slices) {
      const key = JSON.stringify([s.slice, s.value]);
      if (!seen.has(key)) {
        seen.add(key);
        columns.push({ slice: s.slice, value: s.value });
      }
    }
  }
  if (columns.length === 0 || summary.candidates.length === 0) return null;
  columns.sort((a, b) => (a.slice === b.slice ? 0 : a.slice < b.slice ? -1 : 1));
  // Column labels slant up at 50°: leave room for the longest (about 6 px a character).
  const longest = Math.max(...columns.map((c) => clip(c.value, 18).length));
  const TOP = Math.round(34 + longest * 6 * Math.sin((50 * Math.PI) / 180));

  const groups: SliceHeatmap['groups'] = [];
  columns.forEach((col, i) => {
    const last = groups[groups.length - 1];
    if (last && last.label === col.slice) last.width += CELL_W;
    else groups.push({ x: LEFT + i * CELL_W, x2: 0, width: CELL_W, label: col.slice });
  });
  for (const g of groups) g.x2 = g.x + g.width - 4;
  const cells: HeatmapCell[] = [];
  summary.candidates.forEach((c, r) => {
    columns.forEach((col, i) => {
      const s = c.slices.find((v) => v.slice === col.slice && v.value === col.value);
      cells.push({
        x: LEFT + i * CELL_W,
        y: TOP + r * CELL_H,
        tx: px(LEFT + i * CELL_W + (CELL_W - 2) / 2),
        ty: TOP + r * CELL_H + 19,
        verdict: s ? s.verdict : 'none',
        text: s ? formatSigned(s.diff, 2) : '',
        title: s
          ? `${c.id} on ${col.slice} = ${col.value}: ${s.verdict}; diff ${formatSigned(s.diff)}, mean(d) interval ${formatInterval(s.ci, (x) => formatSigned(x))}, ${formatInt(s.cases)} cases${s.samplesNeeded !== null ? `, about ${formatInt(s.samplesNeeded)} needed` : ''}`
          : `${c.id} on ${col.slice} = ${col.value}: no verdict`,
      });
    });
  });
  return {
    width: LEFT + columns.length * CELL_W + 10,
    height: TOP + summary.candidates.length * CELL_H + 6,
    cell: { width: CELL_W - 2, height: CELL_H - 2 },
    rows: summary.candidates.map((c, r) => ({
      x: LEFT - 8,
      y: px(TOP + r * CELL_H + CELL_H / 2 + 4),
      label: clip(c.id, 24),
    })),
    columns: columns.map((col, i) => ({
      x: px(LEFT + i * CELL_W + CELL_W / 2),
      y: TOP - 6,
      label: clip(col.value, 18),
    })),
    groups,
    cells,
  };
}
