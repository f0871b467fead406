import { describe, expect, it } from 'vitest';
import { percentileInterval } from '../../src/compare/percentile-interval.js';
import { percentile, percentileSorted } from '../../src/util/percentile.js';

describe('percentile (linear interpolation, numpy default)', () => {
  // Reference: NumPy 2.4.6, numpy.percentile(x, 100·q) with the default method='linear' (R type 7).
  const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
  const numpy: [number, number][] = [
    [0, 1],
    [0.1, 1],
    [0.25, 2.5],
    [0.5, 4],
    [0.9, 6],
    [0.95, 7.5],
    [1, 9],
  ];
  it.each(numpy)('q=%s of the digits of pi', (q, expected) => {
    expect(percentile(x, q)).toBeCloseTo(expected, 12);
  });

  it('interpolates between order statistics as numpy does', () => {
    const y = [0.5, 2.25, 7, 10, 11.5, 13];
    expect(percentile(y, 0.33)).toBeCloseTo(5.3375, 12);
    expect(percentile(y, 0.05)).toBeCloseTo(0.9375, 12);
    expect(percentile(y, 0.95)).toBeCloseTo(12.625, 12);
    expect(percentile(y, 0.999)).toBeCloseTo(12.9925, 12);
    expect(percentile([1, 2], 0.95)).toBeCloseTo(1.95, 12);
    expect(percentile([7], 0.5)).toBe(7);
  });

  it('is null (or NaN when sorted) for no values, and leaves its input alone', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentileSorted([], 0.5)).toBeNaN();
    const input = [3, 1, 2];
    percentile(input, 0.5);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('percentileInterval', () => {
  it('takes the α/2 and 1 − α/2 quantiles', () => {
    const reps = Float64Array.from({ length: 101 }, (_, i) => 100 - i);
    const [lo, hi] = percentileInterval(reps, 0.95) as [number, number];
    expect(lo).toBeCloseTo(2.5, 12);
    expect(hi).toBeCloseTo(97.5, 12);
    const [lo80, hi80] = percentileInterval(reps, 0.8) as [number, number];
    expect(lo80).toBeCloseTo(10, 12);
    expect(hi80).toBeCloseTo(90, 12);
  });

  it('has no interval when a replicate is not finite', () => {
    expect(percentileInterval(Float64Array.from([1, Number.POSITIVE_INFINITY]), 0.95)).toBeNull();
    expect(percentileInterval(new Float64Array(0), 0.95)).toBeNull();
  });
});
