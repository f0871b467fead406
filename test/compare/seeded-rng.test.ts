import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/compare/seeded-rng.js';

describe('seededRng (xoshiro128** seeded by SplitMix64)', () => {
  // Reference: Vigna's C reference implementations (prng.di.unimi.it: splitmix64.c, xoshiro128starstar.c)
  // compiled with gcc, state = two SplitMix64 outputs of the seed, low 32 bits first. SplitMix64 from
  // 1234567 gives 6457827717110365317, 3203168211198807973, its widely published test vector.
  const reference: [number, number[]][] = [
    [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774]],
    [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]],
    [-1, [477689756, 2493998634, 555695776, 607808419, 61340979, 301466976]],
    [1234567, [1967786208, 270031234, 1115494691, 824886977, 1639868524, 2161081248]],
  ];
  it.each(reference)('seed %i gives the reference stream', (seed, expected) => {
    const rng = seededRng(seed);
    expect(expected.map(() => rng.nextUint32())).toEqual(expected);
  });

  it('fillInts draws the same numbers as nextInt', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    const filled = new Uint32Array(1000);
    a.fillInts(filled, 37);
    expect([...filled]).toEqual(Array.from({ length: 1000 }, () => b.nextInt(37)));
  });

  it('draws integers uniformly (chi-square over 10 bins)', () => {
    const rng = seededRng(3);
    const bins = new Array(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) bins[rng.nextInt(10)]++;
    const chi2 = bins.reduce((s, o) => s + (o - draws / 10) ** 2 / (draws / 10), 0);
    // 9 degrees of freedom: P(χ² > 27.88) = 0.001.
    expect(chi2).toBeLessThan(27.88);
    expect(Math.min(...bins)).toBeGreaterThan(0);
  });

  it('gives floats in [0, 1) with mean 1/2', () => {
    const rng = seededRng(11);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // SE of the mean of 1e5 uniforms: 0.00091.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.004);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => seededRng(1.5)).toThrow(RangeError);
  });
});
