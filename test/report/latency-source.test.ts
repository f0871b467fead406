import { describe, expect, it } from 'vitest';
import { latencySourceText } from '../../src/report/latency-source.js';
import { renderReport } from '../../src/report/render-report.js';
import { fakeRun } from './fake-run.js';

describe('where each local model latency comes from', () => {
  const run = fakeRun();
  const local = run.summary.models.find((m) => m.role === 'candidate');
  if (!local) throw new Error('no candidate');

  it('says the run and its calls in flight, or the load level, and nothing for a remote model', () => {
    expect(latencySourceText({ ...local, latencySource: { kind: 'run', concurrency: 4 } })).toBe(
      `${local.id}: latency measured in the run at up to 4 calls in flight`,
    );
    expect(
      latencySourceText({
        ...local,
        latencySource: { kind: 'load', concurrency: 2 },
        loadLatencyMs: { p50: 90, p95: 160 },
        loadTtftMs: { p50: 20, p95: 37 },
      }),
    ).toBe(
      `${local.id}: sized by the load sweep at 2 in flight (p95 160 ms, TTFT p95 37 ms); the table's latency is the run's own`,
    );
    const { latencySource: _none, ...remote } = local;
    expect(latencySourceText(remote)).toBeNull();
  });

  it('shows the lines under the report models table', () => {
    const summary = {
      ...run.summary,
      models: run.summary.models.map((m) =>
        m.id === local.id ? { ...m, latencySource: { kind: 'run' as const, concurrency: 1 } } : m,
      ),
    };
    expect(renderReport({ ...run, summary })).toContain(
      `${local.id}: latency measured in the run at up to 1 call in flight`,
    );
  });
});
