import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import type { Summary } from '../../src/schema/summary.js';
import { cli, cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

const jsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

/** A team's own code, in promptfoo's contracts: a RAG provider (.js), a small one (.ts), checks in both. */
const CODE = {
  'rag-provider.js': `
const KNOWN = { France: 'Paris', Japan: 'Tokyo', Peru: 'Lima' };
export default class RagProvider {
  constructor(options) { this.options = options; }
  id() { return this.options.id; }
  async callApi(prompt, context) {
    return {
      output: KNOWN[context.vars.country] + this.options.config.suffix,
      tokenUsage: { prompt: 20, completion: 2, total: 22 },
      cost: 0.002,
    };
  }
}
`,
  'small-provider.ts': `
interface Context { vars: Record<string, string> }
export default class SmallProvider {
  async callApi(prompt: string, context: Context): Promise<{ output: string; latencyMs: number }> {
    const known: Record<string, string> = { France: 'Paris', Japan: 'Tokyo' };
    return { output: known[context.vars.country] ?? 'I do not know', latencyMs: 40 };
  }
}
`,
  'checks.js': `
export function mentionsCity(output, context) { return output.includes(context.vars.city); }
export function brevity(output) { return output.length <= 6 ? 1 : 0.5; }
`,
  'checks.ts': `
export function graded(output: string, context: { vars: { city: string } }) {
  const hit = output.toLowerCase().includes(context.vars.city.toLowerCase());
  return { pass: hit, score: hit ? 1 : 0, reason: hit ? 'names the city' : 'no city named' };
}
`,
};

const CONFIG = [
  'description: capitals from our own pipeline',
  'prompts:',
  '  - "What is the capital of {{country}}?"',
  'providers:',
  '  - id: file://rag-provider.js',
  '    label: rag',
  '    config: { suffix: "." }',
  '  - id: file://small-provider.ts',
  '    label: small',
  'defaultTest:',
  '  assert:',
  '    - type: javascript',
  '      value: file://checks.js:mentionsCity',
  '    - type: javascript',
  '      value: file://checks.ts:graded',
  '    - type: javascript',
  '      value: file://checks.js:brevity',
  '      threshold: 0.9',
  '      weight: 0',
  'tests:',
  '  - vars: { country: France, city: Paris }',
  '  - vars: { country: Japan, city: Tokyo }',
  '  - vars: { country: Peru, city: Lima }',
].join('\n');

describe('custom JavaScript/TypeScript providers and assertions, promptfoo’s contracts', () => {
  it('a promptfooconfig.yaml with file:// providers (.js, .ts) and file:// checks runs unchanged', async () => {
    const dir = tempFiles({ 'promptfooconfig.yaml': CONFIG, ...CODE });
    const r = await cliAsync(['run', 'promptfooconfig.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const results = jsonl<ResultRecord>(join(dir, 'out', 'results.jsonl'));
    const byModel = (m: string) => results.filter((x) => x.model === m);
    expect(byModel('rag').map((x) => [x.output, x.usage, x.cost, x.error])).toEqual(
      ['Paris.', 'Tokyo.', 'Lima.'].map((o) => [o, { input: 20, output: 2 }, 0.002, null]),
    );
    expect(byModel('small').map((x) => [x.output, x.latencyMs, x.usage])).toEqual(
      ['Paris', 'Tokyo', 'I do not know'].map((o) => [o, 40, { input: null, output: null }]),
    );
    const scores = jsonl<ScoreRecord>(join(dir, 'out', 'scores.jsonl'));
    const small = scores.filter((s) => s.model === 'small');
    expect(small.map((s) => s.pass)).toEqual([true, true, false]);
    // The Peru answer: both checks fail; the weight-0 brevity check only informs (score 0.5 < 0.9).
    expect(small[2]?.assertions.map((a) => [a.pass, a.score, a.reason.split('\n')[0]])).toEqual([
      [false, 0, 'Custom function returned false'],
      [false, 0, 'no city named'],
      [true, 0.5, 'Custom function returned false'],
    ]);
    expect(scores.filter((s) => s.model === 'rag').every((s) => s.pass)).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
    // The provider's own cost: $0.002 a call is $2 per 1,000.
    const rag = summary.models.find((m) => m.id === 'rag');
    expect([rag?.costPer1k, rag?.costMethod]).toEqual([2, 'reported']);
  }, 60_000);

  const broken: [string, string, string][] = [
    ['a missing check file', 'file://checks.js:mentionsCity', 'file://gone.js'],
    ['a function the file does not export', 'file://checks.js:mentionsCity', 'file://checks.js:mentionCity'],
    ['a Python check', 'file://checks.js:mentionsCity', 'file://checks.py:get_assert'],
    ['a missing provider file', 'file://small-provider.ts', 'file://smal-provider.ts'],
    ['a Python provider', 'file://small-provider.ts', 'file://provider.py'],
  ];
  const expected: Record<string, RegExp> = {
    'a missing check file':
      /promptfooconfig\.yaml:13: defaultTest\.assert\[0\]\.value: assertion "javascript": file not found: .*gone\.js/,
    'a function the file does not export':
      /promptfooconfig\.yaml:13: .*checks\.js does not export a function "mentionCity" \(it exports brevity, mentionsCity\)\n {2}fix: did you mean "mentionsCity"\?/,
    'a Python check':
      /promptfooconfig\.yaml:13: .*Python files are not supported \(checks\.py\): rightsize runs custom code in its own Node\.js process/,
    'a missing provider file':
      /promptfooconfig\.yaml:8: providers\[1\]\.id: file not found: .*smal-provider\.ts/,
    'a Python provider':
      /promptfooconfig\.yaml:8: providers\[1\]\.id: provider "file:\/\/provider\.py": Python files are not supported/,
  };
  for (const [name, from, to] of broken) {
    it(`${name}: exit 2 before any call, one message naming the file and the suite line`, () => {
      const dir = tempFiles({ 'promptfooconfig.yaml': CONFIG.replace(from, to), ...CODE });
      const r = cli(['run', 'promptfooconfig.yaml', '--out', 'out'], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr, r.stderr).toMatch(expected[name] as RegExp);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a provider answering the wrong shape, and a check that throws, are recorded errors with the reason', async () => {
    const dir = tempFiles({
      'promptfooconfig.yaml': CONFIG.replace('file://checks.js:brevity', 'file://checks.js:explodes'),
      ...CODE,
      'small-provider.ts': `
export default class { async callApi(prompt: string, context: { vars: { country: string } }) {
  return context.vars.country === 'Japan' ? { text: 'Tokyo' } : { output: 'Paris' };
} }
`,
      'checks.js': `${CODE['checks.js']}\nexport function explodes(output) { if (output === 'Lima.') throw new Error('lookup failed'); return 1; }\n`,
    });
    const r = await cliAsync(['run', 'promptfooconfig.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    const results = jsonl<ResultRecord>(join(dir, 'out', 'results.jsonl'));
    const japan = results.find((x) => x.model === 'small' && x.input === 'What is the capital of Japan?');
    expect(japan?.output).toBeNull();
    expect(japan?.error?.type).toBe('bad_response');
    expect(japan?.error?.message).toContain(
      'file://small-provider.ts: callApi returned no output (keys: text)',
    );
    const scores = jsonl<ScoreRecord>(join(dir, 'out', 'scores.jsonl'));
    const lima = scores.find(
      (s) => s.model === 'rag' && s.rowId === results.find((x) => x.output === 'Lima.')?.rowId,
    );
    const thrown = lima?.assertions[2];
    expect([thrown?.pass, thrown?.score]).toEqual([null, null]);
    expect(thrown?.reason).toContain('checks.js:explodes threw: lookup failed');
  }, 60_000);
});

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('production logs as the baseline: `answers:` and recorded `key:`', () => {
  it('the baseline comes from the dataset with no call, and the candidates get a verdict', async () => {
    server = await startOpenAIServer({
      models: [],
      reply: (body) => [
        String(body.messages.at(-1)?.content).replace(/^Q: What is (\d+)\+(\d+)\?$/, (_m, a, b) =>
          String(Number(a) + Number(b)),
        ),
      ],
    });
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: `r${i}`,
      request_id: `req-${100 + i}`,
      question: `What is ${i}+${i}?`,
      expected: String(2 * i),
      answer: `${2 * i}`,
      latency_ms: 900 + i,
      in_tok: 15,
      out_tok: 2,
    }));
    const logged = rows.map((r, i) =>
      JSON.stringify({ id: r.request_id, output: i % 6 === 0 ? 'no idea' : r.expected, latencyMs: 200 }),
    );
    const dir = tempFiles({
      'suite.yaml': [
        'name: from-logs',
        'dataset: file://logs.jsonl',
        'prompts: ["Q: {{question}}"]',
        'baseline: { id: production, answers: answer, latency: latency_ms, usage: { input: in_tok, output: out_tok } }',
        'candidates:',
        `  - { id: small, provider: "openai:small", baseURL: "${server.url}", apiKey: sk-test, options: { temperature: 0 } }`,
        '  - { id: last-week, provider: "recorded:./last-week.jsonl", key: request_id }',
        'assert:',
        '  - type: equals',
        '    value: "{{expected}}"',
      ].join('\n'),
      'logs.jsonl': `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
      'last-week.jsonl': `${logged.join('\n')}\n`,
    });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--no-cache'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect([0, 1]).toContain(r.code);
    // Every call the server saw was the small candidate's: the baseline cost nothing.
    expect(server.chatBodies).toHaveLength(30);
    expect(server.chatBodies.every((b) => b.model === 'small')).toBe(true);
    const results = jsonl<ResultRecord>(join(dir, 'out', 'results.jsonl'));
    const baseline = results.filter((x) => x.role === 'baseline');
    expect(baseline).toHaveLength(30);
    expect(baseline.every((x) => x.provider === 'dataset:answer' && x.error === null)).toBe(true);
    const r7 = baseline.find((x) => x.rowId === 'r7');
    expect([r7?.output, r7?.latencyMs, r7?.usage]).toEqual(['14', 907, { input: 15, output: 2 }]);
    const lastWeek = results.filter((x) => x.model === 'last-week');
    expect(lastWeek.find((x) => x.rowId === 'r1')?.output).toBe('2');
    expect(lastWeek.filter((x) => x.output === 'no idea')).toHaveLength(5);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
    expect(summary.candidates.map((c) => [c.id, c.pairs])).toEqual([
      ['small', 30],
      ['last-week', 30],
    ]);
    expect(summary.candidates.find((c) => c.id === 'small')?.diff).toBe(0);
    expect(summary.candidates.find((c) => c.id === 'last-week')?.diff).toBeCloseTo(-5 / 30, 9);
    expect(summary.candidates.every((c) => ['switch', 'keep', 'inconclusive'].includes(c.verdict))).toBe(
      true,
    );
  }, 60_000);

  it('rows without a baseline answer stop the run before any call, naming the rows (exit 2)', () => {
    const dir = tempFiles({
      'suite.yaml': [
        'name: from-logs',
        'dataset: file://logs.csv',
        'prompts: ["Q: {{question}}"]',
        'baseline: { id: production, answers: answer }',
        'candidates: [ollama:qwen2.5:0.5b]',
      ].join('\n'),
      'logs.csv': 'id,question,answer\nq1,2+2?,4\nq2,3+3?,\nq3,4+4?,8\n',
    });
    const r = cli(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'logs.csv:3: 1 of 3 rows have no answer in the column "answer" that baseline "production" takes its answers from: "q2" (logs.csv:3)',
    );
  });
});
