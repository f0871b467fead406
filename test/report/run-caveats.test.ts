import { describe, expect, it } from 'vitest';
import { printSummary } from '../../src/cli/print-summary.js';
import { renderReport } from '../../src/report/render-report.js';
import { runCaveats } from '../../src/report/run-caveats.js';
import { summaryMarkdown } from '../../src/report/summary-markdown.js';
import { fakeRun } from './fake-run.js';

describe('runCaveats', () => {
  const run = fakeRun();
  const first = run.summary.models[1];
  if (!first) throw new Error('fake run has no candidate');
  const flagged = {
    ...run.summary,
    complete: false,
    incomplete: ['qwen: 3 of 80 calls recorded'],
    overrides: { confidence: { suite: 0.95, used: 0.8 } },
    models: run.summary.models.map((m) =>
      m.id === first.id ? { ...m, queueing: true, inFlight: { p50: 4, max: 4 } } : m,
    ),
  };

  it('says nothing for a complete run at the suite settings without queueing', () => {
    expect(runCaveats({ ...run.summary, complete: true })).toEqual([]);
    expect(summaryMarkdown({ ...run.summary, complete: true })).not.toContain('⚠️');
  });

  it('words each caveat once, and every output shows the same words', () => {
    const caveats = runCaveats(flagged);
    expect(caveats.map((c) => c.kind)).toEqual(['incomplete', 'overrides', 'queueing']);
    expect(caveats[0]?.text).toContain('Missing: qwen: 3 of 80 calls recorded.');
    expect(caveats[1]?.text).toContain("confidence 80% (the suite's: 95%)");
    expect(caveats[2]?.text).toContain(
      `${first.id}: time to first token grew with the calls in flight (up to 4 at once)`,
    );
    const md = summaryMarkdown(flagged);
    const html = renderReport({ ...run, summary: flagged });
    const lines: string[] = [];
    printSummary(flagged, { out: (l = '') => lines.push(l), err: () => {}, warn: () => {} });
    for (const c of caveats) {
      expect(md).toContain(`**⚠️ ${c.title}.**`);
      expect(html).toContain(`caveat-${c.kind}`);
      expect(lines.join('\n')).toContain(`${c.title}: ${c.text}`);
    }
  });
});
