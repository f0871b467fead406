import { describe, expect, it } from 'vitest';
import { samplesNeeded } from '../../src/compare/samples-needed.js';

describe('samplesNeeded', () => {
  it('is ⌈((z_{1−α/2} + z_{0.8})·sd / mean)²⌉', () => {
    // The standard one-sample size n = ((z_{1−α/2} + z_{1−β})·σ/δ)², for δ = 0.25σ at two-sided 5% and
    // 80% power: ((1.95996 + 0.84162)/0.25)² = 125.6 → 126 (quantiles from scipy.stats.norm.ppf).
    expect(samplesNeeded(0.25, 1, 10, 0.95)).toBe(126);
    // At 90% confidence: ((1.6449 + 0.8416)/0.25)² = 98.9 → 99.
    expect(samplesNeeded(0.25, 1, 10, 0.9)).toBe(99);
  });

  it('is null at or below the margin and without a spread', () => {
    expect(samplesNeeded(0, 1, 10, 0.95)).toBeNull();
    expect(samplesNeeded(-0.1, 1, 10, 0.95)).toBeNull();
    expect(samplesNeeded(0.1, Number.NaN, 1, 0.95)).toBeNull();
    expect(samplesNeeded(1e-16, 0.4, 10, 0.95)).toBeNull();
  });

  it('never claims fewer cases than the run already has', () => {
    expect(samplesNeeded(0.25, 1, 200, 0.95)).toBe(201);
  });
});
