export interface Agreement {
  /** Share of rows where both models gave the same answer. */
  rate: number;
  /** Rows the champion got right and the challenger wrong (McNemar's b), by row index. */
  rightToWrong: number[];
  /** Rows the champion got wrong and the challenger right (McNemar's c). */
  wrongToRight: number[];
}

/** `rowIndex` maps positions to the caller's row numbers (rows without a label were skipped). */
export function classificationAgreement(predA: Int32Array, predB: Int32Array, correctA: Uint8Array, correctB: Uint8Array, rowIndex: Int32Array): Agreement {
  const n = predA.length;
  let same = 0;
  const rightToWrong: number[] = [];
  const wrongToRight: number[] = [];
  for (let i = 0; i < n; i++) {
    if (predA[i] === predB[i]) same++;
    if (correctA[i] && !correctB[i]) rightToWrong.push(rowIndex[i]);
    else if (!correctA[i] && correctB[i]) wrongToRight.push(rowIndex[i]);
  }
  return { rate: n ? same / n : NaN, rightToWrong, wrongToRight };
}

/** Regression answers agree when equal to within a relative 1e-9 (identical models, float noise). */
export function regressionAgreement(a: Float64Array, b: Float64Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) <= 1e-9 * Math.max(1, Math.abs(a[i]), Math.abs(b[i]))) same++;
  return a.length ? same / a.length : NaN;
}
