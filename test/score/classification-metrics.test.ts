import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../src/score/classification-metrics.js';

const pairs = (expected: string[], predicted: string[]) =>
  expected.map((e, i) => ({ expected: e, predicted: predicted[i] as string }));

describe('classificationMetrics', () => {
  it("matches scikit-learn's documented example (precision_recall_fscore_support)", () => {
    // y_true = [cat, dog, pig, cat, dog, pig], y_pred = [cat, pig, dog, cat, cat, dog]:
    // sklearn gives macro precision 0.22..., recall 0.33..., F1 0.26...; per class F1 [0.8, 0, 0].
    const m = classificationMetrics(
      pairs(['cat', 'dog', 'pig', 'cat', 'dog', 'pig'], ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']),
    );
    expect(m.labels).toEqual(['cat', 'dog', 'pig']);
    expect(m.accuracy).toBeCloseTo(1 / 3, 12);
    expect(m.perClass.cat).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, support: 2 });
    expect(m.perClass.dog).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(m.perClass.pig).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(m.macroF1).toBeCloseTo(0.8 / 3, 12);
  });

  it('matches a confusion matrix worked by hand', () => {
    // rows = expected, columns = predicted, order (billing, cards, other):
    //   billing: 5 1 0 | cards: 2 3 1 | other: 0 0 4      (16 rows, 12 correct)
    const expected: string[] = [];
    const predicted: string[] = [];
    const cells: [string, string, number][] = [
      ['billing', 'billing', 5],
      ['billing', 'cards', 1],
      ['cards', 'billing', 2],
      ['cards', 'cards', 3],
      ['cards', 'other', 1],
      ['other', 'other', 4],
    ];
    for (const [e, p, n] of cells) {
      for (let i = 0; i < n; i++) {
        expected.push(e);
        predicted.push(p);
      }
    }
    const m = classificationMetrics(pairs(expected, predicted));
    expect(m.n).toBe(16);
    expect(m.accuracy).toBe(12 / 16);
    // billing: TP 5, predicted 7, support 6 → P 5/7, R 5/6, F1 10/13
    expect(m.perClass.billing?.precision).toBeCloseTo(5 / 7, 12);
    expect(m.perClass.billing?.recall).toBeCloseTo(5 / 6, 12);
    expect(m.perClass.billing?.f1).toBeCloseTo(10 / 13, 12);
    // cards: TP 3, predicted 4, support 6 → P 3/4, R 1/2, F1 6/10
    expect(m.perClass.cards).toEqual({ precision: 0.75, recall: 0.5, f1: 0.6, support: 6 });
    // other: TP 4, predicted 5, support 4 → P 4/5, R 1, F1 8/9
    expect(m.perClass.other?.f1).toBeCloseTo(8 / 9, 12);
    expect(m.macroF1).toBeCloseTo((10 / 13 + 0.6 + 8 / 9) / 3, 12);
  });

  it('counts a label only ever predicted, with F1 0, in the macro-F1 (zero division is 0)', () => {
    const m = classificationMetrics(pairs(['a', 'a', 'b'], ['a', 'zzz', 'b']));
    expect(m.labels).toEqual(['a', 'b', 'zzz']);
    expect(m.perClass.zzz).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.perClass.a).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.macroF1).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
  });

  it('is perfect on perfect predictions, and empty on no rows', () => {
    const m = classificationMetrics(pairs(['x', 'y', 'x'], ['x', 'y', 'x']));
    expect(m).toMatchObject({ accuracy: 1, macroF1: 1 });
    expect(classificationMetrics([])).toEqual({
      accuracy: null,
      macroF1: null,
      labels: [],
      perClass: {},
      n: 0,
    });
  });

  it('compares labels exactly (case and spaces matter)', () => {
    expect(classificationMetrics(pairs(['Yes'], ['yes '])).accuracy).toBe(0);
  });
});
