import { seededRandom } from '../../demo/softmaxRegression';
import type { ClassAnswers, ClassificationOutcomes } from '../outcomes';
import { aucFromBinCounts, rankBins } from './auc';
import { checkBootstrapOptions, drawCounts, percentileIntervals, type BootstrapOptions, type BootstrapResult } from './bootstrap';
import { metricsFromConfusion } from './classification';
import { CALIBRATION_BINS, calibrationBin, eceFromBins, rowLogLoss } from './probabilistic';

export const DEFAULT_AUC_BINS = 1000;
/** Beyond this many classes the bootstrap skips AUC: its rank-bin tallies grow with classes × rows. */
export const MAX_AUC_CLASSES = 20;

/**
 * Per-row facts of one model, precomputed once so a draw is a handful of array increments:
 * its confusion cell, log loss, calibration cell and, per AUC class, a (rank bin, positive) slot.
 */
interface RowFacts {
  cell: Int32Array;
  loss: Float64Array | null;
  calCell: Int32Array | null;
  conf: Float64Array | null;
  aucSlot: Int32Array | null;
}

function rowFacts(o: ClassificationOutcomes, a: ClassAnswers, withProbs: boolean, aucClasses: number[], bins: number): RowFacts {
  const n = o.truth.length;
  const k = o.classes.length;
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) cell[i] = o.truth[i] * k + a.pred[i];
  if (!a.probs || !withProbs) return { cell, loss: null, calCell: null, conf: null, aucSlot: null };
  const loss = new Float64Array(n);
  const calCell = new Int32Array(n);
  const conf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    loss[i] = rowLogLoss(a.probs[i * k + o.truth[i]]);
    conf[i] = a.probs[i * k + a.pred[i]];
    calCell[i] = calibrationBin(conf[i]) * 2 + a.correct[i];
  }
  const m = aucClasses.length;
  const aucSlot = new Int32Array(n * m);
  aucClasses.forEach((c, ci) => {
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) score[i] = a.probs![i * k + c];
    const bin = rankBins(score, bins);
    for (let i = 0; i < n; i++) aucSlot[i * m + ci] = ((ci * bins + bin[i]) << 1) | (o.truth[i] === c ? 1 : 0);
  });
  return { cell, loss, calCell, conf, aucSlot };
}

/** Per-resample accumulators of one model, reset before each resample. */
class Tally {
  // Integer counts: an integer add is a shorter dependency chain than a float add when consecutive
  // rows hit the same cell, which is most of the time (most rows sit on the confusion diagonal).
  readonly confusion: Int32Array;
  loss = 0;
  readonly cal = new Int32Array(CALIBRATION_BINS * 2);
  readonly calConf = new Float64Array(CALIBRATION_BINS);
  readonly auc: Int32Array;

  constructor(k: number, aucClasses: number, bins: number) {
    this.confusion = new Int32Array(k * k);
    this.auc = new Int32Array(aucClasses * bins * 2);
  }

  reset(): void {
    this.confusion.fill(0);
    this.loss = 0;
    this.cal.fill(0);
    this.calConf.fill(0);
    this.auc.fill(0);
  }
}

/**
 * Paired bootstrap of challenger − champion for every classification metric. Each resample draws
 * n row indices once and tallies both models on them, so the two sides always share their rows.
 * Count metrics and log loss/ECE are exact per resample; AUC uses rank bins (see `rankBins`).
 */
export function bootstrapClassification(o: ClassificationOutcomes, options: BootstrapOptions): BootstrapResult {
  const { resamples, confidence } = checkBootstrapOptions(options);
  const n = o.truth.length;
  const k = o.classes.length;
  const bins = options.aucBins ?? DEFAULT_AUC_BINS;
  const probs = o.champion.probs !== null && o.challenger.probs !== null;
  // With two classes and probabilities summing to one, both one-vs-rest AUCs are equal: rank one.
  const withAuc = probs && k <= MAX_AUC_CLASSES;
  const aucClasses = !withAuc ? [] : k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const A = rowFacts(o, o.champion, probs, aucClasses, bins);
  const B = rowFacts(o, o.challenger, probs, aucClasses, bins);
  const tA = new Tally(k, aucClasses.length, bins);
  const tB = new Tally(k, aucClasses.length, bins);
  const names = ['accuracy', 'macro_precision', 'macro_recall', 'macro_f1', ...(probs ? ['log_loss', 'ece'] : []), ...(withAuc ? ['roc_auc'] : [])];
  const samples: Record<string, Float64Array> = Object.fromEntries(names.map((m) => [m, new Float64Array(resamples)]));
  const rng = seededRandom(options.seed);
  const m = aucClasses.length;
  const w = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    tA.reset();
    tB.reset();
    drawCounts(rng, w);
    tally(w, A, tA, m);
    tally(w, B, tB, m);
    const a = metricsFromConfusion(tA.confusion, k);
    const b = metricsFromConfusion(tB.confusion, k);
    samples.accuracy[r] = b.accuracy - a.accuracy;
    samples.macro_precision[r] = b.macroPrecision - a.macroPrecision;
    samples.macro_recall[r] = b.macroRecall - a.macroRecall;
    samples.macro_f1[r] = b.macroF1 - a.macroF1;
    if (probs) {
      samples.log_loss[r] = (tB.loss - tA.loss) / n;
      samples.ece[r] = ece(tB, n) - ece(tA, n);
    }
    if (withAuc) {
      samples.roc_auc[r] = auc(tB, m, bins) - auc(tA, m, bins);
    }
  }
  const notes = !probs
    ? ['roc_auc, log_loss and ece have no interval: at least one model gave no class probabilities.']
    : withAuc
      ? [`roc_auc in the bootstrap ranks scores in ${bins} bins per class: exact when a model has at most ${bins} distinct scores, otherwise positive–negative pairs within one bin count one half.`]
      : [`roc_auc has no interval: the bootstrap skips it beyond ${MAX_AUC_CLASSES} classes.`];
  return { resamples, confidence, seed: options.seed, intervals: percentileIntervals(samples, confidence), samples, notes };
}

/**
 * One model's tallies for one resample: rows in order, weighted by how often the resample drew them.
 * Sequential reads replace a cache miss per array per draw, and unsampled rows (weight 0) cost no
 * branch. A function of its own, per model, keeps the hot loop small enough for V8 to optimise well.
 */
function tally(w: Int32Array, f: RowFacts, t: Tally, m: number): void {
  const n = w.length;
  const confusion = t.confusion;
  const cell = f.cell;
  for (let i = 0; i < n; i++) confusion[cell[i]] += w[i];
  if (!f.loss || !f.calCell || !f.conf || !f.aucSlot) return;
  const loss = f.loss, calCell = f.calCell, conf = f.conf, slot = f.aucSlot, cal = t.cal, calConf = t.calConf, auc = t.auc;
  let l = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    l += wi * loss[i];
    cal[calCell[i]] += wi;
    calConf[calCell[i] >> 1] += wi * conf[i];
  }
  t.loss = l;
  if (m === 1) for (let i = 0; i < n; i++) auc[slot[i]] += w[i];
  else for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) auc[slot[i * m + c]] += w[i];
}

function ece(t: Tally, n: number): number {
  const count = new Float64Array(CALIBRATION_BINS);
  const hits = new Float64Array(CALIBRATION_BINS);
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    count[b] = t.cal[2 * b] + t.cal[2 * b + 1];
    hits[b] = t.cal[2 * b + 1];
  }
  return eceFromBins(count, t.calConf, hits, n);
}

/** Macro over the AUC classes defined in this resample (both positives and negatives drawn). */
function auc(t: Tally, m: number, bins: number): number {
  const pos = new Float64Array(bins);
  const neg = new Float64Array(bins);
  let sum = 0;
  let used = 0;
  for (let c = 0; c < m; c++) {
    for (let b = 0; b < bins; b++) {
      neg[b] = t.auc[(c * bins + b) * 2];
      pos[b] = t.auc[(c * bins + b) * 2 + 1];
    }
    const v = aucFromBinCounts(pos, neg, 0, bins);
    if (!Number.isNaN(v)) {
      sum += v;
      used++;
    }
  }
  return used ? sum / used : NaN;
}
