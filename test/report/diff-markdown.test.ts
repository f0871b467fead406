import { describe, expect, it } from 'vitest';
import { diffMarkdown, MARKDOWN_CASE_CAP } from '../../src/report/diff-markdown.js';
import { formatChange, formatCost, formatMs } from '../../src/report/format.js';
import { type ModelDiff, RUN_DIFF_SCHEMA_VERSION, type RunDiff } from '../../src/schema/run-diff.js';

function model(over: Partial<ModelDiff> & { id: string }): ModelDiff {
  return {
    role: { a: 'candidate', b: 'candidate' },
    provider: { a: 'ollama:qwen2.5:7b-q8', b: 'ollama:qwen2.5:7b-q4' },
    outcome: 'inconclusive',
    pairs: 50,
    casesOnlyA: 0,
    casesOnlyB: 0,
    meanA: 0.9,
    meanB: 0.88,
    diff: -0.02,
    diffCi: [-0.08, 0.03],
    meanD: 0.025,
    ci: [-0.03, 0.07],
    ratio: 0.978,
    ratioCi: [0.91, 1.03],
    samplesNeeded: 410,
    mcnemarP: 0.6,
    passToFail: [],
    failToPass: [],
    latencyMs: { a: { p50: 400, p95: 900 }, b: { p50: 300, p95: 1200 } },
    costPer1k: { a: null, b: null },
    ...over,
  };
}

function diff(over: Partial<RunDiff> = {}): RunDiff {
  return {
    schemaVersion: RUN_DIFF_SCHEMA_VERSION,
    suite: 'routing',
    a: { runId: 'routing-1', createdAt: '2026-01-01T00:00:00.000Z', dir: 'reports/one' },
    b: { runId: 'routing-2', createdAt: '2026-01-02T00:00:00.000Z', dir: 'reports/two' },
    margin: { type: 'relative', value: 0.05 },
    confidence: 0.95,
    differs: ['the models (provider ids, options, prices, prompt filters) or the judge'],
    models: [model({ id: 'qwen' })],
    onlyInA: [],
    onlyInB: [],
    regressions: [],
    ...over,
  };
}

const lost = (i: number) => ({
  promptId: 'p',
  rowId: `r${i}`,
  a: { passed: 1, answered: 1, score: 1 },
  b: { passed: 0, answered: 1, score: 0 },
});

describe('diffMarkdown', () => {
  it('passes an inconclusive model, saying so and how many cases would tell', () => {
    const md = diffMarkdown(diff());
    expect(md).toContain(
      '**Regression check: ✅ passed.** No model of B is confidently worse than A by more than the margin (inconclusive: qwen; more cases would tell).',
    );
    expect(md).toContain(
      '| qwen | ❔ inconclusive | +0.025 [−0.030, +0.070] | −0.020 [−0.080, +0.030] | 0.900 → 0.880 | 50 | 0 | 0 | 0.600 |',
    );
    expect(md).toContain(
      '- **qwen** (ollama:qwen2.5:7b-q8 → ollama:qwen2.5:7b-q4): Neither shown: about 410 paired cases would decide it (this run has 50).',
    );
    expect(md).toContain('| qwen | 400 ms → 300 ms (−25.0%) | 900 ms → 1.2 s (+33.3%) | cost unknown |');
    expect(md).toContain('> **⚠️ Inputs differ.** The runs differ in the models');
    expect(md).not.toContain('pass → fail (');
  });

  it('fails on a regression and caps the case lists, with the count of the rest', () => {
    const many = Array.from({ length: MARKDOWN_CASE_CAP + 7 }, (_, i) => lost(i));
    const md = diffMarkdown(
      diff({
        models: [model({ id: 'qwen', outcome: 'regression', passToFail: many })],
        regressions: ['qwen'],
        onlyInB: ['phi'],
      }),
    );
    expect(md).toContain(
      '**Regression check: ❌ failed.** B is worse than A by more than the margin allows for qwen, at 95% confidence.',
    );
    expect(md).toContain(`### qwen: pass → fail (${MARKDOWN_CASE_CAP + 7})`);
    expect(md.match(/^\| p \| r\d+ \| 1 of 1 \| 0 of 1 \| 1\.000 → 0\.000 \|$/gm)).toHaveLength(
      MARKDOWN_CASE_CAP,
    );
    expect(md).toContain('7 more in diff.json.');
    expect(md).toContain('Not compared (only in B: phi).');
  });

  it('escapes what would break a table or inject markup, and names overrides and a replaced prompt', () => {
    const md = diffMarkdown(
      diff({
        models: [model({ id: 'a|b<script>', outcome: 'no-regression' })],
        overrides: {
          margin: {
            a: { type: 'relative', value: 0.05 },
            b: { type: 'relative', value: 0.05 },
            used: { type: 'absolute', value: 0.02 },
          },
        },
        promptsPaired: { a: 'prompt-1', b: 'prompt-2' },
        differs: null,
      }),
    );
    expect(md).toContain('| a\\|b&lt;script&gt; | ✅ no regression |');
    expect(md).not.toContain('<script>');
    expect(md).toContain('margin 0.02 (absolute) (A: 5% (relative), B: 5% (relative))');
    expect(md).toContain(
      '**⚠️ Prompt replaced.** Each run has one prompt, under another id (A: prompt-1, B: prompt-2)',
    );
    expect(md).toContain('**⚠️ Inputs not compared.**');
  });
});

describe('formatChange', () => {
  it('gives both figures and the relative change, which needs both and a non-zero A', () => {
    expect(formatChange(400, 300, formatMs)).toBe('400 ms → 300 ms (−25.0%)');
    expect(formatChange(0.2, 0.2, formatCost)).toBe('$0.20 → $0.20 (0.0%)');
    expect(formatChange(0, 0.1, formatCost)).toBe('$0 → $0.10');
    expect(formatChange(null, 300, formatMs)).toBe('— → 300 ms');
    expect(formatChange(null, null, formatCost)).toBe('cost unknown');
  });
});
