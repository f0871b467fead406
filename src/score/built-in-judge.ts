import type { AssertionDeclaration } from '../schema/assertion-declaration.js';
import type { JudgeAssertion, JudgePlan, JudgePlanInput } from './assertion-module.js';
import type { JudgeKind } from './judge-answer.js';
import { judgePrompt } from './judge-prompt.js';
import { judgeOutcome, planJudgeTask } from './judge-task.js';

/**
 * The plan of a built-in judge: its prompt (templates/judges/<kind>.hbs, or the assertion's
 * `rubricPrompt`), one call (two for pairwise, one in each order), and the answers read as
 * judge-answer.ts and judge-task.ts define for its kind.
 */
export function planBuiltInJudge(kind: JudgeKind, input: JudgePlanInput): JudgePlan {
  const a = input.assertion;
  // In this order, so that of several user errors the same one is reported first as before.
  const judge = input.judge();
  const rubric = input.rubric();
  const task = planJudgeTask({
    kind,
    negate: a.type.startsWith('not-'),
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    target: input.target,
    baseline: input.baseline,
    rubric,
    vars: input.vars,
    judge,
    template: judgePrompt(kind, a.rubricPrompt, input.where),
    tag: input.tag,
  });
  return {
    calls: task.calls.map((c) => c.call),
    outcome: (answers) => judgeOutcome(task, answers),
  };
}

/** A judge module of one of the built-in kinds, planned as above. */
export function builtInJudge<const Kind extends JudgeKind>(
  kind: Kind,
  declaration: AssertionDeclaration<Kind, 'judge'>,
): JudgeAssertion<Kind> {
  return { declaration, plan: (input) => planBuiltInJudge(kind, input) };
}
