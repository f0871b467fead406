import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';

/** A suite whose one candidate is written as `candidate` (YAML lines, indented under `candidates:`). */
function load(candidate: string[]) {
  const dir = tempFiles({
    'suite.yaml': [
      'name: pools',
      'dataset: file://data.csv',
      'prompts: ["{{q}}"]',
      'baseline: openai:gpt-4o',
      'candidates:',
      ...candidate,
    ].join('\n'),
    'data.csv': 'id,q\nr1,hi\n',
  });
  return loadSuite(join(dir, 'suite.yaml'));
}

function failure(candidate: string[]): string {
  try {
    load(candidate);
  } catch (e) {
    if (e instanceof UserError) return e.format((f) => f.split('/').pop() as string);
    throw e;
  }
  throw new Error('expected the suite to be refused');
}

const candidate = (suite: ReturnType<typeof load>) => suite.models.find((m) => m.role === 'candidate');

describe('endpoint pools in a suite', () => {
  it('reads a baseURL list as a pool of those servers', () => {
    const m = candidate(
      load(['  - provider: ollama:qwen2.5:0.5b', '    baseURL: [http://gpu-a:11434, http://gpu-b:11434]']),
    );
    expect(m?.endpoints).toEqual([{ url: 'http://gpu-a:11434' }, { url: 'http://gpu-b:11434' }]);
    expect(m?.baseURL).toBeUndefined();
    expect(m?.concurrency).toBeUndefined();
  });

  it('reads endpoints with their own concurrency, whose sum is the model concurrency when every one has one', () => {
    const pool = (b: string[]) =>
      candidate(
        load([
          '  - provider: openai:qwen',
          '    endpoints:',
          '      - { url: "http://gpu-a:8080", concurrency: 4 }',
          ...b,
        ]),
      );
    const both = pool(['      - { url: "http://gpu-b:8080", concurrency: 2 }']);
    expect(both?.endpoints).toEqual([
      { url: 'http://gpu-a:8080', concurrency: 4 },
      { url: 'http://gpu-b:8080', concurrency: 2 },
    ]);
    expect(both?.concurrency).toBe(6);
    // One without: its server's slots decide at run time, so no total yet.
    expect(pool(['      - { url: "http://gpu-b:8080" }'])?.concurrency).toBeUndefined();
    // The model's own setting stays the model's.
    expect(
      pool(['      - { url: "http://gpu-b:8080", concurrency: 2 }', '    concurrency: 3'])?.concurrency,
    ).toBe(3);
  });

  it('reads a one-server list as plain baseURL', () => {
    const m = candidate(
      load(['  - provider: openai:qwen', '    endpoints: [{ url: "http://gpu-a:8080", concurrency: 2 }]']),
    );
    expect(m).toMatchObject({ baseURL: 'http://gpu-a:8080', concurrency: 2 });
    expect(m?.endpoints).toBeUndefined();
  });

  it('refuses baseURL and endpoints together, at the line and with the fix', () => {
    const text = failure([
      '  - provider: openai:qwen',
      '    baseURL: http://gpu-a:8080',
      '    endpoints: [{ url: "http://gpu-b:8080" }]',
    ]);
    expect(text).toContain(
      'suite.yaml:8: candidates[0].endpoints: a model gives its servers either as `baseURL:`',
    );
    expect(text).toContain('fix: keep one');
  });

  it('refuses a server listed twice, at its line', () => {
    const text = failure([
      '  - provider: ollama:qwen2.5:0.5b',
      '    baseURL:',
      '      - http://gpu-a:11434',
      '      - http://GPU-A:11434/',
    ]);
    expect(text).toContain(
      'suite.yaml:9: candidates[0].baseURL[1]: this server is listed twice (as item 1 and item 2)',
    );
  });

  it('refuses a pool for a runtime that has no server', () => {
    const text = failure([
      '  - provider: gguf:./model.gguf',
      '    baseURL: [http://gpu-a:8080, http://gpu-b:8080]',
    ]);
    expect(text).toContain('suite.yaml:7: candidates[0].baseURL: an endpoint pool');
    expect(text).toContain('a gguf: model has no server to name');
  });
});
