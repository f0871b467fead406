import { describe, expect, it } from 'vitest';
import { judgeJsonSchema, parseJudgeAnswer } from '../../src/score/judge-answer.js';
import { builtInJudgePrompt } from '../../src/score/judge-prompt.js';

describe('judge answers', () => {
  it('parses a JSON answer of the right shape, bare or in a code fence', () => {
    expect(parseJudgeAnswer('llm-rubric', ' {"reason":"ok","pass":true,"score":0.8}\n')).toEqual({
      ok: true,
      answer: { reason: 'ok', pass: true, score: 0.8 },
    });
    expect(parseJudgeAnswer('pairwise', '```json\n{"reason":"r","winner":"B"}\n```')).toMatchObject({
      ok: true,
      answer: { winner: 'B' },
    });
  });

  it('refuses prose, wrong types and out-of-range scores, saying what is wrong', () => {
    const prose = parseJudgeAnswer('llm-rubric', 'The output is great. PASS');
    expect(prose).toMatchObject({ ok: false });
    expect(prose.ok ? '' : prose.error).toContain('did not answer with JSON');
    const wrong = parseJudgeAnswer('llm-rubric', '{"reason":"x","pass":"yes","score":1}');
    expect(wrong.ok ? '' : wrong.error).toContain('pass');
    expect(parseJudgeAnswer('llm-rubric', '{"reason":"x","pass":true,"score":7}').ok).toBe(false);
    expect(parseJudgeAnswer('factuality', '{"reason":"x","category":"F"}').ok).toBe(false);
    expect(parseJudgeAnswer('pairwise', '{"reason":"x","winner":"A"} and more').ok).toBe(false);
  });

  it('gives runtimes a JSON schema that requires every field', () => {
    const schema = judgeJsonSchema('llm-rubric');
    expect(schema).toMatchObject({ type: 'object', required: ['reason', 'pass', 'score'] });
    expect(schema).not.toHaveProperty('$schema');
  });

  it('ships a prompt for every judge kind that renders the output and the rubric', () => {
    for (const kind of ['llm-rubric', 'model-graded-closedqa', 'factuality', 'pairwise'] as const) {
      const text = builtInJudgePrompt(kind)({
        input: 'INPUT-X',
        output: 'OUTPUT-Y',
        rubric: 'RUBRIC-Z',
        outputA: 'A-TEXT',
        outputB: 'B-TEXT',
        vars: {},
      });
      expect(text).toContain('INPUT-X');
      expect(text).toContain('RUBRIC-Z');
      expect(text).toContain(kind === 'pairwise' ? 'B-TEXT' : 'OUTPUT-Y');
    }
  });
});
