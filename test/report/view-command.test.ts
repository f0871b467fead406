import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Printer } from '../../src/cli/print.js';
import { type ViewHandle, viewCommand } from '../../src/cli/view-command.js';
import { diffPage } from '../../src/report/diff-page.js';
import { renderReport } from '../../src/report/render-report.js';
import { RUN_DIFF_SCHEMA_VERSION, type RunDiff } from '../../src/schema/run-diff.js';
import { tempFiles } from '../helpers/temp-files.js';
import { fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

function capture(): Printer & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    out: (l = '') => lines.push(l),
    err: (l = '') => lines.push(l),
    warn: (l) => lines.push(l),
  };
}

/** A raw GET: the path goes out exactly as written (no client-side normalisation of `..`). */
function get(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] ?? '' }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function reportsFolder(): string {
  const root = tempFiles({ 'secret.txt': 'TOP-SECRET-FILE' });
  const reports = join(root, 'reports');
  const a = fakeRun({ rows: 4 });
  writeRunDir(join(reports, 'routing-a'), a);
  writeFileSync(join(reports, 'routing-a', 'report.html'), renderReport(a));
  const b = fakeRun({ rows: 4, candidates: [] });
  writeRunDir(join(reports, 'baseline-b'), b);
  writeFileSync(join(reports, 'baseline-b', 'report.html'), renderReport(b));
  mkdirSync(join(reports, 'unfinished'));
  writeFileSync(
    join(reports, 'unfinished', 'run.json'),
    JSON.stringify({ ...a.meta, createdAt: '2020-01-01T00:00:00Z' }),
  );
  mkdirSync(join(reports, 'not-a-run'));
  return reports;
}

describe('rightsize view', () => {
  let handle: ViewHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('lists the runs with their verdicts and serves each report', async () => {
    const reports = reportsFolder();
    const printer = capture();
    const opened: string[] = [];
    handle = await viewCommand(reports, {}, printer, (url) => opened.push(url) > 0);
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(opened).toEqual([handle.url]);
    expect(printer.lines.join('\n')).toContain(handle.url);

    const index = await get(handle.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('href="routing-a/report.html"');
    expect(index.body).toMatch(/verdict-switch">qwen2.5:7b: switch/);
    expect(index.body).toMatch(/verdict-keep">llama3.2:1b: keep/);
    expect(index.body).toContain('baseline only: no verdicts');
    expect(index.body).toContain('unfinished');
    expect(index.body).not.toContain('not-a-run');
    expect(index.body).toContain("script-src 'none'".replace(/'/g, '&#x27;'));

    const report = await get(handle.port, '/routing-a/report.html');
    expect(report.status).toBe(200);
    expect(report.type).toContain('text/html');
    expect(report.body).toContain('data-verdict="switch"');
    expect((await get(handle.port, '/routing-a/')).status).toBe(302);
  });

  it('listens on 127.0.0.1 only', async () => {
    handle = await viewCommand(reportsFolder(), { open: false }, capture());
    const port = handle.port;
    // Another loopback address reaches the same machine, but no socket listens on it.
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.2', port });
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses paths out of the folder, files it does not serve, and foreign Host headers', async () => {
    handle = await viewCommand(reportsFolder(), { open: false }, capture());
    const port = handle.port;
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/routing-a/..%2f..%2fsecret.txt',
      '/routing-a/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/routing-a/results.jsonl',
      '/routing-a/run.json',
      '/not-a-run/report.html',
      '/%E0%A4%A/report.html',
    ]) {
      const res = await get(port, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain('TOP-SECRET');
    }
    expect((await get(port, '/', 'attacker.example:80')).status).toBe(421);
  });

  it('prints the address instead of opening a browser with --no-open, and opens a run folder directly', async () => {
    const reports = reportsFolder();
    const printer = capture();
    const opened: string[] = [];
    handle = await viewCommand(
      join(reports, 'routing-a'),
      { open: false },
      printer,
      (u) => opened.push(u) > 0,
    );
    expect(opened).toEqual([]);
    expect(handle.pageUrl).toBe(`${handle.url}routing-a/report.html`);
    expect(printer.lines.join('\n')).toContain(`Open ${handle.pageUrl} in a browser.`);
    expect((await get(handle.port, '/routing-a/report.html')).status).toBe(200);
  });

  it('says what to do when there is no reports folder', async () => {
    await expect(viewCommand(join(tempFiles({}), 'nowhere'), { open: false }, capture())).rejects.toThrow(
      /no reports folder/,
    );
  });

  it("links a run's diffs and serves their files, and nothing else of the diff folder", async () => {
    const reports = reportsFolder();
    const diff: RunDiff = {
      schemaVersion: RUN_DIFF_SCHEMA_VERSION,
      suite: 'support-routing',
      a: { runId: 'support-routing-old', createdAt: '2026-11-20T10:00:00.000Z', dir: 'old' },
      b: { runId: 'support-routing-new', createdAt: '2026-11-21T10:00:00.000Z', dir: 'routing-a' },
      margin: { type: 'relative', value: 0.05 },
      confidence: 0.95,
      differs: [],
      models: [],
      onlyInA: [],
      onlyInB: [],
      regressions: ['qwen2.5:7b'],
    };
    const folder = join(reports, 'routing-a', 'diff-support-routing-old');
    mkdirSync(folder);
    writeFileSync(join(folder, 'diff.json'), JSON.stringify(diff));
    writeFileSync(join(folder, 'diff.html'), diffPage(diff));
    writeFileSync(join(folder, 'notes.txt'), 'TOP-SECRET-NOTES');
    // A folder with files but no valid diff.json is not a diff.
    mkdirSync(join(reports, 'routing-a', 'other'));
    writeFileSync(join(reports, 'routing-a', 'other', 'diff.html'), 'TOP-SECRET-OTHER');
    handle = await viewCommand(reports, { open: false }, capture());
    const index = await get(handle.port, '/');
    expect(index.body).toContain(
      'href="routing-a/diff-support-routing-old/diff.html">diff against support-routing-old</a>',
    );
    expect(index.body).toContain('regression: qwen2.5:7b');
    const page = await get(handle.port, '/routing-a/diff-support-routing-old/diff.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Regression check: failed.');
    expect((await get(handle.port, '/routing-a/diff-support-routing-old/diff.json')).type).toContain(
      'application/json',
    );
    for (const path of [
      '/routing-a/diff-support-routing-old/notes.txt',
      '/routing-a/diff-support-routing-old/report.html',
      '/routing-a/other/diff.html',
      '/routing-a/diff-support-routing-old/diff.html/x',
    ]) {
      const res = await get(handle.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('TOP-SECRET');
    }
  });
});
