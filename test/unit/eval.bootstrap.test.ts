import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../tracker/src/demo/softmaxRegression';
import { allMetrics } from '../../tracker/src/evaluation/metrics';
import { encodeOutcomes, type ClassificationOutcomes, type Outcomes, type RegressionOutcomes } from '../../tracker/src/evaluation/outcomes';
import { bootstrapClassification } from '../../tracker/src/evaluation/stats/bootstrapClassification';
import { bootstrapRegression } from '../../tracker/src/evaluation/stats/bootstrapRegression';
import type { Prediction } from '../../tracker/src/evaluation/types';

/** The textbook paired bootstrap: materialise each resample, compute both models' metrics on it. */
function naiveBootstrap(o: Outcomes, seed: number, resamples: number, confidence: number) {
  const rng = seededRandom(seed);
  const n = o.truth.length;
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < resamples; r++) {
    const idx = new Int32Array(n);
    for (let j = 0; j < n; j++) idx[j] = Math.floor(rng() * n);
    const a = allMetrics(o, 'champion', idx);
    const b = allMetrics(o, 'challenger', idx);
    for (const m of Object.keys(a)) (samples[m] ??= []).push(b[m] - a[m]);
  }
  const intervals: Record<string, { lo: number; hi: number }> = {};
  for (const [m, s] of Object.entries(samples)) {
    const sorted = s.filter((v) => !Number.isNaN(v)).sort((x, y) => x - y);
    const at = (q: number) => {
      const h = (sorted.length - 1) * q;
      const lo = Math.floor(h);
      return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
    };
    intervals[m] = { lo: at((1 - confidence) / 2), hi: at(1 - (1 - confidence) / 2) };
  }
  return { samples, intervals };
}

function classificationFixture(n: number, seed: number): ClassificationOutcomes {
  const rng = seededRandom(seed);
  const classes = ['a', 'b', 'c'];
  const labels: string[] = [];
  const champion: Prediction[] = [];
  const challenger: Prediction[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.floor(rng() * 3);
    labels.push(classes[t]);
    for (const [out, skill] of [[champion, 0.5], [challenger, 0.7]] as const) {
      const right = rng() < skill;
      const p = right ? t : (t + 1 + Math.floor(rng() * 2)) % 3;
      const conf = [0.4, 0.6, 0.8][Math.floor(rng() * 3)];
      const probabilities: Record<string, number> = {};
      classes.forEach((c, k) => (probabilities[c] = k === p ? conf : (1 - conf) / 2));
      out.push({ label: classes[p], probabilities });
    }
  }
  const o = encodeOutcomes('classification', labels, champion, challenger);
  if (o.task !== 'classification') throw new Error('fixture');
  return o;
}

test('the fast paired bootstrap matches a naive implementation with the same seed on a small classification fixture', () => {
  const o = classificationFixture(40, 7);
  const fast = bootstrapClassification(o, { seed: 123, resamples: 200 });
  const naive = naiveBootstrap(o, 123, 200, 0.95);
  for (const m of ['accuracy', 'macro_precision', 'macro_recall', 'macro_f1', 'roc_auc', 'log_loss', 'ece']) {
    naive.samples[m].forEach((v, r) => {
      const f = fast.samples[m][r];
      assert.ok((Number.isNaN(v) && Number.isNaN(f)) || Math.abs(v - f) < 1e-12, `${m} resample ${r}: fast ${f} vs naive ${v}`);
    });
    assert.ok(Math.abs(fast.intervals[m].lo - naive.intervals[m].lo) < 1e-12, `${m} lo`);
    assert.ok(Math.abs(fast.intervals[m].hi - naive.intervals[m].hi) < 1e-12, `${m} hi`);
  }
});

test('the fast paired bootstrap matches a naive implementation with the same seed on a small regression fixture', () => {
  const rng = seededRandom(3);
  const truth: number[] = [];
  const a: Prediction[] = [];
  const b: Prediction[] = [];
  for (let i = 0; i < 30; i++) {
    const y = 100 + rng() * 10;
    truth.push(y);
    a.push({ value: y + (rng() - 0.5) * 4 });
    b.push({ value: y + (rng() - 0.5) * 2 });
  }
  const o = encodeOutcomes('regression', truth, a, b) as RegressionOutcomes;
  const fast = bootstrapRegression(o, { seed: 9, resamples: 300 });
  const naive = naiveBootstrap(o, 9, 300, 0.95);
  for (const m of ['mae', 'rmse', 'r2']) {
    assert.ok(Math.abs(fast.intervals[m].lo - naive.intervals[m].lo) < 1e-9, `${m} lo ${fast.intervals[m].lo} vs ${naive.intervals[m].lo}`);
    assert.ok(Math.abs(fast.intervals[m].hi - naive.intervals[m].hi) < 1e-9, `${m} hi`);
  }
  assert.ok(fast.intervals.mae.hi < 0, 'the better regressor has a clearly lower MAE');
});

test('identical models get difference intervals of exactly zero for every metric', () => {
  const base = classificationFixture(60, 11);
  const same: ClassificationOutcomes = { ...base, challenger: base.champion };
  const r = bootstrapClassification(same, { seed: 1 });
  assert.equal(r.resamples, 1000);
  for (const [m, ci] of Object.entries(r.intervals)) assert.deepEqual([ci.lo, ci.hi], [0, 0], m);
});

test('the same seed gives the same intervals and another seed different ones', () => {
  const o = classificationFixture(50, 5);
  const one = bootstrapClassification(o, { seed: 42, resamples: 100 });
  const again = bootstrapClassification(o, { seed: 42, resamples: 100 });
  const other = bootstrapClassification(o, { seed: 43, resamples: 100 });
  assert.deepEqual(one.intervals, again.intervals);
  assert.notDeepEqual(one.intervals, other.intervals);
});

test('the bootstrap skips AUC beyond 20 classes and says so, keeping every other interval', () => {
  const classes = Array.from({ length: 21 }, (_, c) => `c${c}`);
  const labels = Array.from({ length: 84 }, (_, i) => classes[i % 21]);
  const answer = (i: number): Prediction => {
    const probabilities = Object.fromEntries(classes.map((c) => [c, c === labels[i] ? 0.5 : 0.025]));
    return { label: labels[i], probabilities };
  };
  const o = encodeOutcomes('classification', labels, labels.map((_, i) => answer(i)), labels.map((_, i) => answer(i))) as ClassificationOutcomes;
  const r = bootstrapClassification(o, { seed: 2, resamples: 20 });
  assert.equal(r.intervals.roc_auc, undefined);
  assert.deepEqual(Object.keys(r.intervals).sort(), ['accuracy', 'ece', 'log_loss', 'macro_f1', 'macro_precision', 'macro_recall']);
  assert.match(r.notes[0], /roc_auc has no interval: the bootstrap skips it beyond 20 classes/);
});
