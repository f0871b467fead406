import type { AssertionOutcome } from './assertion-outcome.js';

/** What a deterministic check reads: the (transformed) output, the rendered value, and the response. */
export interface AssertionParams {
  /** The type's name without `not-`: which of its module's names is being checked. */
  type: string;
  /** The output after any transform: the model's text, or whatever a transform returned. */
  output: unknown;
  /** `output` as text: itself when a string, else its JSON (promptfoo's `coerceString`). */
  outputString: string;
  /**
   * The assertion's `value` after template rendering and `file://` loading; for a `file://` script,
   * what the user's function returned (promptfoo's `valueFromScript` as the value).
   */
  value: unknown;
  /**
   * A `javascript` value that is a `file://` function: its reference and what it returned on this
   * output, already awaited (src/score/script-value.ts). Absent for inline code and other types.
   */
  script?: { ref: string; result: unknown };
  /** True for a `not-` type. */
  inverse: boolean;
  threshold: number | undefined;
  config: Record<string, unknown> | undefined;
  vars: Record<string, unknown>;
  prompt: string;
  latencyMs: number | null;
  cost: number | null;
  finishReason: string | null;
  /** Time limit of one JavaScript evaluation. */
  timeoutMs: number;
}

/** A deterministic assertion's check (see CheckAssertion in src/score/assertion-module.ts). */
export type AssertionCheck = (params: AssertionParams) => AssertionOutcome;
