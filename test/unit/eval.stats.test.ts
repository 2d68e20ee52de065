import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { aucFromBinCounts, rankBins, rocAucBinary, rocAucOvr } from '../../tracker/src/evaluation/stats/auc';
import { classificationMetrics } from '../../tracker/src/evaluation/stats/classification';
import { latencySummary } from '../../tracker/src/evaluation/stats/latency';
import { mcnemarExact, normalCdf, wilcoxonSignedRank } from '../../tracker/src/evaluation/stats/pairedTests';
import { calibration, logLoss } from '../../tracker/src/evaluation/stats/probabilistic';
import { quantileSorted } from '../../tracker/src/evaluation/stats/quantiles';
import { regressionMetrics } from '../../tracker/src/evaluation/stats/regression';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("McNemar's exact p-value matches the hand computation for b = 1, c = 9", () => {
  // 2 · (C(10,0) + C(10,1)) / 2^10 = 22 / 1024
  close(mcnemarExact(1, 9).p, 0.021484375);
  close(mcnemarExact(9, 1).p, 0.021484375);
});

test("McNemar's test gives p = 1 without discordant rows or with balanced ones, and stays finite for huge counts", () => {
  assert.equal(mcnemarExact(0, 0).p, 1);
  assert.equal(mcnemarExact(5, 5).p, 1);
  const big = mcnemarExact(4000, 4400);
  assert.ok(big.p > 0 && big.p < 1e-4, `p = ${big.p}`);
  close(mcnemarExact(0, 3).p, 0.25); // 2 · 1/8
});

test('ROC AUC on a tiny fixture with tied scores counts each tied positive–negative pair as one half', () => {
  const score = [0.1, 0.4, 0.4, 0.8, 0.4];
  const positive = [false, true, false, true, true];
  // pairs: (0.4 vs 0.1)=1, (0.4 vs 0.4)=½ twice, (0.8 vs both)=2 → (1.5 + 2 + 1.5) / 6
  close(rocAucBinary((i) => score[i], (i) => positive[i], [0, 1, 2, 3, 4]), 5 / 6);
  assert.ok(Number.isNaN(rocAucBinary((i) => score[i], () => true, [0, 1, 2])), 'one class only: undefined');
});

test('one-vs-rest macro AUC averages the per-class AUCs computed pair by pair', () => {
  const truth = Int32Array.from([0, 0, 1, 1, 2, 2, 0]);
  const k = 3;
  const probs = Float64Array.from([
    0.6, 0.3, 0.1, 0.4, 0.4, 0.2, 0.3, 0.5, 0.2, 0.4, 0.4, 0.2, 0.2, 0.2, 0.6, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4,
  ]);
  let expected = 0;
  for (let c = 0; c < k; c++) {
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < truth.length; i++) {
      for (let j = 0; j < truth.length; j++) {
        if (truth[i] !== c || truth[j] === c) continue;
        pairs++;
        const d = probs[i * k + c] - probs[j * k + c];
        wins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
      }
    }
    expected += wins / pairs / k;
  }
  close(rocAucOvr(truth, probs, k), expected);
});

test('AUC from rank-bin counts is exact when every distinct score has its own bin', () => {
  const score = Float64Array.from([0.1, 0.4, 0.4, 0.8, 0.4]);
  const positive = [0, 1, 0, 1, 1];
  const bins = rankBins(score, 1000);
  assert.equal(bins[1], bins[2], 'ties share a bin');
  const pos = new Float64Array(1000);
  const neg = new Float64Array(1000);
  score.forEach((_, i) => (positive[i] ? pos : neg)[bins[i]]++);
  close(aucFromBinCounts(pos, neg, 0, 1000), 5 / 6);
});

test('accuracy, per-class and macro precision, recall and F1 match a hand-counted confusion matrix', () => {
  // truth A A B B C, predicted A B B B A (A=0, B=1, C=2)
  const m = classificationMetrics(Int32Array.from([0, 0, 1, 1, 2]), Int32Array.from([0, 1, 1, 1, 0]), 3);
  close(m.accuracy, 0.6);
  close(m.perClass[0].precision, 0.5);
  close(m.perClass[1].precision, 2 / 3);
  close(m.perClass[1].f1, 0.8);
  assert.deepEqual(m.perClass[2], { precision: 0, recall: 0, f1: 0, support: 1 });
  close(m.macroPrecision, (0.5 + 2 / 3) / 3);
  close(m.macroRecall, 0.5);
  close(m.macroF1, 1.3 / 3);
});

test('log loss clips a zero probability of the true class instead of returning infinity', () => {
  const probs = Float64Array.from([0.9, 0.1, 0.5, 0.5, 1, 0]);
  close(logLoss(Int32Array.from([0, 1, 1]), probs, 2), (-Math.log(0.9) - Math.log(0.5) - Math.log(1e-15)) / 3, 1e-9);
});

test('expected calibration error weighs each bin’s |accuracy − confidence| by its rows', () => {
  const truth = Int32Array.from([0, 1, 0, 1]);
  const pred = Int32Array.from([0, 0, 0, 1]);
  const probs = Float64Array.from([0.95, 0.05, 0.95, 0.05, 0.55, 0.45, 0.35, 0.65]);
  const c = calibration(truth, pred, probs, 2);
  close(c.ece, (2 * 0.45 + 0.45 + 0.35) / 4);
  assert.equal(c.bins.length, 10);
  assert.equal(c.bins[9].count, 2);
  close(c.bins[9].accuracy!, 0.5);
  assert.equal(c.bins[0].meanConfidence, null);
});

test('MAE, RMSE and R² match hand computations', () => {
  const m = regressionMetrics(Float64Array.from([1, 2, 3, 4]), Float64Array.from([2, 2, 2, 6]));
  close(m.mae, 1);
  close(m.rmse, Math.sqrt(1.5));
  close(m.r2, -0.2);
  assert.ok(Number.isNaN(regressionMetrics(Float64Array.from([3, 3]), Float64Array.from([1, 2])).r2), 'constant truth: R² undefined');
});

test('the Wilcoxon signed-rank test uses mid-ranks and the tie-corrected variance', () => {
  // |d| ranks: 1 2 3 4 5.5 5.5 7; W+ = 1+3+4+5.5+7 = 20.5; var = 7·8·15/24 − (2³−2)/48
  const w = wilcoxonSignedRank(Float64Array.from([1, -2, 3, 4, -5, 5, 6, 0]));
  assert.equal(w.n, 7, 'the zero difference is dropped');
  assert.equal(w.wPlus, 20.5);
  close(w.z, 6.5 / Math.sqrt(34.875));
  close(w.p, 0.2710412796103431, 1e-6);
  close(normalCdf(1.959963985), 0.975, 1e-6);
});

test('quantiles interpolate linearly between order statistics', () => {
  const s = Float64Array.from([1, 2, 3, 4]);
  assert.equal(quantileSorted(s, 0), 1);
  assert.equal(quantileSorted(s, 1), 4);
  close(quantileSorted(s, 0.5), 2.5);
  close(quantileSorted(s, 0.25), 1.75);
});

test('latency charges each row its batch time divided by the batch size', () => {
  const l = latencySummary(Float64Array.from([4, 2]), Int32Array.from([2, 1]));
  assert.equal(l.rows, 3);
  assert.equal(l.perRowMs.p50, 2);
  assert.equal(l.perBatchMs.p50, 3);
  assert.equal(l.throughput, 500);
});

test('the micro-averaged ROC curve runs from (0,0) to (1,1) and hugs the top-left corner for a perfect model', async () => {
  const { rocCurveMicro } = await import('../../tracker/src/evaluation/stats/rocCurve');
  const truth = Int32Array.from([0, 1, 2, 0]);
  const perfect = Float64Array.from([0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.0, 0.2, 0.8, 0.7, 0.2, 0.1]);
  const curve = rocCurveMicro(truth, perfect, 3);
  assert.deepEqual([curve.fpr[0], curve.tpr[0]], [0, 0]);
  assert.deepEqual([curve.fpr[curve.fpr.length - 1], curve.tpr[curve.tpr.length - 1]], [1, 1]);
  const atFullRecall = curve.tpr.indexOf(1);
  assert.equal(curve.fpr[atFullRecall], 0, 'all positives ranked above every negative');
  const thinned = rocCurveMicro(Int32Array.from({ length: 500 }, (_, i) => i % 2), Float64Array.from({ length: 1000 }, (_, j) => ((j * 7919) % 1000) / 1000), 2, 50);
  assert.equal(thinned.fpr.length, 50);
});
