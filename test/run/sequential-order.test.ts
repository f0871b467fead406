import { describe, expect, it } from 'vitest';
import { sequentialKey, sequentialOrder } from '../../src/run/sequential-order.js';

const cases = (n: number, prompt = 'p') =>
  Array.from({ length: n }, (_, i) => ({ promptId: prompt, rowId: `r${i}` }));
const ordered = (order: Map<string, number>) =>
  [...order].sort((a, b) => a[1] - b[1]).map(([key]) => key.split('\u0000')[1] as string);

describe('sequentialOrder', () => {
  it('gives every case one position, 0..n−1, in an order set by the seed alone', () => {
    const order = sequentialOrder(cases(200), new Map(), 1);
    expect([...order.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(sequentialOrder(cases(200), new Map(), 1)).toEqual(order);
    // Shuffled, not the dataset's order; another seed, another order.
    expect(ordered(order)).not.toEqual(cases(200).map((c) => c.rowId));
    expect(ordered(sequentialOrder(cases(200), new Map(), 2))).not.toEqual(ordered(order));
    // The dataset's own order does not matter (rows moved around keep their places).
    expect(sequentialOrder(cases(200).reverse(), new Map(), 1)).toEqual(order);
  });

  it('a killed run resumes with the same batches: recorded positions kept, the rest fill the gaps in order', () => {
    const whole = sequentialOrder(cases(120), new Map(), 7);
    const byPosition = ordered(whole);
    // A kill mid-batch: the first batch of 50 done, and a scattered part of the second.
    const recorded = new Map<string, number>();
    for (let p = 0; p < 50; p++)
      recorded.set(sequentialKey({ promptId: 'p', rowId: byPosition[p] as string }), p);
    for (const p of [52, 57, 60, 71, 98])
      recorded.set(sequentialKey({ promptId: 'p', rowId: byPosition[p] as string }), p);
    expect(sequentialOrder(cases(120), recorded, 7)).toEqual(whole);
  });

  it('a larger dataset keeps the cases already used first, then the rest in seeded order', () => {
    const first = sequentialOrder(cases(100), new Map(), 3);
    const usedRows = ordered(first).slice(0, 60);
    const recorded = new Map(usedRows.map((row, p) => [sequentialKey({ promptId: 'p', rowId: row }), p]));
    const grown = sequentialOrder(cases(300), recorded, 3);
    expect(ordered(grown).slice(0, 60)).toEqual(usedRows);
    expect(grown.size).toBe(300);
    // The old rows not used and the new rows follow in the seed's order over all of them.
    const rest = ordered(grown).slice(60);
    const fresh = ordered(sequentialOrder(cases(300), new Map(), 3)).filter((row) => !usedRows.includes(row));
    expect(rest).toEqual(fresh);
  });

  it('a case is a row under a prompt: two prompts, two positions', () => {
    const order = sequentialOrder([...cases(10, 'a'), ...cases(10, 'b')], new Map(), 1);
    expect(order.size).toBe(20);
  });
});
