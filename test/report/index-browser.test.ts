import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiffSide, diffRuns } from '../../src/compare/diff-runs.js';
import { diffPage } from '../../src/report/diff-page.js';
import { listRuns, renderIndex } from '../../src/report/runs-index.js';
import { modelMeta, resultRecord, runMeta, scoreRecord } from '../compare/records.js';
import { REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`index browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

/** A complete two-model run of 100 rows; `small` passes the rows `right` says. */
function side(dir: string, right: (i: number) => boolean): DiffSide {
  const rows = Array.from({ length: 100 }, (_, i) => `r${String(i).padStart(3, '0')}`);
  const models = { big: (i: number) => i % 10 !== 0, small: right };
  const scores = Object.entries(models).flatMap(([model, pass], mi) =>
    rows.map((rowId, i) =>
      scoreRecord({ model, rowId, role: mi ? 'candidate' : 'baseline', score: pass(i) ? 1 : 0 }),
    ),
  );
  const results = scores.map((s) => resultRecord({ model: s.model, rowId: s.rowId, role: s.role }));
  const meta = runMeta(
    [modelMeta({ label: 'big', role: 'baseline' }), modelMeta({ label: 'small', role: 'candidate' })],
    {},
    { big: 100, small: 100 },
  );
  return { dir, meta: { ...meta, runId: dir }, results, scores };
}

describe.skipIf(skip)('the runs index and diff.html in Chromium', () => {
  let browser: Browser;
  let indexUrl: string;
  let diffUrl: string;

  beforeAll(async () => {
    const reports = tempFiles({});
    const quality = [0.8, 0.86, 0.7];
    quality.forEach((q, i) => {
      const run = fakeRun({ rows: 4 });
      writeRunDir(join(reports, `run-${i}`), {
        ...run,
        meta: { ...run.meta, createdAt: `2026-01-0${i + 1}T10:00:00Z` },
        summary: {
          ...run.summary,
          complete: i < 2,
          models: run.summary.models.map((m) => ({ ...m, meanScore: m.role === 'baseline' ? 0.9 : q })),
        },
      });
    });
    writeFileSync(join(reports, 'index.html'), renderIndex(reports, listRuns(reports)));
    indexUrl = pathToFileURL(join(reports, 'index.html')).href;
    const diff = diffRuns({ a: side('a', (i) => i % 10 !== 0), b: side('b', (i) => i % 10 > 3) });
    writeFileSync(join(reports, 'diff.html'), diffPage(diff));
    diffUrl = pathToFileURL(join(reports, 'diff.html')).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // A style or script the CSP refuses is reported on the console.
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return { page, errors, requests };
  }

  it("draws each model's trend as a visible line in its own colour, the incomplete run hollow", async () => {
    const { page, errors, requests } = await open(indexUrl);
    expect(errors).toEqual([]);
    expect(requests).toEqual([indexUrl]);
    // Strings, as the test's TypeScript has no DOM library.
    const lines = (await page.evaluate(
      `[...document.querySelectorAll('svg.trend .series')].map((g) => {
        const line = g.querySelector('polyline');
        const box = line ? line.getBoundingClientRect() : null;
        return {
          model: g.getAttribute('data-model'),
          stroke: line ? getComputedStyle(line).stroke : null,
          fill: line ? getComputedStyle(line).fill : null,
          width: box ? box.width : 0,
          height: box ? box.height : 0,
          hollow: [...g.querySelectorAll('circle.incomplete')].map((c) => getComputedStyle(c).fill),
        };
      })`,
    )) as { model: string; stroke: string; fill: string; width: number; height: number; hollow: string[] }[];
    const qwen = lines.find((l) => l.model === 'qwen2.5:7b');
    const gpt = lines.find((l) => l.model === 'gpt-4o');
    expect(qwen?.width).toBeGreaterThan(300);
    // 0.8 → 0.86 → 0.7 spans the axis; the baseline's flat 0.9 has no height.
    expect(qwen?.height).toBeGreaterThan(50);
    expect(gpt?.height).toBeLessThan(3);
    expect(qwen?.stroke).not.toBe(gpt?.stroke);
    expect(qwen?.fill).toBe('none');
    expect(qwen?.hollow).toEqual(['rgb(255, 255, 255)']);
    mkdirSync(join(REPO, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'test-artifacts', 'runs-index.png'), fullPage: true });
    await page.close();
  });

  it('shows the diff with its outcomes styled, under its strict policy', async () => {
    const { page, errors, requests } = await open(diffUrl);
    expect(errors).toEqual([]);
    expect(requests).toEqual([diffUrl]);
    const outcomes = (await page.evaluate(
      `[...document.querySelectorAll('#models tr[data-model]')].map((tr) => [
        tr.getAttribute('data-model'),
        tr.getAttribute('data-outcome'),
        getComputedStyle(tr.querySelector('.outcome')).backgroundColor,
      ])`,
    )) as [string, string, string][];
    expect(outcomes).toEqual([
      ['big', 'no-regression', 'rgb(218, 251, 225)'],
      ['small', 'regression', 'rgb(255, 235, 233)'],
    ]);
    expect(await page.locator('#check').getAttribute('data-passed')).toBe('false');
    expect(await page.locator('table.cases[data-model="small"] tbody tr').count()).toBe(30);
    await page.screenshot({ path: join(REPO, 'test-artifacts', 'diff.png'), fullPage: true });
    await page.close();
  });
});
