import { seededRandom } from '../../demo/softmaxRegression';
import type { RegressionOutcomes } from '../outcomes';
import { checkBootstrapOptions, drawCounts, percentileIntervals, type BootstrapOptions, type BootstrapResult } from './bootstrap';

/**
 * Paired bootstrap of challenger − champion for MAE, RMSE and R². Each resample draws row indices
 * once and feeds both models' precomputed per-row errors, so the two sides always share rows.
 * The truth is centred on its full-sample mean first, which keeps SS_tot = Σy² − (Σy)²/n stable.
 */
export function bootstrapRegression(o: RegressionOutcomes, options: BootstrapOptions): BootstrapResult {
  const { resamples, confidence } = checkBootstrapOptions(options);
  const n = o.truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += o.truth[i];
  mean /= n;
  const absA = new Float64Array(n);
  const absB = new Float64Array(n);
  const sqA = new Float64Array(n);
  const sqB = new Float64Array(n);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ea = o.champion[i] - o.truth[i];
    const eb = o.challenger[i] - o.truth[i];
    absA[i] = Math.abs(ea);
    absB[i] = Math.abs(eb);
    sqA[i] = ea * ea;
    sqB[i] = eb * eb;
    yc[i] = o.truth[i] - mean;
  }
  const samples = { mae: new Float64Array(resamples), rmse: new Float64Array(resamples), r2: new Float64Array(resamples) };
  const rng = seededRandom(options.seed);
  const w = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    drawCounts(rng, w);
    let sa = 0;
    let sb = 0;
    let qa = 0;
    let qb = 0;
    let sy = 0;
    let syy = 0;
    // Rows in order weighted by their draw count: sequential reads, no branch on unsampled rows.
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      sa += wi * absA[i];
      sb += wi * absB[i];
      qa += wi * sqA[i];
      qb += wi * sqB[i];
      sy += wi * yc[i];
      syy += wi * yc[i] * yc[i];
    }
    const tot = syy - (sy * sy) / n;
    const defined = tot > 1e-12 * syy;
    samples.mae[r] = (sb - sa) / n;
    samples.rmse[r] = Math.sqrt(qb / n) - Math.sqrt(qa / n);
    samples.r2[r] = defined ? (qa - qb) / tot : NaN; // (1 − qb/tot) − (1 − qa/tot)
  }
  return { resamples, confidence, seed: options.seed, intervals: percentileIntervals(samples, confidence), samples, notes: [] };
}
