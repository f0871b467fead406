import type { BaseAssertionType } from '../schema/assertion-types.js';
import type { AssertionModule } from './assertion-module.js';
import { bleuAssertion } from './assertions/bleu.js';
import { containsAssertion } from './assertions/contains.js';
import { containsJsonAssertion } from './assertions/contains-json.js';
import { containsListAssertion } from './assertions/contains-list.js';
import { costAssertion } from './assertions/cost.js';
import { equalsAssertion } from './assertions/equals.js';
import { factualityAssertion } from './assertions/factuality.js';
import { finishReasonAssertion } from './assertions/finish-reason.js';
import { functionCallAssertion } from './assertions/function-call.js';
import { isJsonAssertion } from './assertions/is-json.js';
import { isXmlAssertion } from './assertions/is-xml.js';
import { javascriptAssertion } from './assertions/javascript.js';
import { latencyAssertion } from './assertions/latency.js';
import { levenshteinAssertion } from './assertions/levenshtein.js';
import { llmRubricAssertion } from './assertions/llm-rubric.js';
import { modelGradedClosedqaAssertion } from './assertions/model-graded-closedqa.js';
import { pairwiseAssertion } from './assertions/pairwise.js';
import { regexAssertion } from './assertions/regex.js';
import { rougeNAssertion } from './assertions/rouge-n.js';
import { startsWithAssertion } from './assertions/starts-with.js';
import { toolsCallAssertion } from './assertions/tools-call.js';

/**
 * Every assertion module the score stage runs: the registry, from which lookup by name derives. Each
 * carries its own declaration (names, load-time check), the one in src/schema/assertion-types.ts.
 */
export const ASSERTION_MODULES = [
  equalsAssertion,
  containsAssertion,
  containsListAssertion,
  startsWithAssertion,
  regexAssertion,
  isJsonAssertion,
  containsJsonAssertion,
  javascriptAssertion,
  levenshteinAssertion,
  rougeNAssertion,
  bleuAssertion,
  latencyAssertion,
  costAssertion,
  finishReasonAssertion,
  functionCallAssertion,
  toolsCallAssertion,
  isXmlAssertion,
  llmRubricAssertion,
  modelGradedClosedqaAssertion,
  factualityAssertion,
  pairwiseAssertion,
] as const satisfies readonly AssertionModule[];

// A type the suite accepts (src/schema/assertion-types.ts) that no module here scores fails the build
// on this line: "Type 'true' is not assignable to type '"<the type>"'".
type Registered = (typeof ASSERTION_MODULES)[number]['declaration']['names'][number];
export const EVERY_TYPE_HAS_A_MODULE: [Exclude<BaseAssertionType, Registered>] extends [never]
  ? true
  : Exclude<BaseAssertionType, Registered> = true;

const BY_NAME = new Map<string, AssertionModule>(
  ASSERTION_MODULES.flatMap((m) => m.declaration.names.map((name) => [name, m] as const)),
);

/** The module of a `type:` value (`not-` forms included), or undefined for an unknown type. */
export function assertionModule(type: string): AssertionModule | undefined {
  return BY_NAME.get(type.startsWith('not-') ? type.slice(4) : type);
}
