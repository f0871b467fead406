import { describe, expect, it } from 'vitest';
import { intervalChart } from '../../src/report/charts/interval-chart.js';
import { latencyChart } from '../../src/report/charts/latency-chart.js';
import { qualityCostChart } from '../../src/report/charts/quality-cost-chart.js';
import { niceTicks, quantile } from '../../src/report/charts/scale.js';
import { sliceHeatmap } from '../../src/report/charts/slice-heatmap.js';
import { fakeRun } from './fake-run.js';

describe('chart geometry', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(0, 2.5, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0, 2.6, 5)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
  });

  it('interpolates quantiles as R type 7 does', () => {
    // R: quantile(c(1, 2, 3, 4), 0.25) = 1.75; quantile(c(10, 20, 30), 0.95) = 29
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([10, 20, 30], 0.95)).toBeCloseTo(29, 10);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('draws the interval against the margin at 0', () => {
    const c = intervalChart(0.02, [0.004, 0.041], 'switch', 0.95);
    expect(c.lo.x).toBeGreaterThan(c.zeroX);
    expect(c.point?.x).toBeGreaterThan(c.lo.x);
    expect(c.point?.x).toBeLessThan(c.hi.x);
    expect(c.description).toContain('the margin is at 0');
    const keep = intervalChart(-0.25, [-0.31, -0.19], 'keep', 0.95);
    expect(keep.hi.x).toBeLessThan(keep.zeroX);
  });

  it('places models by cost and quality and names the ones it cannot place', () => {
    const { summary } = fakeRun({
      rows: 20,
      candidates: [
        { id: 'a', verdict: 'switch', passRate: 0.9, latencyMs: 100, costPer1k: 0.1 },
        { id: 'b', verdict: 'keep', passRate: 0.5, latencyMs: 100, costPer1k: null },
      ],
    });
    const chart = qualityCostChart(summary, 'pass rate');
    expect(chart.points.map((p) => p.label)).toEqual(['gpt-4o', 'a']);
    expect(chart.unplaced).toEqual(['b (cost unknown)']);
    const xs = chart.points.map((p) => p.x);
    expect(Math.max(...xs)).toBeLessThanOrEqual(chart.plot.right);
  });

  it('maps slice verdicts to cells, and has no heat map without slices', () => {
    const { summary } = fakeRun({ rows: 10 });
    const map = sliceHeatmap(summary);
    expect(map?.rows.map((r) => r.label)).toEqual(summary.candidates.map((c) => c.id));
    expect(map?.cells.filter((c) => c.verdict === 'keep').length).toBe(4);
    expect(
      sliceHeatmap({ ...summary, candidates: summary.candidates.map((c) => ({ ...c, slices: [] })) }),
    ).toBeNull();
  });

  it('plots latency from successful calls only, and names models without any', () => {
    const { results } = fakeRun({ rows: 30 });
    const chart = latencyChart(
      [
        { id: 'gpt-4o', role: 'baseline' },
        { id: 'ghost', role: 'candidate' },
      ],
      results,
    );
    expect(chart.boxes).toHaveLength(1);
    const box = chart.boxes[0];
    expect(box && box.x5 <= box.x25 && box.x25 <= box.x50 && box.x50 <= box.x75 && box.x75 <= box.x95).toBe(
      true,
    );
    expect(chart.missing).toEqual(['ghost']);
  });
});
