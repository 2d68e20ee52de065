/**
 * Count-based classification metrics. Macro averages run over the classes that occur in the truth
 * or in the model's predictions of the (re)sample at hand, like scikit-learn's default labels; a
 * class that is never predicted has precision 0 (scikit-learn's zero_division=0).
 */
export interface ClassMetrics {
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  perClass: { precision: number; recall: number; f1: number; support: number }[];
}

/** Confusion matrix as k×k counts: cell [truth * k + pred]. `idx` restricts to those rows. */
export function confusion(truth: Int32Array, pred: Int32Array, k: number, idx?: ArrayLike<number>): Float64Array {
  const m = new Float64Array(k * k);
  const n = idx ? idx.length : truth.length;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    m[truth[i] * k + pred[i]]++;
  }
  return m;
}

export function metricsFromConfusion(m: ArrayLike<number>, k: number): ClassMetrics {
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  let total = 0;
  let diag = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const v = m[t * k + p];
      rowSum[t] += v;
      colSum[p] += v;
      total += v;
    }
    diag += m[t * k + t];
  }
  const perClass: ClassMetrics['perClass'] = [];
  let sp = 0;
  let sr = 0;
  let sf = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const tp = m[c * k + c];
    const fp = colSum[c] - tp;
    const fn = rowSum[c] - tp;
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
    perClass.push({ precision, recall, f1, support: rowSum[c] });
    if (tp + fp + fn > 0) {
      present++;
      sp += precision;
      sr += recall;
      sf += f1;
    }
  }
  return {
    accuracy: total > 0 ? diag / total : NaN,
    macroPrecision: present ? sp / present : NaN,
    macroRecall: present ? sr / present : NaN,
    macroF1: present ? sf / present : NaN,
    perClass,
  };
}

export function classificationMetrics(truth: Int32Array, pred: Int32Array, k: number, idx?: ArrayLike<number>): ClassMetrics {
  return metricsFromConfusion(confusion(truth, pred, k, idx), k);
}
