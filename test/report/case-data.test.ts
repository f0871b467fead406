import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildCaseData, type CaseData } from '../../src/report/case-data.js';
import { embedJson } from '../../src/report/embed-json.js';
import { packCaseData } from '../../src/report/pack-case-data.js';
import { TEMPLATES_DIR } from '../../src/report/templates.js';
import { fakeRun } from './fake-run.js';

/** Runs the page's own unpacking script (templates/scripts/data.js) on the embedded JSON text. */
function unpackInPageScript(json: string): CaseData {
  const sandbox: Record<string, unknown> = { rightsizeReport: {} };
  runInNewContext(readFileSync(join(TEMPLATES_DIR, 'scripts', 'data.js'), 'utf8'), sandbox);
  const rs = sandbox.rightsizeReport as { loadData(el: { textContent: string }): CaseData };
  return rs.loadData({ textContent: json });
}

describe('case data', () => {
  it('joins results and scores into cases of row × prompt × repeat, baseline first, judges left out', () => {
    const run = fakeRun({ rows: 12, prompts: 2, repeats: 2 });
    const data = buildCaseData(run);
    expect(data.cases).toHaveLength(12 * 2 * 2);
    expect(data.models.map((m) => m.id)).toEqual(['gpt-4o', 'qwen2.5:7b', 'llama3.2:1b', 'phi3.5:3.8b']);
    expect(data.slices).toEqual(['route']);
    const c = data.cases[0];
    expect(c?.s[0]).toBe(run.scores[0]?.slices.route);
    expect(c?.o.every((o) => o !== null)).toBe(true);
    // Chat inputs read as role-labelled paragraphs.
    expect(data.cases.find((x) => x.p === 'route-v2')?.i).toMatch(/^system: .*\n\nuser: /s);
    const pairwise = data.cases
      .flatMap((x) => x.o)
      .flatMap((o) => o?.a ?? [])
      .find((a) => a.judge?.orders);
    expect(pairwise?.judge?.orders?.map((o) => o.order)).toEqual(['candidate-first', 'baseline-first']);
  });

  it('keeps skipped and errored calls, with why', () => {
    const data = buildCaseData(fakeRun({ rows: 80 }));
    const outs = data.cases.flatMap((c) => c.o);
    expect(outs.some((o) => o?.x === 'context_overflow' && o.t === null && o.ok === null)).toBe(true);
    expect(outs.some((o) => o?.e?.startsWith('server: HTTP 503') && o.ok === null)).toBe(true);
  });

  it('packs smaller and the page script unpacks exactly what was packed', () => {
    const data = buildCaseData(fakeRun({ rows: 50, prompts: 2, hostile: '</script><!-- \u2028' }));
    const packed = embedJson(packCaseData(data));
    expect(packed.length).toBeLessThan(JSON.stringify(data).length * 0.8);
    expect(packed).not.toMatch(/[<>&\u2028]/);
    const round = unpackInPageScript(packed);
    // The pack rounds figures to what the page shows; compare after the same rounding.
    const rounded = structuredClone(data);
    for (const o of rounded.cases.flatMap((c) => c.o))
      if (o?.tps != null) o.tps = Math.round(o.tps * 10) / 10;
    // Through JSON: objects of the script's own realm, and an absent `judge` equal to an undefined one.
    const { strings, ...unpacked } = JSON.parse(JSON.stringify(round)) as CaseData & { strings: string[] };
    expect(strings).toContain('Output equals the expected route');
    expect(unpacked).toEqual(rounded);
  });
});
