import type { ServedModel } from './model.js';

export type { ServedModel } from './model.js';

/** How each fact reads in a message; a fact not listed reads as its name. */
const FACT_NAMES: Record<string, string> = {
  family: 'family',
  parameters: 'parameters',
  quantization: 'quantization',
  digest: 'digest',
  model: 'model',
  weightsBytes: 'weights size (bytes)',
  weightsFile: 'weights file',
};

/**
 * The facts two servers both state and state differently: what makes them serve different models.
 * A fact one of them does not state (null, absent) cannot tell them apart and is skipped.
 */
export function servedModelDifferences(a: ServedModel, b: ServedModel): string[] {
  return Object.keys(a)
    .filter((k) => a[k] != null && b[k] != null && a[k] !== b[k])
    .sort();
}

/** The facts named, as `quantization Q4_K_M, parameters 494032768`, for an error message. */
export function describeServedFacts(m: ServedModel, facts: readonly string[]): string {
  return facts.map((f) => `${FACT_NAMES[f] ?? f} ${String(m[f])}`).join(', ');
}
