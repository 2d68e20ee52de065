import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { Tracker } from '../../tracker/src/sdk/tracker';
import { tempWorkspace } from './helpers';

async function loupe(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} });
  return { code, out, err };
}

test('a shell script can start a run, log metrics, params and tags to it, and end it', async () => {
  const { root, loupeDir } = tempWorkspace();
  const start = await loupe(['log', 'start', '--experiment', 'nightly', '--name', 'sh-run', '--param', 'lr=0.01'], root);
  assert.equal(start.code, 0, start.err);
  const id = start.out.trim();
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal((await loupe(['log', id, '--metric', 'loss=0.5', '--metric', 'acc=nan'], root)).code, 0);
  assert.equal((await loupe(['log', 'sh-run', '--metric', 'loss=0.25', '--tag', 'stage=ci'], root)).code, 0);
  assert.equal((await loupe(['log', id.slice(0, 8), '--metric', 'loss=inf', '--step', '10', '--end', 'finished'], root)).code, 0);
  const store = SqliteTrackerStore.open(loupeDir);
  const run = store.getRun(id);
  const loss = store.getMetricHistory(id, 'loss');
  store.close();
  assert.equal(run.status, 'finished');
  assert.deepEqual(run.params, { lr: '0.01' });
  assert.deepEqual(run.tags, { stage: 'ci' });
  assert.deepEqual(Array.from(loss.steps), [0, 1, 10], 'steps auto-increment unless given');
  assert.deepEqual(Array.from(loss.values), [0.5, 0.25, Infinity]);
  assert.ok(Number.isNaN(run.metrics.acc.last));
});

test('loupe log rejects a metric that is not a number and says which', async () => {
  const { root } = tempWorkspace();
  const id = (await loupe(['log', 'start'], root)).out.trim();
  const r = await loupe(['log', id, '--metric', 'loss=abc'], root);
  assert.equal(r.code, 2);
  assert.match(r.err, /"loss" got "abc"/);
});

test('loupe show and loupe compare describe runs, marking what differs', async () => {
  const { root, loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const a = await tracker.startRun({ experiment: 'e', name: 'alpha', params: { lr: 0.1, seed: 1 } });
  a.log({ loss: 0.3 }, 1);
  a.end();
  const b = await tracker.startRun({ experiment: 'e', name: 'beta', params: { lr: 0.2, seed: 1 } });
  b.log({ loss: 0.2 }, 1);
  b.end();
  tracker.close();
  const show = await loupe(['show', 'alpha'], root);
  assert.equal(show.code, 0, show.err);
  assert.match(show.out, /run\s+alpha/);
  assert.match(show.out, /lr\s+0\.1/);
  assert.match(show.out, /loss\s+0\.3\s+0\.3\s+0\.3/);
  const cmp = await loupe(['compare', 'alpha', 'beta'], root);
  assert.equal(cmp.code, 0, cmp.err);
  assert.match(cmp.out, /\*\s+params\.lr\s+0\.1\s+0\.2/);
  assert.doesNotMatch(cmp.out, /params\.seed/, 'equal params are hidden unless --all');
  assert.match((await loupe(['compare', 'alpha', 'beta', '--all'], root)).out, /\s+params\.seed\s+1\s+1/);
  const missing = await loupe(['show', 'nope'], root);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /No run with id, id prefix or name "nope"/);
});

test('loupe gc purges deleted runs and unreferenced objects but keeps artifacts in use', async () => {
  const { root, loupeDir } = tempWorkspace();
  const file = path.join(root, 'model.txt');
  fs.writeFileSync(file, 'weights');
  const tracker = Tracker.open({ dir: loupeDir });
  const kept = await tracker.startRun({ experiment: 'e', name: 'kept' });
  const kept_artifact = await kept.logArtifact(file);
  kept.end();
  const gone = await tracker.startRun({ experiment: 'e', name: 'gone' });
  fs.writeFileSync(file, 'other weights');
  const gone_artifact = await gone.logArtifact(file);
  gone.end();
  tracker.store.deleteRun(gone.id);
  tracker.close();
  const dry = await loupe(['gc', '--dry-run'], root);
  assert.match(dry.out, /would remove 1 deleted run\(s\)/);
  const r = await loupe(['gc'], root);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /removed 1 deleted run\(s\), 1 unreferenced object/);
  assert.ok(fs.existsSync(path.join(loupeDir, 'objects', kept_artifact.hash.slice(0, 2), kept_artifact.hash.slice(2))));
  assert.ok(!fs.existsSync(path.join(loupeDir, 'objects', gone_artifact.hash.slice(0, 2), gone_artifact.hash.slice(2))));
  const store = SqliteTrackerStore.open(loupeDir);
  assert.throws(() => store.getRun(gone.id));
  store.close();
});
