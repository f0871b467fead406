import { DEFAULT_DECIDE } from '../schema/decide.js';
import { DEFAULT_MARGIN } from './margin.js';
import type { Suite } from './suite.js';

/** The defaults (README, docs/verdict.md): 5% relative margin, 95% confidence, 10% error budget, 10,000 requests a day. */
export function suiteDefaults(): Pick<
  Suite,
  | 'margin'
  | 'confidence'
  | 'repeat'
  | 'maxErrorRate'
  | 'requestsPerDay'
  | 'seed'
  | 'decide'
  | 'warnings'
  | 'gate'
  | 'slices'
  | 'metrics'
  | 'assert'
> {
  return {
    margin: DEFAULT_MARGIN,
    confidence: 0.95,
    repeat: 1,
    maxErrorRate: 0.1,
    requestsPerDay: 10_000,
    seed: 1,
    decide: { ...DEFAULT_DECIDE },
    warnings: [],
    gate: {},
    slices: [],
    metrics: [],
    assert: [],
  };
}
