import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintDifferences, runFingerprint } from '../../src/run/run-fingerprint.js';
import { describeShard, shardRows } from '../../src/run/shard-rows.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { tempFiles } from '../helpers/temp-files.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);

describe('shardRows', () => {
  it('puts every row in exactly one shard, and shard sizes differ by at most one row', () => {
    for (const n of [1, 7, 100, 101]) {
      for (const count of [1, 2, 3, 4, 7]) {
        if (count > n) continue;
        const shards = Array.from({ length: count }, (_, k) =>
          ids(shardRows(rows(n), { index: k + 1, count })),
        );
        const all = shards.flat();
        expect(all).toHaveLength(n);
        expect(new Set(all)).toEqual(new Set(ids(rows(n))));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('depends on the row ids alone: any dataset order gives the same shards, each in the dataset order', () => {
    const data = rows(60);
    const shuffled = [...data].reverse();
    for (let index = 1; index <= 4; index++) {
      const a = ids(shardRows(data, { index, count: 4 }));
      const b = ids(shardRows(shuffled, { index, count: 4 }));
      expect(new Set(b)).toEqual(new Set(a));
      // The dataset's own order, kept.
      expect(a).toEqual(ids(data).filter((id) => a.includes(id)));
    }
  });

  it('spreads each shard over the dataset rather than cutting it into runs of neighbours', () => {
    const first = ids(shardRows(rows(100), { index: 1, count: 4 }));
    expect(first).not.toEqual(ids(rows(25)));
    const positions = first.map((id) => Number(id.slice(1)));
    // Rows from every quarter of the file.
    for (let q = 0; q < 4; q++) expect(positions.some((p) => p >= q * 25 && p < (q + 1) * 25)).toBe(true);
  });

  it("records the whole run's rows and calls per model beside the shard's", () => {
    const suite = {
      rows: rows(10),
      prompts: [{ id: 'a' }, { id: 'b' }],
      models: [
        { label: 'big', prompts: undefined },
        { label: 'small', prompts: ['a'] },
      ],
    } as unknown as Parameters<typeof describeShard>[0];
    expect(describeShard(suite, { index: 2, count: 3 }, 3, 2)).toEqual({
      index: 2,
      count: 3,
      rows: 3,
      total: { rows: 10, planned: { big: 40, small: 20 } },
    });
  });
});

describe('runFingerprint', () => {
  const suiteText = (extra: string[] = []) =>
    [
      'name: fp',
      'dataset: file://rows.csv',
      'prompts: ["Say {{x}}"]',
      'baseline: { id: big, provider: openai:gpt-4o-mini, baseURL: "http://gpu-a:8000/v1", apiKey: sk-one }',
      'candidates: [ollama:qwen2.5:0.5b]',
      'assert:',
      '  - type: equals',
      '    value: "{{x}}"',
      ...extra,
    ].join('\n');
  const load = (files: Record<string, string>) => {
    const dir = tempFiles({ 'rows.csv': 'id,x\nr1,a\nr2,b\n', ...files });
    return loadSuite(join(dir, 'suite.yaml'));
  };
  const fp = (files: Record<string, string>, opts = {}) =>
    runFingerprint(load(files), { repeat: 1, ...opts });
  const base = fp({ 'suite.yaml': suiteText() });

  it('is the same for the same suite anywhere, whatever the server, key or checkout path', () => {
    expect(fp({ 'suite.yaml': suiteText() })).toEqual(base);
    const elsewhere = suiteText()
      .replace('http://gpu-a:8000/v1', 'http://gpu-b:8000/v1')
      .replace('sk-one', 'sk-two');
    expect(fp({ 'suite.yaml': elsewhere })).toEqual(base);
  });

  it('names what differs: the dataset, the models, the scoring, the settings, the flags', () => {
    const differs = (files: Record<string, string>, opts = {}) =>
      fingerprintDifferences(base, fp(files, opts));
    expect(differs({ 'suite.yaml': suiteText(), 'rows.csv': 'id,x\nr1,a\nr2,c\n' })).toEqual([
      "the dataset (its rows' ids and values)",
    ]);
    expect(differs({ 'suite.yaml': suiteText().replace('qwen2.5:0.5b', 'llama3.2:1b') })).toEqual([
      'the models (provider ids, options, prices, prompt filters) or the judge',
    ]);
    expect(differs({ 'suite.yaml': suiteText().replace('type: equals', 'type: icontains') })).toEqual([
      'the assertions, metrics or escalation policies',
    ]);
    expect(differs({ 'suite.yaml': suiteText(['threshold: 10%']) })).toHaveLength(1);
    expect(differs({ 'suite.yaml': suiteText() }, { repeat: 2 })[0]).toMatch(/^the decision settings/);
    expect(differs({ 'suite.yaml': suiteText() }, { overrides: { confidence: 0.9 } })[0]).toMatch(
      /^the decision settings/,
    );
    expect(differs({ 'suite.yaml': suiteText() }, { concurrency: 4 })[0]).toMatch(/^the calls in flight/);
  });
});
