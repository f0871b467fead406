import { refusedScript, UserCodeError, userFunction } from '../util/user-module.js';
import { AssertionValueError } from './assertion-outcome.js';

const SCRIPT_REF = /^file:\/\/.*\.(js|cjs|mjs|ts|cts|mts|py|rb)(:[^/\\]*)?$/i;

/** Whether an assertion value is a `file://` script (promptfoo runs it to get the value). */
export function isScriptRef(value: unknown): value is string {
  return typeof value === 'string' && SCRIPT_REF.test(value);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the user's function a `file://path.js[:name]` value names on (output, context), in this
 * process, as promptfoo's `loadFromJavaScriptFile` does, and returns what it returned (a promise
 * settled). Where promptfoo's runAssertion throws (a file that does not load or export the function,
 * a function that throws, a Python or Ruby file) this throws AssertionValueError naming the file, and
 * the result is unscored with that reason. The suite loader already checked the file and its export,
 * so here those only fail when the file changed since. There is no time limit: it is the user's own
 * code, which may call services (promptfoo sets none either).
 */
export async function runScriptValue(
  ref: string,
  baseDir: string,
  output: unknown,
  context: Record<string, unknown>,
): Promise<unknown> {
  const refused = refusedScript(ref);
  if (refused) throw new AssertionValueError(refused.message);
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = userFunction(ref, baseDir);
  } catch (err) {
    if (err instanceof UserCodeError) throw new AssertionValueError(err.message);
    throw err;
  }
  try {
    return await fn(output, context);
  } catch (err) {
    throw new AssertionValueError(`${ref} threw: ${messageOf(err)}`);
  }
}

/**
 * A script's result as the value of a type other than `javascript`: promptfoo refuses a function, a
 * boolean or a grading result there (each only means something to a script assertion).
 */
export function scriptResultAsValue(type: string, result: unknown): unknown {
  const refuse = (what: string) =>
    new AssertionValueError(
      `Script for "${type}" assertion returned ${what}. Only javascript/python/ruby assertion types can return ${what === 'a function' ? 'functions' : what === 'a boolean' ? 'boolean values' : 'GradingResult objects'}; return the expected value (string, number, array, or object)`,
    );
  if (typeof result === 'function') throw refuse('a function');
  if (typeof result === 'boolean') throw refuse('a boolean');
  if (result && typeof result === 'object' && !Array.isArray(result) && 'pass' in result)
    throw refuse('a GradingResult');
  return result;
}
