import type { AssertionDeclaration, AssertionKind } from './assertion-declaration.js';
import { bleuDeclaration } from './assertions/bleu.js';
import { containsDeclaration } from './assertions/contains.js';
import { containsJsonDeclaration } from './assertions/contains-json.js';
import { containsListDeclaration } from './assertions/contains-list.js';
import { costDeclaration } from './assertions/cost.js';
import { equalsDeclaration } from './assertions/equals.js';
import { factualityDeclaration } from './assertions/factuality.js';
import { finishReasonDeclaration } from './assertions/finish-reason.js';
import { functionCallDeclaration } from './assertions/function-call.js';
import { isJsonDeclaration } from './assertions/is-json.js';
import { isXmlDeclaration } from './assertions/is-xml.js';
import { javascriptDeclaration } from './assertions/javascript.js';
import { latencyDeclaration } from './assertions/latency.js';
import { levenshteinDeclaration } from './assertions/levenshtein.js';
import { llmRubricDeclaration } from './assertions/llm-rubric.js';
import { modelGradedClosedqaDeclaration } from './assertions/model-graded-closedqa.js';
import { pairwiseDeclaration } from './assertions/pairwise.js';
import { regexDeclaration } from './assertions/regex.js';
import { rougeNDeclaration } from './assertions/rouge-n.js';
import { startsWithDeclaration } from './assertions/starts-with.js';
import { toolsCallDeclaration } from './assertions/tools-call.js';

/**
 * Every assertion type rightsize scores, one declaration a type (src/schema/assertions/), in the order
 * the suite schema lists them. Names, kinds and load-time checks all derive from this list; the scoring
 * stage's registry (src/score/assertion-modules.ts) pairs each with its run-time half.
 */
export const ASSERTION_DECLARATIONS = [
  equalsDeclaration,
  containsDeclaration,
  containsListDeclaration,
  startsWithDeclaration,
  regexDeclaration,
  isJsonDeclaration,
  containsJsonDeclaration,
  javascriptDeclaration,
  levenshteinDeclaration,
  rougeNDeclaration,
  bleuDeclaration,
  latencyDeclaration,
  costDeclaration,
  finishReasonDeclaration,
  functionCallDeclaration,
  toolsCallDeclaration,
  isXmlDeclaration,
  llmRubricDeclaration,
  modelGradedClosedqaDeclaration,
  factualityDeclaration,
  pairwiseDeclaration,
] as const;

type Declared = (typeof ASSERTION_DECLARATIONS)[number];
export type BaseAssertionType = Declared['names'][number];

type NamesOf<K extends AssertionKind> = Extract<Declared, { kind: K }>['names'][number];
const namesOf = (kind: AssertionKind): readonly BaseAssertionType[] =>
  ASSERTION_DECLARATIONS.flatMap((d) => (d.kind === kind ? d.names : []));

/** Deterministic assertions, with promptfoo's names and meanings. */
export const DETERMINISTIC_ASSERTIONS = namesOf('deterministic') as readonly NamesOf<'deterministic'>[];

/** Assertions answered by a judge model. `pairwise` is rightsize's: candidate against baseline, both orders. */
export const JUDGE_ASSERTIONS = namesOf('judge') as readonly NamesOf<'judge'>[];

export const ASSERTION_TYPES: readonly BaseAssertionType[] = ASSERTION_DECLARATIONS.flatMap((d) => d.names);

/** Every accepted `type:` value: each base type and its `not-` negation. */
export const ALL_ASSERTION_TYPES: readonly string[] = [
  ...ASSERTION_TYPES,
  ...ASSERTION_TYPES.map((t) => `not-${t}`),
];

const BY_NAME = new Map<string, AssertionDeclaration>(
  ASSERTION_DECLARATIONS.flatMap((d) => d.names.map((name) => [name, d] as const)),
);

/** The declaration of a `type:` value (`not-` forms included), or undefined for an unknown type. */
export function assertionDeclaration(type: string): AssertionDeclaration | undefined {
  return BY_NAME.get(type.startsWith('not-') ? type.slice(4) : type);
}

/**
 * promptfoo types rightsize does not implement; named so that the error says "not implemented" rather
 * than "unknown" (the config is valid promptfoo, just not something we score).
 */
export const UNSUPPORTED_PROMPTFOO_ASSERTIONS = [
  'is-html',
  'contains-html',
  'is-sql',
  'contains-sql',
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
