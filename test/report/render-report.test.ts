import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import type { RunMeta } from '../../src/schema/run-meta.js';
import { fakeRun } from './fake-run.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)></script>';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('renderReport', () => {
  const run = fakeRun({ rows: 30, prompts: 2, hostile: HOSTILE });
  const html = renderReport(run);

  it('is one self-contained page: nothing loaded from anywhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).not.toMatch(/<link\b(?![^>]*rel="icon" href="data:,")/i);
  });

  it('forbids anything external by CSP and lets only its own script and style run', () => {
    // As the browser reads the attribute: entities decoded.
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('unsafe-inline');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`script-src ${sha256(script)}`);
    expect(csp).toContain(`style-src ${sha256(style)}`);
  });

  it('keeps hostile text inert: escaped in markup, and unable to close the data block', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expect(html).not.toContain('<img src=x');
    const block =
      /<script type="application\/json" id="case-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(block).not.toMatch(/[<>]/);
    expect(block).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    const data = JSON.parse(block) as {
      strings: string[];
      cases: { i: string; o: ({ t?: string | number } | null)[] }[];
    };
    expect(data.cases[0]?.i).toContain(HOSTILE);
    const t = data.cases[0]?.o[1]?.t;
    expect(typeof t === 'number' ? data.strings[t] : t).toContain(HOSTILE);
  });

  it('escapes names from the suite in the page itself', () => {
    const evil = fakeRun({
      rows: 4,
      candidates: [
        { id: 'm"><b onmouseover=x>', verdict: 'switch', passRate: 0.9, latencyMs: 50, costPer1k: 0 },
      ],
    });
    const page = renderReport(evil);
    expect(page).not.toContain('<b onmouseover');
    expect(page).toContain('m&quot;&gt;&lt;b onmouseover&#x3D;x&gt;');
  });

  it('shows only the records: no secrets, no raw payloads, judges not shown as cases', () => {
    const key = 'sk-PLANTED-0123456789abcdef';
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = key;
    try {
      const leaky = fakeRun({ rows: 6 });
      // A meta object carrying more than its schema (as a careless caller might pass) must not leak.
      const meta = {
        ...leaky.meta,
        models: leaky.meta.models?.map((m) => ({
          ...m,
          apiKey: key,
          headers: { authorization: `Bearer ${key}` },
        })),
      } as RunMeta;
      const page = renderReport({ ...leaky, meta });
      expect(page).not.toContain(key);
      expect(page).not.toContain('PLANTED');
      expect(page).not.toContain('RAW-PAYLOAD-NOT-FOR-REPORT');
      expect(page).not.toContain('{\\"winner\\":\\"A\\"}');
      expect(page).not.toContain('c-judge-0');
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
    }
  });

  it('puts the verdicts on top, with the samples needed when inconclusive and the judge', () => {
    const top = html.slice(0, html.indexOf('id="profiles"'));
    expect(top).toMatch(/data-verdict="switch" data-model="qwen2.5:7b"/);
    expect(top).toMatch(/data-verdict="keep" data-model="llama3.2:1b"/);
    expect(top).toMatch(/data-verdict="inconclusive" data-model="phi3.5:3.8b"/);
    expect(top).toContain('About 1,240 paired cases would decide it');
    expect(top).toContain('12× cheaper ($0.21 vs $2.50 per 1k requests)');
    expect(top).toMatch(/p95 latency \d+ ms vs \d\.\d s/);
    expect(top).toContain('Judged by the baseline (gpt-4o)');
    expect(renderReport(fakeRun({ rows: 4, judgeDefaulted: false }))).toContain('Judged by gpt-4.1.');
  });

  it('writes unknown figures as a dash, never a guess', () => {
    const table = html.slice(html.indexOf('id="profile-table"'), html.indexOf('id="charts"'));
    const baselineRow = table.slice(table.indexOf('gpt-4o'), table.indexOf('</tr>', table.indexOf('gpt-4o')));
    // The baseline's runtime reports neither parameters, quantization, memory, TTFT nor tokens/s.
    expect(baselineRow.match(/<td[^>]*>—<\/td>/g)).toHaveLength(5);
  });

  it('says a baseline-only suite has no verdicts, and charts and routing cope', () => {
    const page = renderReport(fakeRun({ rows: 5, candidates: [] }));
    expect(page).toContain('id="no-verdicts"');
    expect(page).not.toContain('data-verdict=');
    expect(page).toContain('No slice verdicts in this run');
    expect(page).toContain('No routing simulation in this run');
  });

  it('is a pure function of the records', () => {
    expect(renderReport(run)).toBe(html);
  });
});
