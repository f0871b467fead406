import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync, REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OpenAIChatBody, type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

let servers: OpenAITestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A scripted judge: the rubric passes outputs naming Paris, garbles its answer for outputs saying
 * GARBLE, and in pairwise always prefers the first answer shown (a position-biased judge).
 */
function judgeReply(body: OpenAIChatBody): string[] {
  const prompt = body.messages.map((m) => m.content).join('\n');
  if (prompt.includes('<answer_a>')) return ['{"reason":"the first one reads better","winner":"A"}'];
  const output = /<output>\n([\s\S]*?)\n<\/output>/.exec(prompt)?.[1] ?? '';
  if (output.includes('GARBLE')) return ['Sure! I would say it passes.'];
  const pass = output.includes('Paris');
  return [
    JSON.stringify({ reason: pass ? 'names Paris' : 'does not name Paris', pass, score: pass ? 1 : 0 }),
  ];
}

const suite = (judgeUrl: string) =>
  [
    'name: judged',
    'dataset: file://rows.jsonl',
    'prompts:',
    '  - id: ask',
    '    template: "What is the capital of {{country}}?"',
    'baseline: recorded:./big.jsonl',
    'candidates:',
    '  - id: small',
    '    provider: recorded:./small.jsonl',
    'judge:',
    '  id: grader',
    '  provider: openai:gpt-4o',
    `  baseURL: ${judgeUrl}`,
    '  apiKey: sk-judge-secret',
    'assert:',
    '  - type: llm-rubric',
    '    value: names the capital of {{country}}',
    '  - type: pairwise',
  ].join('\n');

describe('rightsize run with LLM judges (a scripted judge on a loopback OpenAI server)', () => {
  it('records judge calls like any call, forces the answer schema, and scores what parses', async () => {
    const judge = await startOpenAIServer({ reply: judgeReply, models: [] });
    servers.push(judge);
    const dir = tempFiles({
      'suite.yaml': suite(judge.url),
      'rows.jsonl': '{"id":"fr","country":"France"}\n{"id":"de","country":"Germany"}\n',
      'big.jsonl': '{"id":"fr","output":"Paris."}\n{"id":"de","output":"Berlin."}\n',
      'small.jsonl': '{"id":"fr","output":"Paris, of course."}\n{"id":"de","output":"GARBLE"}\n',
    });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);

    // 4 rubric calls (2 rows × 2 models) + 2 rows × 2 orders of pairwise for the candidate.
    expect(judge.chatBodies).toHaveLength(8);
    for (const body of judge.chatBodies) {
      expect(body.temperature).toBe(0);
      expect(body.response_format).toMatchObject({ type: 'json_schema' });
    }
    const results = jsonl(join(dir, 'out', 'results.jsonl'));
    const judged = results.filter((x) => x.role === 'judge');
    expect(judged).toHaveLength(8);
    expect(judged.every((x) => x.model === 'grader' && x.provider === 'openai:gpt-4o')).toBe(true);
    expect(readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')).not.toContain('sk-judge-secret');

    const scores = jsonl(join(dir, 'out', 'scores.jsonl'));
    const find = (model: string, row: string) => scores.find((s) => s.model === model && s.rowId === row);
    type A = {
      type: string;
      pass: boolean | null;
      score: number | null;
      reason: string;
      judge?: Record<string, unknown>;
    };
    const rubric = (s: Record<string, unknown> | undefined) =>
      ((s?.assertions ?? []) as A[]).find((a) => a.type === 'llm-rubric');
    const pair = (s: Record<string, unknown> | undefined) =>
      ((s?.assertions ?? []) as A[]).find((a) => a.type === 'pairwise');
    expect(rubric(find('small', 'fr'))).toMatchObject({ pass: true, score: 1, reason: 'names Paris' });
    expect(rubric(find('recorded:./big.jsonl', 'de'))).toMatchObject({ pass: false, score: 0 });
    // The garbled answer leaves the rubric unscored, never passed or failed.
    const garbled = rubric(find('small', 'de'));
    expect(garbled).toMatchObject({ pass: null, score: null });
    expect(garbled?.reason).toContain('did not answer with JSON');
    // The judge preferred whatever came first: both orders are kept, and the verdict is not counted.
    const p = pair(find('small', 'fr'));
    expect(p).toMatchObject({ pass: null, score: null, judge: { inconsistent: true } });
    expect(((p?.judge?.orders ?? []) as { winner: string }[]).map((o) => o.winner)).toEqual([
      'candidate',
      'baseline',
    ]);
    expect(pair(find('recorded:./big.jsonl', 'fr'))).toMatchObject({ pass: true, score: 0.5 });

    // A second run into the same directory asks the judge nothing new.
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir })).code).toBe(0);
    expect(judge.chatBodies).toHaveLength(8);
  });
});

const STORIES = resolve(REPO, '../shared/models/tinyllamas-stories-260k-f32.v3.gguf');
const present = existsSync(STORIES);
const required = process.env.RIGHTSIZE_REQUIRE_MODELS === '1';
if (!present && !required) console.warn(`[skipped] GGUF judge: ${STORIES} is missing`);

describe.skipIf(!present && !required)('a tiny GGUF model as the judge', () => {
  it('answers through the JSON-schema grammar, so every judgement parses (however meaningless)', async () => {
    expect(existsSync(STORIES), `${STORIES} is required (RIGHTSIZE_REQUIRE_MODELS=1)`).toBe(true);
    const dir = tempFiles({
      'suite.yaml': [
        'name: gguf-judge',
        'dataset: file://rows.jsonl',
        'prompts: ["Tell a story about {{thing}}."]',
        'baseline: recorded:./big.jsonl',
        'judge:',
        `  provider: gguf:${STORIES}`,
        '  options: { maxTokens: 96 }',
        'assert:',
        '  - type: llm-rubric',
        '    value: is a story',
      ].join('\n'),
      'rows.jsonl': '{"id":"a","thing":"a cat"}\n{"id":"b","thing":"a boat"}\n',
      'big.jsonl': '{"id":"a","output":"A cat slept."}\n{"id":"b","output":"A boat sailed."}\n',
    });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    // The grammar guarantees the shape (JSON with reason, pass, score of the right types); it cannot
    // make a 260k-parameter model sensible, so a score outside 0..1 is refused by the strict parse.
    const judged = jsonl(join(dir, 'out', 'results.jsonl')).filter((x) => x.role === 'judge');
    expect(judged).toHaveLength(2);
    for (const j of judged) {
      const answer = JSON.parse(j.output as string) as Record<string, unknown>;
      expect(typeof answer.reason).toBe('string');
      expect(typeof answer.pass).toBe('boolean');
      expect(typeof answer.score).toBe('number');
    }
    const scores = jsonl(join(dir, 'out', 'scores.jsonl'));
    expect(scores).toHaveLength(2);
    for (const s of scores) {
      const [a] = s.assertions as { pass: boolean | null; score: number | null; reason: string }[];
      expect(a?.reason).not.toContain('did not answer with JSON');
      if (a?.score === null) expect(a.reason).toContain('no valid score');
      else expect(typeof a?.pass).toBe('boolean');
    }
  });
});
