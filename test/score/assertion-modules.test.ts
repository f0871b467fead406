import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ASSERTION_DECLARATIONS,
  ASSERTION_TYPES,
  assertionDeclaration,
  JUDGE_ASSERTIONS,
} from '../../src/schema/assertion-types.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import { isJudgeAssertion, type JudgePlanInput } from '../../src/score/assertion-module.js';
import { ASSERTION_MODULES, assertionModule } from '../../src/score/assertion-modules.js';
import { answeredRecord, JUDGE } from '../helpers/answered-record.js';
import { REPO } from '../helpers/cli.js';

const tsFiles = (dir: string) =>
  readdirSync(join(REPO, dir))
    .filter((f) => f.endsWith('.ts'))
    .sort();

describe('one module per assertion type', () => {
  it('pairs every declaration with one module, in the same order', () => {
    expect(ASSERTION_MODULES.map((m) => m.declaration)).toEqual([...ASSERTION_DECLARATIONS]);
    ASSERTION_MODULES.forEach((m, i) => {
      expect(m.declaration).toBe(ASSERTION_DECLARATIONS[i]);
    });
  });

  it('declares each name once, and derives the type lists from the declarations', () => {
    expect(new Set(ASSERTION_TYPES).size).toBe(ASSERTION_TYPES.length);
    expect(ASSERTION_MODULES.filter(isJudgeAssertion).flatMap((m) => m.declaration.names)).toEqual([
      ...JUDGE_ASSERTIONS,
    ]);
  });

  it('keeps the two halves of a type in files of the same name, the run-time half importing its declaration', () => {
    const declared = tsFiles('src/schema/assertions');
    expect(tsFiles('src/score/assertions')).toEqual(declared);
    for (const file of declared) {
      const runtime = readFileSync(join(REPO, 'src/score/assertions', file), 'utf8');
      expect(runtime, file).toContain(`from '../../schema/assertions/${file.replace(/\.ts$/, '.js')}'`);
    }
  });

  it('finds a module and a declaration by any of their names, not- forms included', () => {
    expect(assertionModule('icontains')?.declaration.names).toContain('contains');
    expect(assertionModule('not-contains-xml')?.declaration.names).toEqual(['is-xml', 'contains-xml']);
    expect(assertionDeclaration('not-pairwise')?.kind).toBe('judge');
    expect(assertionModule('is-html')).toBeUndefined();
  });
});

describe('a judge module plans its calls, then reads the outcome', () => {
  const judge = JUDGE;
  const record = answeredRecord;
  const asked: string[] = [];
  const input = (type: string, target: ResultRecord): JudgePlanInput => ({
    assertion: { type, value: 'is correct' },
    target,
    baseline: record({ caseId: 'b1', model: 'big', role: 'baseline', output: 'four' }),
    vars: {},
    rubric: () => {
      asked.push('rubric');
      return 'is correct';
    },
    judge: () => {
      asked.push('judge');
      return judge;
    },
    where: { suiteDir: REPO, file: join(REPO, 'suite.yaml'), field: 'assert[0].rubricPrompt' },
    tag: '0',
  });
  const planOf = (type: string, target: ResultRecord) => {
    const module = assertionModule(type);
    if (!module || !isJudgeAssertion(module)) throw new Error(`${type} is not a judge`);
    return module.plan(input(type, target));
  };

  it('plans one call for llm-rubric and reads its answer', () => {
    const plan = planOf('llm-rubric', record({}));
    expect(plan.calls).toHaveLength(1);
    const call = plan.calls[0];
    const answer = record({
      caseId: call?.id ?? '',
      role: 'judge',
      output: '{"reason":"ok","pass":true,"score":0.9}',
    });
    expect(plan.outcome(new Map([[answer.caseId, answer]]))).toMatchObject({
      pass: true,
      score: 0.9,
      reason: 'ok',
    });
    expect(plan.outcome(new Map())).toMatchObject({ pass: null, score: null });
  });

  it('settles pairwise on the baseline without a call, a judge or a rubric', () => {
    asked.length = 0;
    const plan = planOf('pairwise', record({ role: 'baseline', model: 'big' }));
    expect(plan.calls).toEqual([]);
    expect(plan.outcome(new Map())).toEqual({
      pass: true,
      score: 0.5,
      reason: 'the baseline is the reference of pairwise judging',
    });
    expect(asked).toEqual([]);
    expect(planOf('pairwise', record({})).calls).toHaveLength(2);
    expect(asked).toEqual(['judge', 'rubric']);
  });
});
