/**
 * The report benchmark (issue 7): 10,000 cases × 4 models from recorded outputs.
 * Targets: report generated in < 3 s, file < 15 MB, interactive in Chromium < 2 s after load starts.
 *
 *   npx tsx bench/report-bench.ts [cases]
 *
 * Exits 1 when a target is missed. Chromium is /usr/bin/chromium (see docs/architecture.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../src/report/render-report.js';
import { writeReport } from '../src/report/write-report.js';
import { fakeRun } from '../test/report/fake-run.js';

const CASES = Number(process.argv[2] ?? 10_000);
const TARGET = { generateMs: 3000, bytes: 15 * 1024 * 1024, interactiveMs: 2000 };

function line(name: string, value: string, ok: boolean | null): void {
  console.log(`${name.padEnd(50)} ${value.padStart(12)}  ${ok === null ? '' : ok ? 'ok' : 'MISSED'}`);
}

const dir = mkdtempSync(join(tmpdir(), 'rightsize-report-bench-'));
const run = fakeRun({ rows: CASES, seed: 11 });
// A run directory as `rightsize run` leaves it, so `writeReport` pays for reading and validating too.
writeFileSync(join(dir, 'run.json'), JSON.stringify(run.meta));
writeFileSync(join(dir, 'summary.json'), JSON.stringify(run.summary));
writeFileSync(join(dir, 'results.jsonl'), run.results.map((r) => `${JSON.stringify(r)}\n`).join(''));
writeFileSync(join(dir, 'scores.jsonl'), run.scores.map((s) => `${JSON.stringify(s)}\n`).join(''));
const models = run.summary.models.length;
console.log(`report benchmark: ${CASES.toLocaleString('en-US')} cases × ${models} models\n`);

// First the CLI's path, cold as `rightsize report` runs it: read and validate the files, render, write.
let t = performance.now();
const written = writeReport(dir);
const writeMs = performance.now() - t;
line(
  'writeReport, cold (read, validate, render, write)',
  `${Math.round(writeMs)} ms`,
  writeMs < TARGET.generateMs,
);

t = performance.now();
const html = renderReport(run);
writeFileSync(join(dir, 'report-direct.html'), html);
const renderMs = performance.now() - t;
line('renderReport + write (records in memory)', `${Math.round(renderMs)} ms`, renderMs < TARGET.generateMs);
line('report.html size', `${(written.bytes / 1024 / 1024).toFixed(2)} MB`, written.bytes < TARGET.bytes);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t = performance.now();
  await page.goto(pathToFileURL(written.file).href, { waitUntil: 'commit' });
  await page.waitForSelector('.card[data-verdict]', { state: 'visible' });
  const cardsMs = performance.now() - t;
  await page.waitForSelector('body[data-ready="true"] #case-body tr');
  const readyMs = performance.now() - t;
  // Interactive means filterable: time one filter and one search on the whole table as well.
  const before = await page.locator('#case-status').textContent();
  let f = performance.now();
  await page.check('#f-failures');
  // Locators, not waitForFunction: the report's CSP forbids the eval Playwright would poll with.
  await page
    .locator('#case-status')
    .filter({ hasNotText: before ?? '' })
    .waitFor();
  const filterMs = performance.now() - f;
  await page.uncheck('#f-failures');
  f = performance.now();
  await page.fill('#case-search', 'msg-09999');
  await page.locator('#case-status', { hasText: /of [1-9] matching/ }).waitFor();
  const searchMs = performance.now() - f;
  const interactiveMs = readyMs + filterMs;
  line('verdict cards visible after navigation', `${Math.round(cardsMs)} ms`, null);
  line('case table rendered after navigation', `${Math.round(readyMs)} ms`, null);
  line('"failures only" over all cases', `${Math.round(filterMs)} ms`, null);
  line('search (incl. 120 ms typing pause)', `${Math.round(searchMs)} ms`, null);
  line(
    'time to interactive (table + first filter)',
    `${Math.round(interactiveMs)} ms`,
    interactiveMs < TARGET.interactiveMs,
  );
  if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  const ok =
    renderMs < TARGET.generateMs &&
    writeMs < TARGET.generateMs &&
    written.bytes < TARGET.bytes &&
    interactiveMs < TARGET.interactiveMs &&
    errors.length === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
