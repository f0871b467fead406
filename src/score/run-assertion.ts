import type { AssertionResult } from '../schema/score-record.js';
import type { AssertionConfig } from '../schema/suite-schema.js';
import type { TemplateEngine } from '../suite/suite.js';
import { renderTemplate } from '../suite/template.js';
import { isJudgeAssertion } from './assertion-module.js';
import { assertionModule } from './assertion-modules.js';
import type { AssertionOutcome } from './assertion-outcome.js';
import { unscoredOutcome } from './assertion-outcome.js';
import type { AssertionCheck, AssertionParams } from './assertion-params.js';
import { javascriptContext } from './assertions/javascript.js';
import { DEFAULT_JAVASCRIPT_TIMEOUT_MS } from './javascript-sandbox.js';
import { renderValue } from './render-value.js';
import { isScriptRef, runScriptValue, scriptResultAsValue } from './script-value.js';
import { transformOutput } from './transform-output.js';

/** One model output and what surrounds it, as a deterministic assertion needs it. */
export interface AssertionInput {
  /** The model's output text, as recorded. */
  output: string;
  /** The row's variables (values render `{{var}}`; `context.vars` in JavaScript). */
  vars: Record<string, unknown>;
  /** The rendered prompt (`context.prompt` in JavaScript), as text. */
  prompt: string;
  latencyMs: number | null;
  /** The call's cost in USD, null when unknown (a `cost` assertion is then unscored). */
  cost: number | null;
  finishReason: string | null;
  /** The suite's template engine: Handlebars (rightsize layout) or Nunjucks (promptfoo's). */
  engine: TemplateEngine;
  /**
   * The test's own transform (promptfoo's `options.transform` on the test or defaultTest, or its
   * older name `options.postprocess`), applied before the assertion's `transform`.
   */
  testTransform?: string;
  /** Folder that `file://` values are relative to: the suite's. Default: the working directory. */
  baseDir?: string;
  /** Time limit of each JavaScript evaluation (transform or assertion); default 5000 ms. */
  javascriptTimeoutMs?: number;
}

function messageOf(err: unknown): string {
  return err !== null && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
}

/** The `metric` name, rendered like the value (promptfoo renders it); as written if it does not render. */
function metricName(metric: string | undefined, input: AssertionInput): string | null {
  if (metric === undefined) return null;
  try {
    return renderTemplate(input.engine, metric, input.vars);
  } catch {
    return metric;
  }
}

async function evaluate(
  check: AssertionCheck,
  assertion: AssertionConfig,
  input: AssertionInput,
): Promise<AssertionOutcome> {
  const timeoutMs = input.javascriptTimeoutMs ?? DEFAULT_JAVASCRIPT_TIMEOUT_MS;
  let output: unknown = input.output;
  if (input.testTransform) {
    output = transformOutput(
      input.testTransform,
      output,
      { vars: input.vars, prompt: { raw: input.prompt, label: input.prompt } },
      timeoutMs,
    );
  }
  if (assertion.transform) {
    output = transformOutput(
      assertion.transform,
      output,
      { vars: input.vars, prompt: { label: input.prompt } },
      timeoutMs,
    );
  }
  const baseDir = input.baseDir ?? process.cwd();
  const script = isScriptRef(assertion.value) ? assertion.value : null;
  const params: AssertionParams = {
    type: assertion.type.startsWith('not-') ? assertion.type.slice(4) : assertion.type,
    output,
    outputString: typeof output === 'string' ? output : JSON.stringify(output),
    value: script ?? renderValue(assertion.value, input.vars, input.engine, baseDir),
    inverse: assertion.type.startsWith('not-'),
    threshold: assertion.threshold,
    config: assertion.config,
    vars: input.vars,
    prompt: input.prompt,
    latencyMs: input.latencyMs,
    cost: input.cost,
    finishReason: input.finishReason,
    timeoutMs,
  };
  if (script) {
    // promptfoo runs a script value for every type, then reads its result as that type's value.
    const result = await runScriptValue(script, baseDir, output, javascriptContext(params));
    if (params.type === 'javascript') params.script = { ref: script, result };
    else if (result !== undefined) params.value = scriptResultAsValue(assertion.type, result);
  }
  return check(params);
}

/**
 * Scores one output with one deterministic assertion, with promptfoo's meaning of its type, `not-`
 * prefix, `threshold`, `transform`, `weight` and `metric`, and of a `file://` script value (the user's
 * function, run here on the output). Never throws for a problem with this output or this row: a value
 * that is wrong only after templating, a transform or a user's function that throws, a missing latency
 * or cost, a JavaScript time-out, all give an unscored result (pass and score null) with the reason.
 * Throws for judge types (llm-rubric, model-graded-closedqa, factuality, pairwise), which need a model.
 */
export async function runAssertion(
  assertion: AssertionConfig,
  input: AssertionInput,
): Promise<AssertionResult> {
  const module = assertionModule(assertion.type);
  if (!module) throw new Error(`unknown assertion type "${assertion.type}"`);
  if (isJudgeAssertion(module)) {
    throw new Error(
      `"${assertion.type}" is a judge assertion: it is scored by a judge model, not by runAssertion`,
    );
  }
  const weight = assertion.weight ?? 1;
  let outcome: AssertionOutcome;
  try {
    outcome = await evaluate(module.check, assertion, input);
  } catch (err) {
    outcome = unscoredOutcome(`${assertion.type}: ${messageOf(err)}`);
  }
  // promptfoo: an assertion of weight 0 only informs; it never fails the test.
  const pass = weight === 0 && outcome.pass !== null ? true : outcome.pass;
  return {
    type: assertion.type,
    metric: metricName(assertion.metric, input),
    weight,
    pass,
    score: outcome.score,
    reason: outcome.reason,
  };
}
