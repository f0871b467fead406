/** Deterministic assertions, with promptfoo's names and meanings. */
export const DETERMINISTIC_ASSERTIONS = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'starts-with',
  'regex',
  'is-json',
  'contains-json',
  'javascript',
  'levenshtein',
  'rouge-n',
  'bleu',
  'latency',
  'cost',
  'finish-reason',
  'is-valid-function-call',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
] as const;

/** Assertions answered by a judge model. `pairwise` is rightsize's: candidate against baseline, both orders. */
export const JUDGE_ASSERTIONS = ['llm-rubric', 'model-graded-closedqa', 'factuality', 'pairwise'] as const;

export const ASSERTION_TYPES = [...DETERMINISTIC_ASSERTIONS, ...JUDGE_ASSERTIONS] as const;
export type BaseAssertionType = (typeof ASSERTION_TYPES)[number];

/** Every accepted `type:` value: each base type and its `not-` negation. */
export const ALL_ASSERTION_TYPES: readonly string[] = [
  ...ASSERTION_TYPES,
  ...ASSERTION_TYPES.map((t) => `not-${t}`),
];

/**
 * promptfoo types rightsize does not implement; named so that the error says "not implemented" rather
 * than "unknown" (the config is valid promptfoo, just not something we score).
 */
export const UNSUPPORTED_PROMPTFOO_ASSERTIONS = [
  'is-html',
  'contains-html',
  'is-sql',
  'contains-sql',
  'is-xml',
  'contains-xml',
  'is-refusal',
  'python',
  'ruby',
  'webhook',
  'gleu',
  'meteor',
  'perplexity',
  'perplexity-score',
  'classifier',
  'similar',
  'g-eval',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'conversation-relevance',
  'select-best',
  'max-score',
  'human',
  'moderation',
  'guardrails',
  'pi',
  'word-count',
  'trace-span-count',
  'trace-span-duration',
  'trace-error-spans',
  'assert-set',
] as const;
