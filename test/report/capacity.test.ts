import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityChart } from '../../src/report/charts/capacity-chart.js';
import { readRunRecords } from '../../src/report/read-run-records.js';
import { renderReport } from '../../src/report/render-report.js';
import { sizingSentence } from '../../src/report/sizing-sentence.js';
import { summaryMarkdown } from '../../src/report/summary-markdown.js';
import { writeRunOutputs } from '../../src/report/write-outputs.js';
import type { LoadLevel, LoadRecord } from '../../src/schema/load-record.js';
import type { CapacitySummary, Summary } from '../../src/schema/summary.js';
import { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';
import { fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

function level(concurrency: number, rps: number | null, p95: number, ttftP95: number): LoadLevel {
  return {
    concurrency,
    requests: 60,
    durationMs: 30_000,
    requestsPerSecond: rps,
    outputTokensPerSecond: 40,
    ttftMs: { p50: ttftP95 / 2, p95: ttftP95, p99: ttftP95 * 1.2 },
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.2 },
    errorShare: 0,
  };
}

/** A load.json as `rightsize load` writes it, by hand: qwen meets p95 ≤ 200 ms up to 4 in flight. */
const load: LoadRecord = {
  schemaVersion: 1,
  suite: 'support-routing',
  createdAt: '2026-01-02T00:00:00.000Z',
  slo: { latencyP95Ms: 200, ttftP95Ms: null },
  models: [
    {
      id: 'qwen2.5:7b',
      provider: 'ollama:qwen2.5:7b',
      levels: [
        level(1, 0.1, 120, 30),
        level(2, 0.15, 160, 50),
        level(4, 0.2, 190, 80),
        level(8, 0.25, 300, 150),
      ],
      stoppedBy: 'slo',
      capacity: { concurrency: 4, requestsPerSecond: 0.2 },
      // 10,000 a day × 3 / 86,400 = 0.347 requests/s → 2 servers; 2 × $0.80 × 730 h = $1,168; $3.84 per 1k.
      sizing: {
        peakRequestsPerSecond: (10_000 * 3) / 86_400,
        servers: 2,
        monthlyCost: 1168,
        costPer1k: 3.84,
      },
    },
  ],
};

const capacity: CapacitySummary = {
  concurrency: 4,
  requestsPerSecond: 0.2,
  target: { latencyP95Ms: 200, ttftP95Ms: null },
  sizing: {
    peakRequestsPerSecond: (10_000 * 3) / 86_400,
    servers: 2,
    monthlyCost: 1168,
    costPer1k: 3.84,
    requestsPerDay: 10_000,
    perHour: 0.8,
  },
};

describe('sizingSentence', () => {
  it('says the servers, price, traffic, target and cost in one sentence', () => {
    expect(sizingSentence({ capacity })).toBe(
      '2 servers at $0.80/h meet 10,000 requests a day at p95 ≤ 200 ms: $3.84 per 1k requests, $1,168 per month',
    );
    const one = {
      ...capacity,
      sizing: { ...(capacity.sizing as NonNullable<CapacitySummary['sizing']>), servers: 1 },
    };
    expect(sizingSentence({ capacity: one })).toMatch(/^1 server at \$0\.80\/h meets /);
  });

  it('says what it cannot size, and nothing for a model load.json does not cover', () => {
    const unpriced = {
      ...capacity,
      target: { latencyP95Ms: 200, ttftP95Ms: 50 },
      sizing: {
        ...(capacity.sizing as NonNullable<CapacitySummary['sizing']>),
        perHour: null,
        monthlyCost: null,
        costPer1k: null,
      },
    };
    expect(sizingSentence({ capacity: unpriced })).toBe(
      '2 servers meet 10,000 requests a day at p95 ≤ 200 ms and TTFT p95 ≤ 50 ms: cost unknown (no cost.perHour)',
    );
    expect(sizingSentence({ capacity: null })).toMatch(/^no load level met the latency target/);
    expect(sizingSentence({})).toBeNull();
  });
});

describe('capacityChart', () => {
  it('places p95 latency and TTFT against requests/s, the target line and the chosen level', () => {
    const model = load.models[0] as LoadRecord['models'][number];
    const c = capacityChart(model.levels, load.slo, model.capacity);
    if (!c) throw new Error('no chart');
    // x: 0 … 0.25 requests/s over 64 … 536 px; y: 0 … 300 ms over 236 … 20 px.
    expect(c.xTicks.map((t) => t.label)).toEqual(['0', '0.05', '0.1', '0.15', '0.2', '0.25']);
    expect(c.latency.points).toHaveLength(4);
    expect(c.ttft.points).toHaveLength(4);
    expect(c.chosen?.x).toBeCloseTo(64 + (0.2 / 0.25) * 472, 1);
    expect(c.targets).toEqual([{ y: 236 - (200 / 300) * 216, label: 'p95 ≤ 200 ms', kind: 'latency' }]);
    expect(c.latency.points[0]).toMatchObject({ x: 64 + (0.1 / 0.25) * 472, y: 236 - (120 / 300) * 216 });
  });

  it('has no chart without throughput, and no mark without a capacity', () => {
    expect(capacityChart([level(1, null, 100, 20)], load.slo, null)).toBeNull();
    expect(capacityChart([level(1, 0.1, 100, 20)], load.slo, null)?.chosen).toBeNull();
  });
});

describe('load.json in the run directory', () => {
  it('sizes the model it covers in summary.json, summary.md and report.html', async () => {
    const run = fakeRun({ rows: 8 });
    // The suite's traffic and price, as load.json was sized with them.
    if (run.meta.settings) run.meta.settings.requestsPerDay = 10_000;
    for (const m of run.meta.models ?? []) if (m.label === 'qwen2.5:7b') m.cost = { perHour: 0.8 };
    const dir = writeRunDir(join(tempFiles({}), 'run'), run);
    writeFileSync(join(dir, 'load.json'), JSON.stringify(load));
    const { summary } = await writeRunOutputs(dir);
    const qwen = summary.models.find((m) => m.id === 'qwen2.5:7b');
    expect(qwen?.costMethod).toBe('load-sizing');
    expect(qwen?.costPer1k).toBe(3.84);
    expect(qwen?.latencySource).toEqual({ kind: 'load', concurrency: 4 });
    expect(qwen?.loadLatencyMs).toEqual({ p50: 95, p95: 190 });
    const llama = summary.models.find((m) => m.id === 'llama3.2:1b');
    expect(llama?.latencySource?.kind).toBe('run');
    expect(llama?.capacity).toBeUndefined();

    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('### Capacity');
    expect(md).toContain(
      '| qwen2.5:7b | 0.2 requests/s at 4 in flight | 190 ms / 80 ms | 2 | $3.84 | $1,168 |',
    );
    const sentence = sizingSentence(qwen ?? {});
    expect(sentence).toMatch(
      /^2 servers .* meet 10,000 requests a day at p95 ≤ 200 ms: \$3\.84 per 1k requests/,
    );
    expect(md).toContain(`- **qwen2.5:7b**: ${sentence}`);

    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('id="capacity"');
    expect(html).toContain('class="chart capacity"');
    expect(html).toContain('class="chosen-level"');
    expect(html).toContain('2 servers at $0.80/h meet 10,000 requests a day at p95 ≤ 200 ms');

    // `rightsize report` re-renders from the directory alone, load.json included.
    const records = readRunRecords(dir);
    expect(records.load).toEqual(load);
    expect(renderReport(records)).toBe(html);
  });

  it('has no capacity section without load.json', () => {
    const run = fakeRun({ rows: 4 });
    const html = renderReport(run);
    expect(html).not.toContain('id="capacity"');
    expect(summaryMarkdown(run.summary as Summary)).not.toContain('### Capacity');
  });

  it('names load.json and the fix when it is broken', async () => {
    const dir = writeRunDir(join(tempFiles({}), 'run'), fakeRun({ rows: 3 }));
    writeFileSync(join(dir, 'load.json'), JSON.stringify({ ...load, schemaVersion: 2 }));
    await expect(writeRunOutputs(dir)).rejects.toThrow(UserError);
    await expect(writeRunOutputs(dir)).rejects.toThrow(/load\.json is not valid: .* at schemaVersion/);
    expect(() => readRunRecords(dir)).toThrow(/load\.json/);
    writeFileSync(join(dir, 'load.json'), '{');
    await expect(writeRunOutputs(dir)).rejects.toMatchObject({ file: join(dir, 'load.json') });
  });
});
