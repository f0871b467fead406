/** Precision, recall, F1 and support of one class. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose expected label is this class. */
  support: number;
}

export interface ClassificationMetrics {
  /** Share of rows whose prediction equals the expected label; null with no rows. */
  accuracy: number | null;
  /** Unweighted mean of the per-class F1 over `labels`; null with no rows. */
  macroF1: number | null;
  /** Every label seen, expected or predicted, sorted (sklearn's default label set). */
  labels: string[];
  perClass: Record<string, ClassMetrics>;
  /** Rows counted. */
  n: number;
}

/**
 * Dataset-level classification metrics from (expected, predicted) label pairs, with scikit-learn's
 * definitions (labels compared as exact strings: normalise them before, e.g. with the metric's
 * `prediction` expression). Zero division is 0, as sklearn's default `zero_division="warn"` gives
 * (without the warning): a class never predicted has precision 0, a class never expected has recall 0,
 * and F1 is 0 when precision and recall are both 0. So a label only ever predicted (a hallucinated
 * class) counts in the macro-F1 with F1 0, as in sklearn.
 */
export function classificationMetrics(
  pairs: readonly { expected: string; predicted: string }[],
): ClassificationMetrics {
  const labels = [...new Set(pairs.flatMap((p) => [p.expected, p.predicted]))].sort();
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const expected = new Map<string, number>();
  let correct = 0;
  for (const { expected: e, predicted: p } of pairs) {
    expected.set(e, (expected.get(e) ?? 0) + 1);
    predicted.set(p, (predicted.get(p) ?? 0) + 1);
    if (e === p) {
      correct++;
      tp.set(e, (tp.get(e) ?? 0) + 1);
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const perClass: Record<string, ClassMetrics> = {};
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const nPredicted = predicted.get(label) ?? 0;
    const support = expected.get(label) ?? 0;
    // F1 = 2TP / (2TP + FP + FN): equal to the harmonic mean where that is defined, 0 where TP = 0.
    perClass[label] = {
      precision: ratio(t, nPredicted),
      recall: ratio(t, support),
      f1: ratio(2 * t, nPredicted + support),
      support,
    };
  }
  const n = pairs.length;
  return {
    accuracy: n === 0 ? null : correct / n,
    macroF1: n === 0 ? null : labels.reduce((s, l) => s + (perClass[l]?.f1 ?? 0), 0) / labels.length,
    labels,
    perClass,
    n,
  };
}
