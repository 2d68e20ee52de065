import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import type { TrainEvent } from '../../tracker/src/training/events';
import { launchTraining } from '../../tracker/src/training/launch';
import { TrainingQueue } from '../../tracker/src/training/queue';
import { runSweep } from '../../tracker/src/training/sweep';
import { penguinWorkspace, speciesConfig } from './training.helpers';

test('training in a worker process streams epochs and resolves with its registered model', async () => {
  const ws = penguinWorkspace();
  const config = ws.writeConfig('species.json', speciesConfig({ training: { epochs: 3, seed: 1 } }));
  const events: TrainEvent[] = [];
  const result = await launchTraining(config, { workspace: ws.root, backend: 'cpu', onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'finished');
  assert.deepEqual(events.map((e) => e.type), ['started', 'epoch', 'epoch', 'epoch', 'run-end', 'done']);
  assert.equal(result.modelName, 'penguins');
  assert.equal(result.modelVersion, 1);
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(result.runId);
  store.close();
  assert.equal(run.status, 'finished');
  assert.notEqual(run.pid, process.pid, 'the run belongs to the worker');
});

test('a training aborted after its first epoch stops its process and is marked killed, keeping what it logged', async () => {
  const ws = penguinWorkspace();
  const config = ws.writeConfig('long.json', speciesConfig({ training: { epochs: 2000, batchSize: 4, seed: 1 } }));
  const stop = new AbortController();
  const result = await launchTraining(config, {
    workspace: ws.root, backend: 'cpu', signal: stop.signal,
    onEvent: (e) => e.type === 'epoch' && e.epoch === 1 && stop.abort(),
  });
  assert.equal(result.status, 'killed');
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(result.runId);
  store.close();
  assert.equal(run.status, 'killed');
  assert.ok(run.endTime !== null);
  assert.ok(run.metrics.loss.count >= 1 && run.metrics.loss.count < 2000, `${run.metrics.loss.count} epochs logged`);
  // Batch losses sit in the SDK's buffer between flushes: seeing a whole epoch of them means the
  // worker's SIGTERM hook flushed and ended the run itself (rather than the parent marking it afterwards).
  assert.ok(run.metrics.batch_loss.count >= Math.ceil(Number(run.params['data.train_rows']) / 4), 'the first epoch\'s batches were flushed');
  assert.equal(run.tags['loupe.model'], undefined, 'a killed training registers nothing');
});

test('a worker given a bad config fails before training with the column named, and leaves no run', async () => {
  const ws = penguinWorkspace();
  const config = ws.writeConfig('bad.json', speciesConfig({ task: 'regression', model: { type: 'linear' } }));
  await assert.rejects(launchTraining(config, { workspace: ws.root, backend: 'cpu' }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /label column "Species" holds text/.test(e.message));
  const store = SqliteTrackerStore.open(ws.loupeDir);
  assert.equal(store.listRuns().total, 0);
  store.close();
});

test('a seeded sweep is reproducible: the same trial params twice, each trial a child run, the best recorded', async () => {
  const ws = penguinWorkspace();
  const config = ws.writeConfig('sweep.json', speciesConfig({
    training: { epochs: 2, seed: 1 },
    sweep: { metric: 'val_loss', space: { 'training.learningRate': { logUniform: [1e-3, 1e-1] }, 'model.layers.0.units': { int: [4, 16] }, 'training.optimizer': { choice: ['adam', 'sgd'] } } },
  }));
  const sweep = () => runSweep(config, { workspace: ws.root, trials: 2, parallel: 2, seed: 11, backend: 'cpu' });
  const first = await sweep();
  const second = await sweep();
  assert.equal(first.status, 'finished');
  assert.deepEqual(second.trials.map((t) => t.params), first.trials.map((t) => t.params));
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const parent = store.getRun(first.runId);
  const children = store.listRuns({ filter: `tags.loupe.kind = 'trial'` }).runs.filter((r) => r.parentRunId === first.runId);
  const twice = store.listRuns({ filter: `tags.loupe.kind = 'trial'` }).runs.filter((r) => r.parentRunId === second.runId);
  store.close();
  assert.equal(children.length, 2);
  const searched = (r: { params: Record<string, string> }) => ['training.learningRate', 'model.layers.0.units', 'training.optimizer'].map((k) => r.params[k]);
  assert.deepEqual(twice.map(searched).sort(), children.map(searched).sort(), 'the stored params match too');
  const best = children.reduce((a, b) => (a.metrics.val_loss.last <= b.metrics.val_loss.last ? a : b));
  assert.equal(parent.tags['loupe.kind'], 'sweep');
  assert.equal(parent.tags['loupe.best_trial_id'], best.id);
  assert.equal(parent.tags['loupe.best_metric'], 'val_loss');
  assert.equal(parent.metrics.best_val_loss.last, best.metrics.val_loss.last);
  assert.equal(parent.params['sweep.seed'], '11');
  assert.ok(children.every((c) => c.status === 'finished' && c.tags['loupe.model'] === undefined), 'trials are not registered');
});

test('the queue starts runs as queued, runs them one at a time, and stop() kills a queued or running job', async () => {
  const ws = penguinWorkspace();
  const config = ws.writeConfig('q.json', speciesConfig({ training: { epochs: 2, seed: 1 } }));
  const slow = ws.writeConfig('slow.json', speciesConfig({ training: { epochs: 5000, batchSize: 4, seed: 1 } }));
  const seen: string[] = [];
  const queue = new TrainingQueue({ workspace: ws.root, concurrency: 1, onChange: (e) => seen.push(`${e.id.slice(0, 4)}:${e.state}`) });
  const a = queue.enqueue({ kind: 'train', configPath: config, options: { backend: 'cpu' } });
  const b = queue.enqueue({ kind: 'train', configPath: slow, options: { backend: 'cpu' } });
  const c = queue.enqueue({ kind: 'script', command: [process.execPath, '-e', 'console.log("hi")'] });
  const store = SqliteTrackerStore.open(ws.loupeDir);
  assert.deepEqual(queue.entries().map((e) => e.state), ['running', 'queued', 'queued'], 'concurrency 1: the others wait');
  assert.ok([a, b, c].every((id) => store.getRun(id).status === 'queued'), 'every job has its run at once, queued until its process starts it');
  queue.stop(c);
  assert.equal(store.getRun(c).status, 'killed', 'a queued job is killed without starting');
  // Stop the slow job once its worker has actually started training.
  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
  };
  await waitFor(() => store.getRun(a).status === 'finished');
  assert.equal(store.getRun(a).status, 'finished');
  await waitFor(() => store.getRun(b).metrics.loss !== undefined);
  assert.equal(store.getRun(b).status, 'running', 'queued, then running once its worker started it');
  queue.stop(b);
  await queue.idle();
  assert.equal(store.getRun(a).status, 'finished');
  assert.equal(store.getRun(a).tags['loupe.model'], 'penguins@1', 'the queued run itself was trained, not a new one');
  assert.equal(store.getRun(b).status, 'killed');
  assert.equal(store.listRuns().total, 3, 'no extra runs were created');
  store.close();
  assert.deepEqual(queue.entries().map((e) => e.state), ['finished', 'killed', 'killed']);
  assert.ok(seen.indexOf(`${b.slice(0, 4)}:running`) > seen.indexOf(`${a.slice(0, 4)}:finished`), 'b started after a finished');
});
