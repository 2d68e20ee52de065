/** Probabilities are clipped to [EPS, 1 − EPS] so one confident miss costs a large, finite loss. */
export const LOG_LOSS_EPS = 1e-15;
export const CALIBRATION_BINS = 10;

export function rowLogLoss(p: number): number {
  return -Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p)));
}

/** Mean negative log-likelihood of the true class over row-major n×k probabilities. */
export function logLoss(truth: Int32Array, probs: Float64Array, k: number, idx?: ArrayLike<number>): number {
  const n = idx ? idx.length : truth.length;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    s += rowLogLoss(probs[i * k + truth[i]]);
  }
  return n ? s / n : NaN;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

/** Bin of a confidence in [0, 1]: ten equal-width bins, the last one closed so 1.0 lands in it. */
export function calibrationBin(confidence: number, bins = CALIBRATION_BINS): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));
}

/**
 * Top-label calibration: the confidence of a row is the probability the model gave to the class it
 * predicted; ECE is the row-weighted mean gap |accuracy − confidence| over the bins.
 */
export function calibration(truth: Int32Array, pred: Int32Array, probs: Float64Array, k: number, idx?: ArrayLike<number>, bins = CALIBRATION_BINS): { ece: number; bins: ReliabilityBin[] } {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const n = idx ? idx.length : truth.length;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    const c = probs[i * k + pred[i]];
    const b = calibrationBin(c, bins);
    count[b]++;
    conf[b] += c;
    if (pred[i] === truth[i]) hits[b]++;
  }
  return { ece: eceFromBins(count, conf, hits, n), bins: Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b],
    meanConfidence: count[b] ? conf[b] / count[b] : null,
    accuracy: count[b] ? hits[b] / count[b] : null,
  })) };
}

export function eceFromBins(count: ArrayLike<number>, conf: ArrayLike<number>, hits: ArrayLike<number>, n: number, offset = 0, bins = CALIBRATION_BINS): number {
  if (!n) return NaN;
  let e = 0;
  for (let b = offset; b < offset + bins; b++) if (count[b]) e += Math.abs(hits[b] - conf[b]); // = count·|acc − conf|
  return e / n;
}
