import { javascriptDeclaration } from '../../schema/assertions/javascript.js';
import { checkAssertion } from '../assertion-module.js';
import type { AssertionOutcome } from '../assertion-outcome.js';
import { unscoredOutcome } from '../assertion-outcome.js';
import type { AssertionParams } from '../assertion-params.js';
import { javascriptAssertionBody } from '../javascript-body.js';
import { JavascriptTimeoutError, runJavascript } from '../javascript-sandbox.js';

/** What the code sees as `context` (promptfoo's assertion context, minus the provider object). */
export function javascriptContext(p: AssertionParams): Record<string, unknown> {
  return {
    prompt: p.prompt,
    vars: p.vars,
    test: { vars: p.vars },
    providerResponse: {
      output: p.output,
      ...(p.cost !== null ? { cost: p.cost } : {}),
      ...(p.finishReason !== null ? { finishReason: p.finishReason } : {}),
    },
    ...(p.config ? { config: p.config } : {}),
  };
}

interface GradingResult {
  pass: boolean;
  score: number;
  reason: string;
}

/** promptfoo's `isGradingResult`, on the fields that matter here. */
function isGradingResult(v: unknown): v is GradingResult {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const optional = (key: string, type: string) => r[key] === undefined || typeof r[key] === type;
  return (
    typeof r.pass === 'boolean' &&
    typeof r.score === 'number' &&
    typeof r.reason === 'string' &&
    optional('namedScores', 'object') &&
    optional('namedScoreWeights', 'object') &&
    optional('tokensUsed', 'object') &&
    (r.componentResults === undefined || Array.isArray(r.componentResults)) &&
    (r.assertion === undefined || r.assertion === null || typeof r.assertion === 'object') &&
    optional('comment', 'string')
  );
}

function messageOf(err: unknown): string {
  return err !== null && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
}

/**
 * `javascript`: code over `output` and `context` (inline, or a `file://` function the score stage has
 * already run: `p.script`), returning a boolean (pass), a number (the score; it passes when > 0, or
 * >= `threshold` when one is given) or a `{ pass, score, reason }` object. A `not-` type flips pass
 * but, as in promptfoo, keeps a returned score as it is. Code that throws, or returns anything else,
 * fails with score 0 (promptfoo's rule); inline code that runs past the time limit is unscored, since
 * a hung check says nothing about the output.
 */
function javascript(p: AssertionParams): AssertionOutcome {
  if (p.script) {
    const { ref, result } = p.script;
    // promptfoo's invariant on a script's value, then the same reading as inline code.
    if (typeof result !== 'boolean' && typeof result !== 'number' && typeof result !== 'object') {
      return {
        pass: false,
        score: 0,
        reason: `Custom function threw error: Javascript assertion script must return a boolean, number, or object (${ref})\n${ref}`,
      };
    }
    return interpretResult(result, p, ref);
  }
  // promptfoo fails (rather than errors) a value that is not code.
  if (typeof p.value !== 'string') {
    return {
      pass: false,
      score: 0,
      reason: 'Custom function threw error: javascript assertion must have a string value',
    };
  }
  const code = p.value.trimEnd();
  let result: unknown;
  try {
    result = runJavascript(
      ['output', 'context', 'process'],
      javascriptAssertionBody(code),
      [p.output, javascriptContext(p)],
      p.timeoutMs,
    );
  } catch (err) {
    if (err instanceof JavascriptTimeoutError)
      return unscoredOutcome(`Custom function ${err.message}\n${code}`);
    return { pass: false, score: 0, reason: `Custom function threw error: ${messageOf(err)}\n${code}` };
  }
  return interpretResult(result, p, code);
}

/** promptfoo's reading of what the code returned (`normalizeJavascriptAssertionResult`); `code` ends failure reasons. */
function interpretResult(result: unknown, p: AssertionParams, code: string): AssertionOutcome {
  const failed = (why: string) => ({ pass: false, score: 0, reason: `${why}\n${code}` });
  if (typeof result === 'boolean') {
    const pass = result !== p.inverse;
    return {
      pass,
      score: pass ? 1 : 0,
      reason: pass ? 'Assertion passed' : `Custom function returned ${result}\n${code}`,
    };
  }
  if (typeof result === 'number') {
    // NaN or ±Infinity would poison every mean downstream; promptfoo records them as scores.
    if (!Number.isFinite(result))
      return unscoredOutcome(`Custom function returned ${result}, not a score\n${code}`);
    const rawPass = p.threshold === undefined ? result > 0 : result >= p.threshold;
    const pass = rawPass !== p.inverse;
    return {
      pass,
      score: result,
      reason: pass ? 'Assertion passed' : `Custom function returned ${rawPass}\n${code}`,
    };
  }
  if (isGradingResult(result)) {
    if (!Number.isFinite(result.score)) {
      return unscoredOutcome(`Custom function returned score ${result.score}, not a score\n${code}`);
    }
    const pass = result.pass !== p.inverse;
    const reason =
      pass === result.pass
        ? result.reason
        : pass
          ? 'Assertion passed'
          : `Custom function returned ${result.pass}`;
    return { pass, score: result.score, reason };
  }
  return failed(
    `Custom function threw error: Custom function must return a boolean, number, or GradingResult object. Got type ${typeof result}: ${JSON.stringify(result)}`,
  );
}

export const javascriptAssertion = checkAssertion(javascriptDeclaration, javascript);
