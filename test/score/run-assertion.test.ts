import { describe, expect, it } from 'vitest';
import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import { type AssertionInput, runAssertion } from '../../src/score/run-assertion.js';
import { tempFiles } from '../helpers/temp-files.js';

const input = (over: Partial<AssertionInput> = {}): AssertionInput => ({
  output: 'Paris',
  vars: {},
  prompt: 'Capital of France?',
  latencyMs: 120,
  cost: 0.001,
  finishReason: 'stop',
  engine: 'handlebars',
  ...over,
});

const run = (assertion: AssertionConfig, over: Partial<AssertionInput> = {}) =>
  runAssertion(assertion, input(over));

describe('runAssertion', () => {
  it('fills type, metric and weight around the check', async () => {
    expect(await run({ type: 'contains', value: 'Par' })).toEqual({
      type: 'contains',
      metric: null,
      weight: 1,
      pass: true,
      score: 1,
      reason: 'Assertion passed',
    });
    const r = await run({ type: 'not-contains', value: 'Par', weight: 2.5, metric: 'safety' });
    expect(r).toMatchObject({ type: 'not-contains', metric: 'safety', weight: 2.5, pass: false, score: 0 });
    expect(r.reason).toContain('not contain "Par"');
  });

  it('refuses judge types, which need a model', async () => {
    for (const type of ['llm-rubric', 'model-graded-closedqa', 'factuality', 'pairwise', 'not-llm-rubric']) {
      await expect(run({ type, value: 'x' })).rejects.toThrow(/judge assertion/);
    }
  });

  it('renders values and metric names with Handlebars, unescaped', async () => {
    const vars = { label: 'a&b <c>', category: 'math' };
    const r = await run(
      { type: 'equals', value: '{{label}}', metric: 'acc-{{category}}' },
      { output: 'a&b <c>', vars },
    );
    expect(r).toMatchObject({ pass: true, metric: 'acc-math' });
    // Nunjucks syntax means nothing to Handlebars; a Nunjucks suite gets its filters.
    const hbs = await run({ type: 'equals', value: '{{ label | upper }}' }, { output: 'A&B <C>', vars });
    expect(hbs.pass).not.toBe(true);
    const nj = await run(
      { type: 'equals', value: '{{ label | upper }}' },
      { output: 'A&B <C>', vars, engine: 'nunjucks' },
    );
    expect(nj.pass).toBe(true);
  });

  it('renders each string of a list value', async () => {
    const r = await run(
      { type: 'contains-all', value: ['{{a}}', '{{b}}'] },
      { output: 'x y', vars: { a: 'x', b: 'z' } },
    );
    expect(r.pass).toBe(false);
    expect(r.reason).toContain('Missing: [z]');
  });

  it('passes a failing assertion of weight 0, keeping its score', async () => {
    expect(await run({ type: 'equals', value: 'Lyon', weight: 0 })).toMatchObject({
      pass: true,
      score: 0,
      weight: 0,
    });
  });

  it('leaves an assertion unscored when the response lacks what it measures', async () => {
    const latency = await run({ type: 'latency', threshold: 100 }, { latencyMs: null });
    expect(latency).toMatchObject({ pass: null, score: null });
    expect(latency.reason).toMatch(/^latency: .*no measured latency/);
    const cost = await run({ type: 'cost', threshold: 1 }, { cost: null });
    expect(cost).toMatchObject({ pass: null, score: null });
    expect(await run({ type: 'latency', threshold: 100 })).toMatchObject({ pass: false, score: 0 });
    expect(await run({ type: 'cost', threshold: 0.01 })).toMatchObject({ pass: true, score: 1 });
  });

  it('applies the test transform, then the assertion transform', async () => {
    const r = await run(
      { type: 'equals', value: 'paris!', transform: 'output.toLowerCase()' },
      { output: '  PARIS ', testTransform: "output.trim() + '!'" },
    );
    expect(r.pass).toBe(true);
    const broken = await run({ type: 'equals', value: 'x' }, { testTransform: 'output.nope.deeper' });
    expect(broken).toMatchObject({ pass: null, score: null });
    expect(broken.reason).toContain('Transform failed');
  });

  it('gives javascript the response in its context', async () => {
    const code =
      "context.providerResponse.finishReason === 'stop' && context.providerResponse.cost === 0.001";
    expect((await run({ type: 'javascript', value: code })).pass).toBe(true);
    expect(
      (await run({ type: 'javascript', value: 'context.test.vars.k === 1' }, { vars: { k: 1 } })).pass,
    ).toBe(true);
  });
});

describe('runAssertion: JavaScript time limit', () => {
  const limit = { javascriptTimeoutMs: 100 };

  it('stops a loop and leaves the assertion unscored', async () => {
    const started = Date.now();
    const r = await run({ type: 'javascript', value: 'while (true) {}\nreturn true;' }, limit);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ pass: null, score: null });
    expect(r.reason).toContain('timed out after 100 ms');
  });

  it('stops a loop inside a promise callback', async () => {
    const r = await run({ type: 'javascript', value: '(async () => { await null; for (;;) {} })()' }, limit);
    expect(r).toMatchObject({ pass: null, score: null });
  });

  it('does not wait for a promise that cannot settle (no timers in the sandbox)', async () => {
    const r = await run({ type: 'javascript', value: 'new Promise(() => {})' }, limit);
    expect(r).toMatchObject({ pass: null, score: null });
    expect(r.reason).toContain('never settled');
    const timer = await run({ type: 'javascript', value: 'typeof setTimeout' }, limit);
    expect(timer).toMatchObject({ pass: false, score: 0 });
  });

  it('stops a looping transform', async () => {
    const r = await run(
      { type: 'contains', value: 'x', transform: 'output.length ? (() => { for (;;) {} })() : 1' },
      limit,
    );
    expect(r).toMatchObject({ pass: null, score: null });
    expect(r.reason).toContain('timed out');
  });

  it('recovers: the same code runs again normally after a time-out', async () => {
    const code = "output === 'slow' ? (() => { for (;;) {} })() : true";
    expect((await run({ type: 'javascript', value: code }, { ...limit, output: 'slow' })).pass).toBeNull();
    expect((await run({ type: 'javascript', value: code }, { ...limit, output: 'fast' })).pass).toBe(true);
  });
});

describe('runAssertion: file:// values', () => {
  const dir = tempFiles({
    'schema.json': JSON.stringify({ type: 'object', required: ['label'] }),
    'schema.yaml': 'type: object\nrequired: [id]\n',
    'expected.txt': '  Paris \n',
    'check.js': 'module.exports = () => true;',
  });

  it('reads JSON and YAML schemas and trimmed text, relative to the suite folder', async () => {
    expect(
      (await run({ type: 'is-json', value: 'file://schema.json' }, { output: '{"label": 1}', baseDir: dir }))
        .pass,
    ).toBe(true);
    expect(
      (await run({ type: 'is-json', value: 'file://schema.yaml' }, { output: '{"label": 1}', baseDir: dir }))
        .pass,
    ).toBe(false);
    expect((await run({ type: 'equals', value: 'file://expected.txt' }, { baseDir: dir })).pass).toBe(true);
    expect(
      (await run({ type: 'contains-any', value: ['file://expected.txt', 'zzz'] }, { baseDir: dir })).pass,
    ).toBe(true);
  });

  it('runs a script file; one that is gone or in Python is unscored with why, and a missing data file too', async () => {
    expect(await run({ type: 'javascript', value: 'file://check.js' }, { baseDir: dir })).toMatchObject({
      pass: true,
      score: 1,
    });
    const script = await run({ type: 'javascript', value: 'file://gone.js' }, { baseDir: dir });
    expect(script).toMatchObject({ pass: null, score: null });
    expect(script.reason).toContain(`file not found: ${dir}/gone.js`);
    const python = await run({ type: 'javascript', value: 'file://check.py:get_assert' }, { baseDir: dir });
    expect(python).toMatchObject({ pass: null, score: null });
    expect(python.reason).toContain('Python files are not supported');
    const missing = await run({ type: 'equals', value: 'file://nope.txt' }, { baseDir: dir });
    expect(missing).toMatchObject({ pass: null, score: null });
    expect(missing.reason).toContain('cannot read');
  });
});
