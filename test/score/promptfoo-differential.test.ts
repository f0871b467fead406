import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DETERMINISTIC_ASSERTIONS } from '../../src/schema/assertion-types.js';
import type { AssertionResult } from '../../src/schema/score-record.js';
import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import { combineAssertions } from '../../src/score/combine-assertions.js';
import { runAssertion } from '../../src/score/run-assertion.js';
import { ASSERTION_CORPUS, type CorpusCase } from './assertion-corpus.js';
import { scriptCases } from './script-corpus.js';

// Offline, quiet, and nothing written to the home folder.
process.env.PROMPTFOO_DISABLE_TELEMETRY = '1';
process.env.PROMPTFOO_DISABLE_UPDATE = '1';
process.env.PROMPTFOO_DISABLE_SHARING = '1';
process.env.PROMPTFOO_DISABLE_ERROR_LOG = '1';
process.env.PROMPTFOO_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'rightsize-promptfoo-'));

const TOLERANCE = 1e-9;

type PromptfooOutcome = { threw: string } | { pass: boolean; score: number; reason: string };

interface Promptfoo {
  assertions: {
    runAssertion(params: Record<string, unknown>): Promise<{ pass: boolean; score: number; reason: string }>;
    runAssertions(
      params: Record<string, unknown>,
    ): Promise<{ pass: boolean; score: number; namedScores: Record<string, number> }>;
  };
  loadApiProvider(id: string, options: Record<string, unknown>): Promise<unknown>;
}

let pf: Promptfoo;
const providers = new Map<string, unknown>();

/** promptfoo reads function definitions from its OpenAI provider's config; build one per set. */
async function openAiProviderWith(definitions: unknown[]): Promise<unknown> {
  const functions = definitions.map((d) => {
    const r = d as { type?: string; function?: unknown };
    return r.type === 'function' ? r.function : d;
  });
  const tools = functions.map((f) => ({ type: 'function', function: f }));
  const key = JSON.stringify(functions);
  if (!providers.has(key)) {
    providers.set(
      key,
      await pf.loadApiProvider('openai:chat:gpt-4o', { options: { config: { functions, tools } } }),
    );
  }
  return providers.get(key);
}

/**
 * promptfoo applies a test's `options.transform` in its evaluator, outside runAssertion. Its own
 * transform function is reached through an assertion-level transform feeding a javascript assertion
 * that reports the transformed output.
 */
async function promptfooTestTransform(
  code: string,
  output: unknown,
  vars: Record<string, unknown>,
): Promise<unknown> {
  const probe = await pf.assertions.runAssertion({
    assertion: {
      type: 'javascript',
      value: '({ pass: true, score: 1, reason: JSON.stringify({ v: output }) })',
      transform: code,
    },
    test: { vars },
    providerResponse: { output },
  });
  return (JSON.parse(probe.reason) as { v: unknown }).v;
}

function jsonOrText(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function runPromptfoo(k: CorpusCase): Promise<PromptfooOutcome> {
  const vars = k.vars ?? {};
  try {
    let output: unknown = k.output;
    if (k.testTransform) output = await promptfooTestTransform(k.testTransform, output, vars);
    const base = k.assertion.type.replace(/^not-/, '');
    let provider: unknown;
    if (base.startsWith('is-valid-')) {
      // promptfoo's OpenAI provider hands over the call as an object; our output is its JSON text.
      const config = k.assertion.config as { functions?: unknown[]; tools?: unknown[] } | undefined;
      const definitions = [
        ...(Array.isArray(k.assertion.value) ? k.assertion.value : []),
        ...(config?.functions ?? []),
        ...(config?.tools ?? []),
      ];
      provider = await openAiProviderWith(definitions);
      output = jsonOrText(output);
    }
    const result = await pf.assertions.runAssertion({
      assertion: k.assertion,
      test: { vars },
      prompt: k.prompt,
      provider,
      latencyMs: k.latencyMs,
      providerResponse: {
        output,
        ...(k.cost !== undefined ? { cost: k.cost } : {}),
        ...(k.finishReason !== undefined ? { finishReason: k.finishReason } : {}),
      },
    });
    return { pass: result.pass, score: result.score, reason: result.reason };
  } catch (err) {
    return { threw: (err as Error).message };
  }
}

async function runOurs(k: CorpusCase): Promise<AssertionResult> {
  return runAssertion(k.assertion, {
    output: k.output,
    vars: k.vars ?? {},
    prompt: k.prompt ?? '',
    latencyMs: k.latencyMs ?? null,
    cost: k.cost ?? null,
    finishReason: k.finishReason ?? null,
    engine: 'nunjucks',
    ...(k.testTransform ? { testTransform: k.testTransform } : {}),
  });
}

function sameOutcome(ours: AssertionResult, theirs: PromptfooOutcome): boolean {
  // Where promptfoo throws (a bad value, a failing transform, no latency), we record an unscored result.
  if ('threw' in theirs) return ours.pass === null && ours.score === null;
  return ours.pass === theirs.pass && ours.score !== null && Math.abs(ours.score - theirs.score) <= TOLERANCE;
}

const theirs = new Map<string, PromptfooOutcome>();

beforeAll(async () => {
  pf = (await import('promptfoo')).default as unknown as Promptfoo;
  // promptfoo logs the transform errors the corpus provokes on purpose; keep the test output readable.
  const stream = (console as unknown as { _stdout?: { write(s: string): boolean } })._stdout;
  const quiet = [
    vi.spyOn(console, 'log').mockImplementation(() => {}),
    vi.spyOn(console, 'error').mockImplementation(() => {}),
    ...(stream ? [vi.spyOn(stream, 'write').mockImplementation(() => true)] : []),
  ];
  try {
    for (const k of ASSERTION_CORPUS) theirs.set(k.name, await runPromptfoo(k));
  } finally {
    for (const spy of quiet) spy.mockRestore();
  }
}, 60_000);

describe('the corpus', () => {
  it('has at least 200 uniquely named cases', () => {
    expect(ASSERTION_CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(ASSERTION_CORPUS.map((k) => k.name)).size).toBe(ASSERTION_CORPUS.length);
  });

  it('covers every deterministic type and its not- variant', () => {
    const types = new Set(ASSERTION_CORPUS.map((k) => k.assertion.type));
    for (const t of DETERMINISTIC_ASSERTIONS) {
      expect(types, t).toContain(t);
      expect(types, `not-${t}`).toContain(`not-${t}`);
    }
  });

  it('has passing, failing and erroring cases on the promptfoo side', () => {
    const outcomes = [...theirs.values()];
    const passes = outcomes.filter((o) => 'pass' in o && o.pass).length;
    const fails = outcomes.filter((o) => 'pass' in o && !o.pass).length;
    const threw = outcomes.filter((o) => 'threw' in o).length;
    expect(passes).toBeGreaterThan(60);
    expect(fails).toBeGreaterThan(60);
    expect(threw).toBeGreaterThan(10);
  });
});

describe('file:// functions in the corpus', () => {
  it('are really run by promptfoo: it scores most, and throws only where the function or its export fails', () => {
    const outcomes = scriptCases.map((k) => theirs.get(k.name) as PromptfooOutcome);
    const scored = outcomes.filter((o) => 'pass' in o);
    expect(scored.filter((o) => 'pass' in o && o.pass).length).toBeGreaterThanOrEqual(10);
    expect(scored.filter((o) => 'pass' in o && !o.pass).length).toBeGreaterThanOrEqual(10);
    expect(scored.some((o) => 'score' in o && o.score > 0 && o.score < 1)).toBe(true);
    expect(outcomes.length - scored.length).toBeLessThanOrEqual(7);
  });
});

describe('runAssertion agrees with promptfoo 0.121.20', () => {
  for (const k of ASSERTION_CORPUS) {
    it(k.name, async () => {
      const ours = await runOurs(k);
      const pfOutcome = theirs.get(k.name) as PromptfooOutcome;
      if (k.differs) {
        // A listed deliberate difference: we give exactly this, and promptfoo really answers otherwise.
        expect({ pass: ours.pass, score: ours.score }).toEqual(k.differs.ours);
        expect(sameOutcome(ours, pfOutcome), `promptfoo now agrees; drop the listed difference`).toBe(false);
        return;
      }
      expect({
        ours: { pass: ours.pass, score: ours.score, reason: ours.reason },
        agrees: sameOutcome(ours, pfOutcome),
      }).toEqual({
        ours: { pass: ours.pass, score: ours.score, reason: ours.reason },
        agrees: true,
      });
    });
  }
});

/** Whole tests (several assertions, weights, metrics, a threshold): promptfoo's runAssertions vs ours. */
const TESTS: {
  name: string;
  output: string;
  assert: AssertionConfig[];
  threshold?: number;
  vars?: Record<string, unknown>;
}[] = [
  {
    name: 'all pass',
    output: 'Order 123 is billing',
    assert: [
      { type: 'contains', value: 'billing' },
      { type: 'regex', value: '\\d+' },
    ],
  },
  {
    name: 'weighted, one fails',
    output: 'billing',
    assert: [
      { type: 'contains', value: 'bill', weight: 2 },
      { type: 'equals', value: 'cards' },
    ],
  },
  {
    name: 'weighted, one fails, test threshold met',
    output: 'billing',
    threshold: 0.6,
    assert: [
      { type: 'contains', value: 'bill', weight: 2 },
      { type: 'equals', value: 'cards' },
    ],
  },
  {
    name: 'weighted, one fails, test threshold missed',
    output: 'billing',
    threshold: 0.7,
    assert: [
      { type: 'contains', value: 'bill', weight: 2 },
      { type: 'equals', value: 'cards' },
    ],
  },
  {
    name: 'named metrics',
    output: '{"label": "pos", "why": "good"}',
    vars: { cat: 'sentiment' },
    assert: [
      { type: 'is-json', metric: 'format' },
      { type: 'javascript', value: "JSON.parse(output).label === 'pos'", metric: 'acc-{{cat}}' },
      { type: 'contains', value: 'neg', metric: 'acc-{{cat}}', weight: 3 },
      { type: 'rouge-n', value: 'label pos why good', metric: 'format', weight: 2, threshold: 0.1 },
    ],
  },
  {
    name: 'a weight-0 assertion informs only',
    output: 'yes',
    assert: [
      { type: 'equals', value: 'yes' },
      { type: 'equals', value: 'no', weight: 0 },
    ],
  },
  {
    name: 'fractional scores',
    output: 'the cat sat on a mat today',
    assert: [
      { type: 'rouge-n', value: 'the cat sat on the mat' },
      { type: 'bleu', value: 'the cat sat on the mat', weight: 2 },
      { type: 'javascript', value: 'output.length / 100', weight: 0.5 },
      { type: 'not-rouge-n', value: 'completely different words', threshold: 0.5 },
    ],
  },
  {
    name: 'every weight 0',
    output: 'x',
    assert: [
      { type: 'equals', value: 'x', weight: 0 },
      { type: 'equals', value: 'y', weight: 0 },
    ],
  },
];

describe('combineAssertions agrees with promptfoo runAssertions', () => {
  for (const t of TESTS) {
    it(t.name, async () => {
      const vars = t.vars ?? {};
      const want = await pf.assertions.runAssertions({
        test: { vars, assert: t.assert, ...(t.threshold !== undefined ? { threshold: t.threshold } : {}) },
        providerResponse: { output: t.output },
      });
      const results = await Promise.all(
        t.assert.map((a) =>
          runAssertion(a, {
            output: t.output,
            vars,
            prompt: '',
            latencyMs: null,
            cost: null,
            finishReason: null,
            engine: 'nunjucks',
          }),
        ),
      );
      const got = combineAssertions(results, t.threshold);
      expect(got.pass).toBe(want.pass);
      expect(got.score).toBeCloseTo(want.score, 9);
      expect(Object.keys(got.namedScores).sort()).toEqual(Object.keys(want.namedScores).sort());
      for (const [name, value] of Object.entries(want.namedScores))
        expect(got.namedScores[name]).toBeCloseTo(value, 9);
    });
  }
});
