/** A reproducible stream of random numbers: the same seed gives the same stream on every machine. */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform integer in [0, n), n ≥ 1. */
  nextInt(n: number): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Fills `out` with uniform integers in [0, n): the same numbers as `nextInt(n)` in turn, faster. */
  fillInts(out: Uint32Array, n: number): void;
}

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64 (Steele, Lea & Flood 2014), the seeding generator Vigna recommends for xoshiro. */
function splitMix64(seed: bigint): () => bigint {
  let x = BigInt.asUintN(64, seed);
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

/**
 * xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018;
 * reference C at https://prng.di.unimi.it/xoshiro128starstar.c): small, fast on 32-bit integer
 * arithmetic (what JS does well), period 2^128 − 1, passes BigCrush. Its 128-bit state is filled from
 * two SplitMix64 outputs of the seed (low 32 bits first), so nearby seeds give unrelated streams.
 */
export function seededRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seededRng: seed must be an integer, got ${seed}`);
  const sm = splitMix64(BigInt(seed));
  const a = sm();
  const b = sm();
  let s0 = Number(a & 0xffffffffn) | 0;
  let s1 = Number(a >> 32n) | 0;
  let s2 = Number(b & 0xffffffffn) | 0;
  let s3 = Number(b >> 32n) | 0;

  const nextUint32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  };
  // Multiply-shift (Lemire 2019) without the rejection step: the bias is below n / 2^32, far under
  // the noise of any bootstrap here, and it keeps the hot loop free of branches. Exact for n < 2^21;
  // `| 0` truncates like Math.floor for the non-negative values below 2^31 it sees, and is faster.
  const toRange = (x: number, n: number): number => Math.floor((x * n) / 4294967296);

  return {
    nextUint32,
    nextInt: (n) => toRange(nextUint32(), n),
    nextFloat: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    fillInts: (out, n) => {
      // The generator step is repeated inline here: a call per number costs the bootstrap about half
      // its speed, and this loop is where its time goes.
      for (let j = 0; j < out.length; j++) {
        const m = Math.imul(s1, 5);
        const x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        out[j] = ((x * n) / 4294967296) | 0;
      }
    },
  };
}
