import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { AssertionResult } from '../schema/score-record.js';
import type { Case } from '../suite/expand-cases.js';
import { shortHash } from '../util/hash.js';
import { type JudgeKind, judgeJsonSchema, parseJudgeAnswer } from './judge-answer.js';
import type { JudgeTemplate } from './judge-prompt.js';

export type PairOrder = 'candidate-first' | 'baseline-first';

/** One judge assertion on one output, and the calls it needs (two for pairwise, one otherwise). */
export interface JudgeTask {
  kind: JudgeKind;
  negate: boolean;
  threshold?: number;
  judge: ModelConfig;
  calls: { order: PairOrder | null; call: Case }[];
}

/** A record's input as a judge reads it: the prompt text, or the chat with its roles. */
export function inputText(input: ResultRecord['input']): string {
  if (typeof input === 'string') return input;
  return input.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

function judgeCall(
  target: ResultRecord,
  judge: ModelConfig,
  kind: JudgeKind,
  prompt: string,
  tag: string,
): Case {
  return {
    // The prompt is part of the id: a changed rubric is a new question, an unchanged one is never re-asked.
    id: `j-${shortHash({ target: target.caseId, judge: judge.provider, label: judge.label, kind, tag, prompt }, 16)}`,
    rowId: target.rowId,
    promptId: target.promptId,
    model: judge.label,
    provider: judge.provider,
    role: 'judge',
    repeat: target.repeat,
    messages: [{ role: 'user', content: prompt }],
    // Judges answer deterministically (so they are cached) and in the shape we parse.
    options: { temperature: 0, jsonSchema: judgeJsonSchema(kind) },
  };
}

/**
 * Plans a judge assertion on `target`. Pairwise compares a candidate's output with the baseline's for
 * the same case, asked in both orders (position bias is the best-documented flaw of LLM judges).
 */
export function planJudgeTask(opts: {
  kind: JudgeKind;
  negate: boolean;
  threshold?: number;
  target: ResultRecord;
  /** The baseline's record of the same row, prompt and repeat (pairwise only). */
  baseline?: ResultRecord | undefined;
  rubric: string;
  vars: Record<string, unknown>;
  judge: ModelConfig;
  template: JudgeTemplate;
  /** Distinguishes two judge assertions of one output. */
  tag: string;
}): JudgeTask {
  const { kind, target, judge, template } = opts;
  const base = {
    input: inputText(target.input),
    rubric: opts.rubric,
    vars: opts.vars,
    output: target.output ?? '',
  };
  const task = {
    kind,
    negate: opts.negate,
    judge,
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
  };
  if (kind !== 'pairwise') {
    return {
      ...task,
      calls: [{ order: null, call: judgeCall(target, judge, kind, template(base), opts.tag) }],
    };
  }
  const mine = target.output ?? '';
  const theirs = opts.baseline?.output ?? '';
  return {
    ...task,
    calls: [
      {
        order: 'candidate-first',
        call: judgeCall(
          target,
          judge,
          kind,
          template({ ...base, outputA: mine, outputB: theirs }),
          `${opts.tag}:cf`,
        ),
      },
      {
        order: 'baseline-first',
        call: judgeCall(
          target,
          judge,
          kind,
          template({ ...base, outputA: theirs, outputB: mine }),
          `${opts.tag}:bf`,
        ),
      },
    ],
  };
}

type Outcome = Pick<AssertionResult, 'pass' | 'score' | 'reason' | 'judge'>;

/** What a judge call's record says, or why it says nothing usable. */
function answerOf<K extends JudgeKind>(kind: K, record: ResultRecord | undefined) {
  if (!record) return { ok: false as const, error: 'the judge was not asked (interrupted run)' };
  if (record.error) return { ok: false as const, error: `the judge call failed: ${record.error.message}` };
  if (record.skipped) return { ok: false as const, error: `the judge call was skipped: ${record.skipped}` };
  return parseJudgeAnswer(kind, record.output ?? '');
}

/**
 * Turns a task's judge records into the assertion's outcome. A judge that failed or answered
 * unparseably leaves the assertion unscored (null) with the reason: never a silent pass or fail.
 */
export function judgeOutcome(task: JudgeTask, records: ReadonlyMap<string, ResultRecord>): Outcome {
  const calls = task.calls.map((c) => c.call.id);
  const meta = { model: task.judge.label, calls };
  const unscored = (reason: string): Outcome => ({ pass: null, score: null, reason, judge: meta });
  const first = task.calls[0];
  if (!first) return unscored('no judge call was planned');

  if (task.kind === 'pairwise') {
    const orders: NonNullable<AssertionResult['judge']>['orders'] = [];
    const winners: (string | null)[] = [];
    for (const { order, call } of task.calls) {
      const a = answerOf('pairwise', records.get(call.id));
      if (!a.ok) return unscored(a.error);
      const inFirst = order === 'candidate-first';
      const winner =
        a.answer.winner === 'tie' ? 'tie' : (a.answer.winner === 'A') === inFirst ? 'candidate' : 'baseline';
      winners.push(winner);
      orders.push({ order: order ?? 'candidate-first', winner, reason: a.answer.reason });
    }
    const consistent = winners.every((w) => w === winners[0]);
    const judge = { ...meta, orders, inconsistent: !consistent };
    if (!consistent) {
      return {
        pass: null,
        score: null,
        reason: `the judge changed its verdict with the order of the answers (${winners.join(' / ')}); not counted`,
        judge,
      };
    }
    const score = winners[0] === 'candidate' ? 1 : winners[0] === 'tie' ? 0.5 : 0;
    return finish(
      task,
      score >= 0.5,
      score,
      `${winners[0] === 'tie' ? 'a tie' : `${winners[0]} better`} in both orders`,
      judge,
    );
  }

  const a = answerOf(task.kind, records.get(first.call.id));
  if (!a.ok) return unscored(a.error);
  const answer = a.answer as Record<string, unknown> & { reason: string };
  if (task.kind === 'llm-rubric') {
    const score = answer.score as number;
    const pass = (answer.pass as boolean) && (task.threshold === undefined || score >= task.threshold);
    return finish(task, pass, score, answer.reason, meta);
  }
  if (task.kind === 'factuality') {
    // promptfoo's default: only (D), a disagreement, fails.
    const pass = answer.category !== 'D';
    return finish(task, pass, pass ? 1 : 0, `(${answer.category as string}) ${answer.reason}`, meta);
  }
  const pass = answer.pass as boolean;
  return finish(task, pass, pass ? 1 : 0, answer.reason, meta);
}

function finish(
  task: JudgeTask,
  pass: boolean,
  score: number,
  reason: string,
  judge: NonNullable<AssertionResult['judge']>,
): Outcome {
  if (!task.negate) return { pass, score, reason, judge };
  return { pass: !pass, score: 1 - score, reason: `negated: ${reason}`, judge };
}
