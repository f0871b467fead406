import { transformBody } from './javascript-body.js';
import { runJavascript } from './javascript-sandbox.js';

/** What a transform sees besides the output (promptfoo: `context.vars`, `context.prompt`). */
export interface TransformContext {
  vars: Record<string, unknown>;
  prompt: { raw?: string; label?: string };
}

/**
 * promptfoo's `transform`: a JavaScript expression (or multi-line function body) over `output` and
 * `context`, e.g. `output.trim().toLowerCase()` or `JSON.parse(output).label`. It may return any
 * value; the assertion then sees that value (and its JSON where it needs text). Throws when the code
 * throws, times out, or returns null/undefined, which promptfoo also treats as an error.
 */
export function transformOutput(
  code: string,
  output: unknown,
  context: TransformContext,
  timeoutMs: number,
): unknown {
  let result: unknown;
  try {
    result = runJavascript(
      ['output', 'context', 'process'],
      transformBody(code),
      [output, context],
      timeoutMs,
    );
  } catch (err) {
    const message =
      err !== null && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
    throw new Error(`Transform failed (${label(code)}): ${message}`);
  }
  if (result === null || result === undefined) {
    throw new Error(`Transform function did not return a value (${label(code)})`);
  }
  return result;
}

function label(code: string): string {
  const line = code.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
