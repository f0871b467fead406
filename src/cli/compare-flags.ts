import { InvalidArgumentError } from 'commander';
import type { CompareOverrides } from '../compare/compare-run.js';
import { parseMargin } from '../compare/parse-margin.js';

/** Flags that change the verdict or the gate (on `run` and `compare`): they override the suite's settings. */
export interface CompareFlags {
  margin?: string;
  confidence?: number;
  resamples?: number;
  requireSwitch?: string;
  minPassRate?: number;
  maxLatencyP95?: number;
  maxCostPer1k?: number;
}

export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of at least 0');
  return n;
}

export function fraction(value: string): number {
  const n = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
  if (!Number.isFinite(n) || n <= 0 || n >= 1)
    throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.95 or 95%');
  return n;
}

/** The flags' overrides; the margin is parsed here so a bad one is a clear exit-2 error. */
export function compareOverrides(flags: CompareFlags): CompareOverrides | undefined {
  const gate: NonNullable<CompareOverrides['gate']> = {
    ...(flags.requireSwitch !== undefined
      ? {
          requireSwitch: flags.requireSwitch.includes(',')
            ? flags.requireSwitch.split(',').map((s) => s.trim())
            : flags.requireSwitch,
        }
      : {}),
    ...(flags.minPassRate !== undefined ? { minPassRate: flags.minPassRate } : {}),
    ...(flags.maxLatencyP95 !== undefined ? { maxLatencyP95Ms: flags.maxLatencyP95 } : {}),
    ...(flags.maxCostPer1k !== undefined ? { maxCostPer1k: flags.maxCostPer1k } : {}),
  };
  const overrides: CompareOverrides = {
    ...(flags.margin !== undefined ? { margin: parseMargin(flags.margin) } : {}),
    ...(flags.confidence !== undefined ? { confidence: flags.confidence } : {}),
    ...(flags.resamples !== undefined ? { resamples: flags.resamples } : {}),
    ...(Object.keys(gate).length ? { gate } : {}),
  };
  return Object.keys(overrides).length ? overrides : undefined;
}
