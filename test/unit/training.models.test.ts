import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { runTraining } from '../../tracker/src/training/runTraining';
import { massConfig, penguinWorkspace, speciesConfig } from './training.helpers';

test('a species classifier beats the majority-class baseline and logs epochs, batches, params and its backend', async () => {
  const ws = penguinWorkspace();
  const epochs: number[] = [];
  const result = await runTraining(speciesConfig(), { workspace: ws.root, onEvent: (e) => e.type === 'epoch' && epochs.push(e.epoch) });
  assert.equal(result.status, 'finished');
  assert.deepEqual(epochs, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(result.metrics.val_accuracy > result.metrics.baseline_accuracy + 0.3, `val_accuracy ${result.metrics.val_accuracy} vs baseline ${result.metrics.baseline_accuracy}`);
  assert.ok(result.metrics.baseline_accuracy > 0.4 && result.metrics.baseline_accuracy < 0.5, 'Adelie is about 44% of the penguins');
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(result.runId);
  const batches = store.getMetricHistory(run.id, 'batch_loss');
  store.close();
  assert.equal(run.status, 'finished');
  assert.equal(run.tags['loupe.backend'], 'cpu');
  assert.equal(run.tags['loupe.model'], 'penguins@1');
  assert.equal(run.params['training.learningRate'], '0.02');
  assert.equal(run.params['model.layers.0.units'], '8');
  assert.equal(run.params.task, 'multiclass');
  for (const key of ['loss', 'val_loss', 'acc', 'val_acc']) assert.equal(run.metrics[key].count, 8, key);
  const perEpoch = Math.ceil(Number(run.params['data.train_rows']) / 32);
  assert.equal(batches.values.length, 8 * perEpoch, 'one batch_loss point per batch');
  assert.deepEqual(Array.from(batches.steps.subarray(0, 3)), [0, 1, 2], 'step = global batch number');
  assert.equal(run.metrics.val_accuracy.last, result.metrics.val_accuracy);
});

test('a body-mass regression beats predicting the training mean', async () => {
  const ws = penguinWorkspace();
  const result = await runTraining(massConfig(), { workspace: ws.root });
  assert.ok(result.metrics.val_rmse < 0.6 * result.metrics.baseline_rmse, `val_rmse ${result.metrics.val_rmse} vs baseline ${result.metrics.baseline_rmse}`);
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(result.runId);
  store.close();
  assert.equal(run.params.task, 'regression');
  for (const key of ['loss', 'val_loss', 'mae', 'rmse', 'val_mae', 'val_rmse', 'baseline_rmse']) assert.ok(run.metrics[key], key);
  assert.ok(run.metrics.val_rmse.last > 100 && run.metrics.val_rmse.last < 600, 'rmse is in grams, not standardised units');
});

test('a seeded run on the cpu backend is reproducible, and early stopping keeps the best epoch', async () => {
  const ws = penguinWorkspace();
  const config = massConfig({ training: { optimizer: 'adam', learningRate: 0.05, batchSize: 16, epochs: 40, seed: 5, earlyStopping: { patience: 3 } } });
  const a = await runTraining(config, { workspace: ws.root, register: false });
  const b = await runTraining(config, { workspace: ws.root, register: false });
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const lossA = Array.from(store.getMetricHistory(a.runId, 'batch_loss').values);
  const lossB = Array.from(store.getMetricHistory(b.runId, 'batch_loss').values);
  const runA = store.getRun(a.runId);
  store.close();
  assert.deepEqual(lossB, lossA);
  assert.deepEqual(b.metrics, a.metrics);
  assert.ok(a.epochs < 40, 'early stopping ended the run');
  assert.equal(runA.metrics.best_epoch.last, a.epochs - 3, 'patience 3: stopped three epochs after the best');
  assert.equal(runA.metrics.val_rmse.last, a.metrics.val_rmse, 'the final val_rmse is the restored best epoch');
});

test('cross-validation logs one child run per fold and the mean and std of their final metrics on the parent', async () => {
  const ws = penguinWorkspace();
  const result = await runTraining(speciesConfig({ training: { epochs: 3, learningRate: 0.05, seed: 2 } }), { workspace: ws.root, cv: 3 });
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const parent = store.getRun(result.runId);
  const children = store.listRuns({ filter: `tags.loupe.kind = 'cv-fold'` }).runs;
  store.close();
  assert.equal(parent.tags['loupe.kind'], 'cv');
  assert.equal(children.length, 3);
  assert.ok(children.every((c) => c.parentRunId === parent.id && c.status === 'finished'));
  assert.equal(children.reduce((n, c) => n + Number(c.params['data.val_rows']), 0), 344, 'folds cover every labelled row once');
  for (const key of ['val_accuracy', 'baseline_accuracy', 'val_loss']) {
    const values = children.map((c) => c.metrics[key].last);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(parent.metrics[`${key}_mean`].last - mean) < 1e-12, `${key}_mean`);
    assert.ok(Math.abs(parent.metrics[`${key}_std`].last - std) < 1e-12, `${key}_std`);
  }
  assert.equal(result.modelVersion, null, 'cross-validation registers nothing');
});

test('a config can train on a versioned dataset (name@version): the versioned bytes, linked to the run', async () => {
  const ws = penguinWorkspace();
  const { addVersion } = await import('../../tracker/src/datasets');
  await addVersion(ws.root, ws.loupeDir, 'data/penguins.csv', { name: 'penguins' });
  const csv = path.join(ws.root, 'data/penguins.csv');
  const original = fs.readFileSync(csv, 'utf8');
  fs.writeFileSync(csv, original.split('\n').slice(0, 30).join('\n'), 'utf8'); // the working copy moves on
  const result = await runTraining(speciesConfig({ data: { dataset: 'penguins@1', label: 'Species' }, training: { epochs: 2, seed: 1 } }), { workspace: ws.root });
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(result.runId);
  const used = store.db.prepare('SELECT role FROM run_datasets WHERE run_id = ?').all(run.id);
  store.close();
  assert.equal(run.tags['loupe.dataset'], 'penguins@1');
  assert.equal(run.params['data.sha256'], createHash('sha256').update(original).digest('hex'), 'trained on the versioned bytes');
  assert.equal(Number(run.params['data.train_rows']) + Number(run.params['data.val_rows']), 344);
  assert.deepEqual(used, [{ role: 'train' }]);
});
