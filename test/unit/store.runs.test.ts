import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { Tracker } from '../../tracker/src/sdk/tracker';
import { isLoupeError } from '../../tracker/src/errors';
import { REPO_ROOT, tempWorkspace } from './helpers';

test('a run keeps its params, tags and metric summaries', async () => {
  const { loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'penguins', name: 'mlp-1', params: { lr: 0.01, layers: [32, 16] }, tags: { stage: 'dev' } });
  for (let step = 0; step < 10; step++) run.log({ loss: 1 / (step + 1), acc: step / 10 }, step);
  run.end('finished');
  const stored = tracker.store.getRun(run.id);
  tracker.close();
  assert.equal(stored.status, 'finished');
  assert.ok(stored.endTime! >= stored.startTime);
  assert.deepEqual(stored.params, { lr: '0.01', layers: '[32,16]' });
  assert.deepEqual(stored.tags, { stage: 'dev' });
  assert.equal(stored.metrics.loss.last, 0.1);
  assert.equal(stored.metrics.loss.min, 0.1);
  assert.equal(stored.metrics.loss.max, 1);
  assert.equal(stored.metrics.acc.count, 10);
  assert.ok(Math.abs(stored.metrics.acc.mean - 0.45) < 1e-12);
});

test('NaN and ±Infinity are stored and read back faithfully', async () => {
  const { loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'e' });
  const values = [1, NaN, Infinity, -Infinity, -0, 2.5, NaN];
  values.forEach((v, step) => run.log({ weird: v }, step));
  run.end();
  const series = tracker.store.getMetricHistory(run.id, 'weird');
  const summary = tracker.store.getRun(run.id).metrics.weird;
  tracker.close();
  assert.deepEqual(Array.from(series.values), values);
  assert.ok(Object.is(series.values[4], -0));
  assert.ok(Number.isNaN(summary.last), 'the last value was NaN');
  assert.equal(summary.min, -Infinity);
  assert.equal(summary.max, Infinity);
  assert.equal(summary.mean, (1 + 0 + 2.5) / 3, 'mean over finite values');
  assert.equal(summary.count, values.length);
});

test('a long series is stored in chunks and read back in step order, whole and by range', async () => {
  const { loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir, flush: { maxPoints: 3000 } });
  const run = await tracker.startRun({ experiment: 'e' });
  for (let step = 0; step < 20_000; step++) run.log({ x: Math.sin(step / 100) }, step);
  run.end();
  const all = tracker.store.getMetricHistory(run.id, 'x');
  const part = tracker.store.getMetricHistory(run.id, 'x', { minStep: 5000, maxStep: 5009 });
  const chunks = tracker.store.db.prepare('SELECT count(*) AS n, max(count) AS biggest FROM metric_chunks WHERE run_id = ?').get(run.id) as { n: number; biggest: number };
  tracker.close();
  assert.equal(all.values.length, 20_000);
  assert.deepEqual(Array.from(all.steps.subarray(0, 3)), [0, 1, 2]);
  assert.equal(all.values[12_345], Math.sin(12_345 / 100));
  assert.deepEqual(Array.from(part.steps), [5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, 5009]);
  assert.equal(chunks.n, 5, '20,000 points in 4096-point chunks');
  assert.equal(chunks.biggest, 4096);
});

test('params cannot silently change once logged', async () => {
  const { loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'e', params: { lr: 0.1 } });
  run.logParams({ lr: 0.1 });
  assert.throws(() => run.logParams({ lr: 0.2 }), (e) => isLoupeError(e, 'CONFLICT') && /"lr" is already "0.1"/.test(e.message));
  tracker.close();
});

test('bad names and values are refused with a message that names them, and nothing stored is lost', async () => {
  const { loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'e' });
  run.log({ ok: 1 }, 0);
  run.flush();
  assert.throws(() => run.log({ 'bad\u0000key': 1 }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /control character/.test(e.message));
  assert.throws(() => run.log({ ['k'.repeat(300)]: 1 }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /300 characters/.test(e.message));
  assert.throws(() => run.log({ s: 'nope' as unknown as number }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /"s"/.test(e.message));
  run.end();
  assert.equal(tracker.store.getRun(run.id).metrics.ok.count, 1);
  tracker.close();
});

test('a writer killed with SIGKILL becomes killed on the next open, keeping its flushed points', async () => {
  const { loupeDir } = tempWorkspace();
  const script = `
    const { Tracker } = require(${JSON.stringify(path.join(REPO_ROOT, 'tracker/src/sdk/tracker'))});
    (async () => {
      const t = Tracker.open({ dir: ${JSON.stringify(loupeDir)} });
      const run = await t.startRun({ experiment: 'crash', name: 'doomed' });
      for (let i = 0; i < 5000; i++) run.log({ loss: i }, i);
      run.flush();
      process.stdout.write('flushed\\n');
      setInterval(() => {}, 1000);
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('flushed') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const store = SqliteTrackerStore.open(loupeDir);
  const before = store.listRuns().runs[0];
  assert.equal(before.status, 'running', 'nobody has looked yet');
  const finalised = store.finalizeDeadRuns();
  const after = store.getRun(before.id);
  assert.deepEqual(finalised, [before.id]);
  assert.equal(after.status, 'killed');
  assert.equal(after.metrics.loss.count, 5000);
  assert.equal(store.getMetricHistory(before.id, 'loss').values[4999], 4999);
  store.close();
});
