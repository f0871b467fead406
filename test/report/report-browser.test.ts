import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import { REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type FakeRun, fakeRun } from './fake-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
const skip = !hasChromium && !process.env.CI;
if (skip) console.warn(`report browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)></script>';

/** Counts the fake run's cases (row × prompt × repeat) where some output satisfies `test`. */
function casesWhere(run: FakeRun, test: (s: FakeRun['scores'][number]) => boolean): number {
  const keys = new Set(run.scores.filter(test).map((s) => `${s.rowId}|${s.promptId}|${s.repeat}`));
  return keys.size;
}

describe.skipIf(skip)('report.html in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let run: FakeRun;
  let reportUrl: string;
  let hostileUrl: string;
  let baselineOnlyUrl: string;

  beforeAll(async () => {
    dir = tempFiles({});
    run = fakeRun({ rows: 60, prompts: 2 });
    const write = (name: string, html: string) => {
      writeFileSync(join(dir, name), html);
      return pathToFileURL(join(dir, name)).href;
    };
    reportUrl = write('report.html', renderReport(run));
    hostileUrl = write('hostile.html', renderReport(fakeRun({ rows: 5, hostile: HOSTILE })));
    baselineOnlyUrl = write('baseline-only.html', renderReport(fakeRun({ rows: 5, candidates: [] })));
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

  /** Opens a report and records what it asks for and complains about. */
  async function open(url: string) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 5000 });
    return { page, requests, errors, dialogs };
  }

  const status = (page: Page) => page.locator('#case-status').textContent();
  const matching = async (page: Page) =>
    Number(/of ([\d,]+) matching/.exec((await status(page)) ?? '')?.[1]?.replace(/,/g, ''));

  it('loads from file:// without console errors or any request but its own file', async () => {
    const { page, requests, errors } = await open(reportUrl);
    expect(errors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    expect(await page.locator('#case-body tr').count()).toBe(50);
    expect(await status(page)).toContain('Showing 1–50 of 120 matching cases (120 in all)');
    mkdirSync(join(REPO, 'test-artifacts'), { recursive: true });
    const shot = join(REPO, 'test-artifacts', 'report-top.png');
    await page.screenshot({ path: shot });
    if (process.env.RIGHTSIZE_UPDATE_SCREENSHOT === '1') copyFileSync(shot, join(REPO, 'docs', 'report.png'));
    await page.close();
  });

  it('shows one card per candidate with its verdict in words and colour', async () => {
    const { page } = await open(reportUrl);
    const cards = await page.locator('.card[data-verdict]').evaluateAll((els) =>
      els.map((el) => ({
        model: el.getAttribute('data-model'),
        word: el.querySelector('.verdict')?.textContent,
        svg: el.querySelector('svg.interval') !== null,
      })),
    );
    // A string, as the test's TypeScript has no DOM library.
    const colours = (await page.evaluate(
      `[...document.querySelectorAll('.card[data-verdict] .verdict')].map((e) => getComputedStyle(e).color)`,
    )) as string[];
    expect(cards.map((c) => [c.model, c.word])).toEqual([
      ['qwen2.5:7b', 'Switch'],
      ['llama3.2:1b', 'Keep the baseline'],
      ['phi3.5:3.8b', 'Inconclusive'],
    ]);
    expect(new Set(colours).size).toBe(3);
    expect(cards.every((c) => c.svg)).toBe(true);
    await expect(page.locator('.card-inconclusive .samples').textContent()).resolves.toContain('1,240');
    await expect(page.locator('#judge-note').textContent()).resolves.toContain('Judged by the baseline');
    await page.close();
  });

  it('filters and search change the rows shown', async () => {
    const { page } = await open(reportUrl);
    await page.check('#f-failures');
    expect(await matching(page)).toBe(casesWhere(run, (s) => s.pass === false));
    const badges = await page
      .locator('#case-body tr')
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('.badge-fail').length));
    expect(badges.every((n) => n > 0)).toBe(true);
    await page.uncheck('#f-failures');

    await page.check('#f-errors');
    expect(await matching(page)).toBe(casesWhere(run, (s) => s.unscoredBecause === 'error'));
    await page.uncheck('#f-errors');
    await page.check('#f-skipped');
    expect(await matching(page)).toBe(casesWhere(run, (s) => s.unscoredBecause === 'skipped'));
    await page.uncheck('#f-skipped');

    await page.check('#f-disagree');
    const disagree = await matching(page);
    expect(disagree).toBeGreaterThan(0);
    expect(disagree).toBeLessThan(120);
    await page.uncheck('#f-disagree');

    await page.selectOption('#f-slice', { label: 'route = billing' });
    const chips = await page.locator('#case-body .chip').allTextContents();
    expect(chips.length).toBeGreaterThan(0);
    expect(new Set(chips)).toEqual(new Set(['billing']));
    await page.selectOption('#f-slice', { label: 'all' });

    await page.selectOption('#f-model', { label: 'llama3.2:1b (candidate)' });
    expect(await page.locator('#case-head th').allTextContents()).toEqual([
      'case',
      'input',
      'gpt-4o baseline',
      'llama3.2:1b candidate',
    ]);
    await page.check('#f-failures');
    expect(await matching(page)).toBe(casesWhere(run, (s) => s.model === 'llama3.2:1b' && s.pass === false));
    await page.uncheck('#f-failures');
    await page.selectOption('#f-model', { label: 'all' });

    await page.fill('#case-search', 'msg-00042');
    await expect.poll(() => matching(page)).toBe(2);
    await page.fill('#case-search', 'no case says this');
    await expect.poll(() => status(page)).toContain('No case matches');
    await page.fill('#case-search', '');
    await expect.poll(() => matching(page)).toBe(120);

    await page.click('#page-next');
    expect(await status(page)).toContain('Showing 51–100');
    await page.locator('#case-body tr').first().click();
    expect(await page.locator('#case-detail').isVisible()).toBe(true);
    expect(await page.locator('#detail-body .detail-model').count()).toBe(4);
    // The figures go through the page's formatters (format.js, held to format.ts by format.test.ts).
    const figures = (await page.locator('#detail-body .detail-model').allTextContents()).join('\n');
    expect(figures).toMatch(/latency (\d+ ms|\d+\.\d s|—) · TTFT/);
    expect(figures).toMatch(/tokens\/s \d+\.\d · score/);
    expect(figures).toMatch(/tokens\/s — · score/);
    await page.close();
  });

  it('shows hostile outputs as text and runs none of them', async () => {
    const { page, dialogs, errors } = await open(hostileUrl);
    const first = page.locator('#case-body tr').first();
    expect(await first.textContent()).toContain('<script>alert(1)</script>');
    await first.click();
    const shown = await page.locator('#detail-body pre.output').allTextContents();
    expect(shown.some((t) => t.includes(HOSTILE))).toBe(true);
    expect(await page.locator('#detail-body pre.input-full').textContent()).toContain(HOSTILE);
    // Nothing the data holds became an element.
    expect(await page.locator('main img, main script').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says a baseline-only suite has no verdicts and still shows the baseline', async () => {
    const { page, errors } = await open(baselineOnlyUrl);
    expect(await page.locator('#no-verdicts').isVisible()).toBe(true);
    expect(await page.locator('.card[data-verdict]').count()).toBe(0);
    expect(await page.locator('.card-baseline h3').textContent()).toBe('gpt-4o');
    expect(errors).toEqual([]);
    await page.close();
  });
});
