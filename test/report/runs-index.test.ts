import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trendChart } from '../../src/report/charts/trend-chart.js';
import { listRuns, renderIndex, suiteHistories } from '../../src/report/runs-index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type FakeRun, fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

describe('listRuns', () => {
  it('lists a run that stopped short as incomplete, with what is missing, whatever its gate says', () => {
    const reports = tempFiles({});
    const whole = fakeRun();
    writeRunDir(join(reports, 'whole'), { ...whole, summary: { ...whole.summary, complete: true } });
    const stopped = fakeRun();
    writeRunDir(join(reports, 'stopped'), {
      ...stopped,
      summary: {
        ...stopped.summary,
        complete: false,
        incomplete: ['qwen: 0 of 80 calls recorded'],
        gate: { passed: false, rules: [] },
      },
    });
    // As a killed run leaves it: records, no summary.json.
    rmSync(join(writeRunDir(join(reports, 'killed'), fakeRun()), 'summary.json'));
    const runs = new Map(listRuns(reports).map((r) => [r.name, r]));
    expect(runs.get('whole')).toMatchObject({ complete: true, problem: null });
    expect(runs.get('stopped')).toMatchObject({
      complete: false,
      problem: 'incomplete: qwen: 0 of 80 calls recorded',
    });
    expect(runs.get('killed')?.complete).toBe(false);
    expect(runs.get('killed')?.problem).toMatch(/^incomplete: no summary\.json/);
    expect(renderIndex(reports, [...runs.values()])).toContain('incomplete: qwen: 0 of 80 calls recorded');
  });
});

/** A fake run of `suite` made at `createdAt`, its models' mean scores (and pass rates) set to `quality`. */
function runOf(suite: string, createdAt: string, quality: Record<string, number>, complete = true): FakeRun {
  const run = fakeRun({ rows: 4 });
  return {
    ...run,
    meta: { ...run.meta, suite, createdAt },
    summary: {
      ...run.summary,
      suite,
      complete,
      ...(complete ? {} : { incomplete: ['qwen2.5:7b: 1 of 4 calls recorded'] }),
      models: run.summary.models.map((m) => ({
        ...m,
        passRate: quality[m.id] ?? null,
        meanScore: quality[m.id] ?? null,
      })),
    },
  };
}

describe('suiteHistories and the trend', () => {
  function folder(): string {
    const reports = tempFiles({});
    writeRunDir(
      join(reports, 'r1'),
      runOf('routing', '2026-01-01T10:00:00Z', { 'gpt-4o': 0.9, 'qwen2.5:7b': 0.8 }),
    );
    writeRunDir(
      join(reports, 'r2'),
      runOf('routing', '2026-01-03T10:00:00Z', { 'gpt-4o': 0.92, 'qwen2.5:7b': 0.7 }, false),
    );
    writeRunDir(
      join(reports, 'r3'),
      runOf('routing', '2026-01-02T10:00:00Z', { 'gpt-4o': 0.91, 'qwen2.5:7b': 0.85 }),
    );
    writeRunDir(join(reports, 'b1'), runOf('billing', '2026-01-04T10:00:00Z', { 'gpt-4o': 0.5 }));
    return reports;
  }

  it('groups the runs by suite, newest first, the suite with the newest run first', () => {
    const groups = suiteHistories(listRuns(folder()));
    expect(groups.map((g) => [g.suite, g.runs.map((r) => r.name)])).toEqual([
      ['billing', ['b1']],
      ['routing', ['r2', 'r3', 'r1']],
    ]);
    expect(groups[0]?.trend).toBeNull();
    expect(groups[1]?.kind).toBe('mean score');
    const r1 = groups[1]?.runs.find((r) => r.name === 'r1');
    expect(r1?.models.find((m) => m.id === 'qwen2.5:7b')).toMatchObject({
      meanScore: 0.8,
      role: 'candidate',
    });
  });

  it("draws each model's quality over the runs oldest first, an incomplete run hollow", () => {
    const routing = suiteHistories(listRuns(folder())).find((g) => g.suite === 'routing');
    const chart = routing?.trend;
    if (!chart) throw new Error('expected a trend');
    expect(chart.xTicks.map((t) => t.title)).toEqual(['r1', 'r3', 'r2']);
    expect(chart.xTicks.map((t) => t.label)).toEqual(['01-01 10:00', '01-02 10:00', '01-03 10:00']);
    const qwen = chart.series.find((s) => s.model === 'qwen2.5:7b');
    const ys = qwen?.points.map((p) => p.y) ?? [];
    // 0.8, 0.85, 0.7: up then down (SVG y grows downwards), evenly spaced columns.
    expect(ys[1]).toBeLessThan(ys[0] as number);
    expect(ys[2]).toBeGreaterThan(ys[0] as number);
    const xs = qwen?.points.map((p) => p.x) ?? [];
    expect((xs[1] as number) - (xs[0] as number)).toBeCloseTo((xs[2] as number) - (xs[1] as number), 6);
    expect(qwen?.points.map((p) => p.complete)).toEqual([true, true, false]);
    expect(qwen?.points[2]?.title).toBe('qwen2.5:7b: mean score 0.700 in r2 (incomplete)');
    expect(qwen?.line?.split(' ')).toHaveLength(3);
    // The y axis spans the values, not 0..1, so a few points' change shows.
    const yOf = (label: string) => chart.yTicks.find((t) => t.label === label)?.y;
    expect(chart.yTicks.map((t) => t.label)).toContain('0.700');
    expect(yOf('0.000')).toBeUndefined();
    // Models without a figure in a run are left out of that column, not drawn at 0.
    expect(chart.series.find((s) => s.model === 'llama3.2:1b')).toMatchObject({ points: [], line: null });
  });

  it('needs two runs with figures for a trend', () => {
    const one = {
      name: 'x',
      createdAt: '2026-01-01T00:00:00Z',
      complete: true,
      models: [{ id: 'm', passRate: 0.5, meanScore: 0.5 }],
    };
    expect(trendChart([one], 'pass rate')).toBeNull();
    expect(trendChart([one, { ...one, name: 'y', models: [] }], 'pass rate')).toBeNull();
    expect(trendChart([one, { ...one, name: 'y' }], 'pass rate')?.series[0]?.points).toHaveLength(2);
  });

  it('renders a section per suite with the chart, each run with its quality and cost', () => {
    const reports = folder();
    const html = renderIndex(reports, listRuns(reports));
    expect(html.indexOf('data-suite="billing"')).toBeLessThan(html.indexOf('data-suite="routing"'));
    expect(html).toContain('<h2>routing <span class="muted">3 runs</span></h2>');
    expect(html.match(/<svg class="chart trend"/g)).toHaveLength(1);
    expect(html).toContain('one run with figures so far: the trend needs two');
    expect(html).toMatch(/<span class="model-id">qwen2\.5:7b<\/span> 0\.850 · \$0\.21/);
    expect(html).toContain('run-point incomplete');
  });
});
