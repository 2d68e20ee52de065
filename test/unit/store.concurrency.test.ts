import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { REPO_ROOT, tempWorkspace } from './helpers';

/** A writer process logging `points` points in small flushes, so the writers contend for the lock. */
function writer(loupeDir: string, index: number, points: number): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { Tracker } = require(${JSON.stringify(path.join(REPO_ROOT, 'tracker/src/sdk/tracker'))});
    (async () => {
      const t = Tracker.open({ dir: ${JSON.stringify(loupeDir)}, flush: { maxPoints: 500 } });
      const run = await t.startRun({ experiment: 'concurrent', name: 'writer-${index}' });
      for (let i = 0; i < ${points}; i++) run.log({ loss: i, acc: -i }, i);
      run.end('finished');
      t.close();
    })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('four processes logging at once lose no point and never surface "database is locked"', async () => {
  const { loupeDir } = tempWorkspace();
  const points = 50_000;
  const results = await Promise.all([0, 1, 2, 3].map((i) => writer(loupeDir, i, points)));
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /locked|busy/i);
  }
  const store = SqliteTrackerStore.open(loupeDir);
  const runs = store.listRuns({ experiments: ['concurrent'] }).runs;
  assert.equal(runs.length, 4);
  for (const run of runs) {
    assert.equal(run.status, 'finished');
    const loss = store.getMetricHistory(run.id, 'loss');
    assert.equal(loss.values.length, points, run.name);
    assert.ok(loss.values.every((v, i) => v === i), `${run.name} has every point in order`);
    assert.equal(run.metrics.acc.count, points);
  }
  assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
  store.close();
});
