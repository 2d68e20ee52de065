export interface RegressionMetrics {
  mae: number;
  rmse: number;
  /** 1 − SS_res / SS_tot; NaN when the truth is constant (SS_tot = 0). */
  r2: number;
}

export function regressionMetrics(truth: Float64Array, pred: Float64Array, idx?: ArrayLike<number>): RegressionMetrics {
  const n = idx ? idx.length : truth.length;
  if (!n) return { mae: NaN, rmse: NaN, r2: NaN };
  let mean = 0;
  for (let j = 0; j < n; j++) mean += truth[idx ? idx[j] : j];
  mean /= n;
  let abs = 0;
  let sq = 0;
  let tot = 0;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    const e = pred[i] - truth[i];
    abs += Math.abs(e);
    sq += e * e;
    tot += (truth[i] - mean) ** 2;
  }
  return { mae: abs / n, rmse: Math.sqrt(sq / n), r2: tot > 0 ? 1 - sq / tot : NaN };
}
