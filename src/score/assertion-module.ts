import type { AssertionDeclaration } from '../schema/assertion-declaration.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { AssertionResult } from '../schema/score-record.js';
import type { AssertionConfig } from '../schema/suite-schema.js';
import type { Case } from '../suite/expand-cases.js';
import type { AssertionOutcome } from './assertion-outcome.js';
import type { AssertionCheck } from './assertion-params.js';

/*
 * The contract every assertion type meets: one module that declares its names and load-time value check
 * (`declaration`, see src/schema/assertion-declaration.ts) and says how it is scored, in one of two ways:
 *
 * - `check` (deterministic types): a synchronous function of the transformed output, the rendered value
 *   and the response's figures. Throw `AssertionValueError` where promptfoo throws (a value of the wrong
 *   type once rendered, a missing figure): the result is then unscored with the reason.
 * - `plan` (judge types): the judge-model calls to make for one record, and how to read the outcome
 *   from their recorded answers. Calls are made by the score stage through the run stage (cached,
 *   retried, appended to results.jsonl), all of a run's together, between planning and reading.
 *
 * The built-in modules are in src/score/assertions/ (each paired with its declaration of the same file
 * name in src/schema/assertions/) and listed in src/score/assertion-modules.ts, the one registry.
 */

/** A deterministic assertion: scored from the output alone. */
export interface CheckAssertion<Name extends string = string> {
  readonly declaration: AssertionDeclaration<Name, 'deterministic'>;
  /** `params.type` is the name used (without `not-`), for modules that declare several. */
  readonly check: AssertionCheck;
}

/** A judge assertion: plans judge calls for a record, then reads the outcome from their answers. */
export interface JudgeAssertion<Name extends string = string> {
  readonly declaration: AssertionDeclaration<Name, 'judge'>;
  plan(input: JudgePlanInput): JudgePlan;
}

export type AssertionModule<Name extends string = string> = CheckAssertion<Name> | JudgeAssertion<Name>;

/** What a judge assertion's plan knows about the record it scores. */
export interface JudgePlanInput {
  /** The assertion as written (its `not-` prefix, threshold, rubricPrompt, ...). */
  assertion: AssertionConfig;
  /** The baseline's or a candidate's record, with its output. */
  target: ResultRecord;
  /** The baseline's record of the same row, prompt and repeat, if there is one. */
  baseline: ResultRecord | undefined;
  vars: Record<string, unknown>;
  /**
   * The value rendered for the row, as text (the rubric, criterion or reference answer), and the
   * judge model (the assertion's `provider`, else the suite's judge, else the baseline). Both are asked
   * for, not given, since a plan that needs no call (pairwise on the baseline) needs neither, and
   * either can fail with a user error.
   */
  rubric(): string;
  judge(): ModelConfig;
  /** Where a `rubricPrompt` comes from: the suite's folder and file, and the assertion's field. */
  where: { suiteDir: string; file: string; field: string };
  /** Distinguishes two judge assertions of one output; part of each call's id. */
  tag: string;
}

/** What a judge assertion reports: as a check's outcome, plus which judge answered and how. */
export type JudgedOutcome = AssertionOutcome & Pick<AssertionResult, 'judge'>;

export interface JudgePlan {
  /** The judge calls to make; none when the outcome is settled without asking. */
  calls: readonly Case[];
  /**
   * The outcome, from the recorded answers keyed by call id. A call that failed, was not made or
   * answered unparseably leaves it unscored (null) with the reason: never a silent pass or fail.
   */
  outcome(answers: ReadonlyMap<string, ResultRecord>): JudgedOutcome;
}

/** Whether a module is scored by a judge model (narrows to JudgeAssertion, else CheckAssertion). */
export function isJudgeAssertion(module: AssertionModule): module is JudgeAssertion {
  return module.declaration.kind === 'judge';
}

/** A deterministic module from its declaration and its check. */
export function checkAssertion<const Name extends string>(
  declaration: AssertionDeclaration<Name, 'deterministic'>,
  check: AssertionCheck,
): CheckAssertion<Name> {
  return { declaration, check };
}
