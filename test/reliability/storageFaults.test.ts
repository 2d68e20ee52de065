import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { Tracker } from '../../tracker/src/sdk/tracker';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';

/** A small tmpfs of our own, so "disk full" and "read-only" are real; needs root (CI and dev machines here are). */
function withSmallDisk(sizeKb: number, fn: (mount: string) => Promise<void>): (t: import('node:test').TestContext) => Promise<void> {
  return async (t) => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', mount], { stdio: 'pipe' });
    } catch (e) {
      t.skip(`cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}); run as root to exercise this`);
      fs.rmdirSync(mount);
      return;
    }
    try {
      await fn(mount);
    } finally {
      execFileSync('umount', [mount]);
      fs.rmdirSync(mount);
    }
  };
}

test('a full disk gives a clear error, keeps unflushed points in memory and writes them once space frees up', withSmallDisk(2048, async (mount) => {
  const filler = path.join(mount, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(600 * 1024));
  const tracker = Tracker.open({ dir: path.join(mount, '.loupe'), flush: { maxPoints: 1e9 } });
  const run = await tracker.startRun({ experiment: 'disk', name: 'fills-up' });
  for (let i = 0; i < 1000; i++) run.log({ x: i }, i);
  run.flush();
  let error: unknown;
  let logged = 1000;
  for (let round = 0; round < 200 && !error; round++) {
    for (let i = 0; i < 2000; i++, logged++) run.log({ x: logged, y: Math.random() }, logged);
    try {
      run.flush();
    } catch (e) {
      error = e;
    }
  }
  assert.ok(isLoupeError(error, 'DATABASE_UNAVAILABLE'), `got ${String(error)}`);
  assert.match((error as Error).message, /disk holding .* is full/);
  const stored = tracker.store.getMetricHistory(run.id, 'x');
  assert.ok(stored.values.length >= 1000);
  assert.ok(stored.values.every((v, i) => v === i), 'what was stored is intact');
  assert.equal(tracker.store.db.pragma('integrity_check', { simple: true }), 'ok');
  fs.rmSync(filler);
  run.end();
  const all = tracker.store.getMetricHistory(run.id, 'x');
  assert.equal(all.values.length, logged, 'the points that waited in memory were written');
  assert.ok(all.values.every((v, i) => v === i));
  tracker.store.close();
}));

test('a read-only .loupe refuses writes with a clear error and keeps its data', withSmallDisk(4096, async (mount) => {
  const dir = path.join(mount, '.loupe');
  const tracker = Tracker.open({ dir });
  const run = await tracker.startRun({ experiment: 'ro', name: 'kept' });
  for (let i = 0; i < 100; i++) run.log({ x: i }, i);
  run.end();
  tracker.close();
  execFileSync('mount', ['-o', 'remount,ro', mount]);
  try {
    assert.throws(() => Tracker.open({ dir }), (e) => isLoupeError(e, 'DATABASE_UNAVAILABLE') && /read-only/.test((e as Error).message));
  } finally {
    execFileSync('mount', ['-o', 'remount,rw', mount]);
  }
  const store = SqliteTrackerStore.open(dir);
  assert.equal(store.listRuns().runs[0].metrics.x.count, 100);
  store.close();
}));
