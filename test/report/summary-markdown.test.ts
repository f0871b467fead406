import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { summaryMarkdown } from '../../src/report/summary-markdown.js';
import type { Summary } from '../../src/schema/summary.js';
import { demoRun } from '../compare/demo-run.js';

/** The rows of the Markdown table whose header starts with `first` (cells), split into cells. */
function tableRows(md: string, first: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    // Split on pipes not escaped with a backslash.
    rows.push(line.slice(2, -2).split(/ (?<!\\)\| /));
  }
  return rows;
}

describe('summaryMarkdown', () => {
  const run = demoRun();
  const summary = compareRun({ ...run, overrides: { resamples: 500 } });
  const md = summaryMarkdown(summary);

  it('leads with the gate and the verdicts, with their numbers', () => {
    expect(md.startsWith('## rightsize: demo\n')).toBe(true);
    expect(md).toContain('**Gate: ✅ passed** (2 rules)');
    const verdicts = tableRows(md, 'Candidate');
    expect(verdicts.map((r) => [r[0], r[1]])).toEqual([
      ['twin', '✅ switch'],
      ['weak', '❌ keep'],
      ['split', '❌ keep'],
      ['close', '❔ inconclusive'],
    ]);
    const twinMeanD = summary.candidates[0]?.meanD ?? Number.NaN;
    const row = verdicts[0] as string[];
    expect(row[2]).toContain(twinMeanD.toFixed(3));
    expect(row[6]).toBe('399');
    // Cases needed only for the inconclusive one.
    expect((verdicts[3] as string[])[7]).toBe(String(summary.candidates[3]?.samplesNeeded));
    expect((verdicts[0] as string[])[7]).toBe('—');
  });

  it('has a row per model with quality, latency and cost', () => {
    const models = tableRows(md, 'Model');
    expect(models.map((r) => r[0])).toEqual(['gpt', 'twin', 'weak', 'split', 'close']);
    const gpt = models[0] as string[];
    expect(gpt[1]).toBe('baseline');
    expect(gpt[2]).toMatch(/^90\.0% \[\d+\.\d%, \d+\.\d%\]$/);
    expect(gpt[6]).toBe('$0.45');
    expect(gpt[8]).toBe('1 / 0 / 0');
  });

  it('lists gate rules, routing and the slice caveat', () => {
    expect(tableRows(md, 'Rule').map((r) => r[1])).toEqual(['✅ passed', '✅ passed']);
    const routes = tableRows(md, 'Candidate | Slice');
    // twin's slices (169 or 170 both pass, 10 only the baseline, 10 only twin, 10 neither) are
    // inconclusive: Tang's score statistic at φ = 0.95 is 1.901 and 1.910, under 1.96 (closed form in
    // NumPy), so twin routes nothing and has no row. Only split routes a slice.
    expect(routes.map((r) => [r[0], r[2]])).toEqual([['split', 'billing']]);
    expect(md).toContain('- **split** by `topic`: billing ✅ switch (n=197), tech ❌ keep (n=200)');
    expect(md).toContain('> Slice verdicts are 7 separate tests');
  });

  it('shows a failed gate and keeps table cells from breaking or injecting markup', () => {
    const bad: Summary = {
      ...summary,
      models: summary.models.map((m, i) =>
        i === 1 ? { ...m, id: 'evil|<img src=x onerror=alert(1)>\nnext' } : m,
      ),
      gate: { passed: false, rules: [{ rule: 'minPassRate: a | b', passed: false, detail: 'line1\nline2' }] },
    };
    const out = summaryMarkdown(bad);
    expect(out).toContain('**Gate: ❌ failed** (1 of 1 rule)');
    expect(out).not.toContain('<img');
    expect(out).toContain('evil\\|&lt;img src=x onerror=alert(1)&gt; next');
    const rules = tableRows(out, 'Rule');
    expect(rules).toEqual([['minPassRate: a \\| b', '❌ failed', 'line1 line2']]);
    // Every table row has as many cells as its header.
    for (const header of ['Candidate', 'Model', 'Rule']) {
      const width = (out.split('\n').find((l) => l.startsWith(`| ${header} |`)) as string).split(
        / (?<!\\)\| /,
      ).length;
      for (const r of tableRows(out, header)) expect(r.length + 0).toBe(width);
    }
  });

  it('says so for a run without candidates or gate rules, and is stable', () => {
    const only: Summary = {
      ...summary,
      candidates: [],
      routing: [],
      slicesNote: null,
      gate: { passed: true, rules: [] },
    };
    const out = summaryMarkdown(only);
    expect(out).toContain('No candidates: this run reports the baseline only.');
    // Nothing was checked: not "passed" (nor failed), in the words of every other output.
    expect(out).toContain('**Gate:** no gate rules');
    expect(out).not.toMatch(/passe[sd]/);
    expect(out).not.toContain('### Gate');
    expect(summaryMarkdown(summary)).toBe(md);
    expect(md.endsWith('\n')).toBe(true);
  });
});
