// Logging and reading series: Loupe's chunked storage against a bare row-per-point better-sqlite3 loop.
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { Tracker } from '../tracker/src/sdk/tracker';
import { report, tempDir } from './lib';

const POINTS = 1_000_000;

function rowPerPointBaseline(): number {
  const db = new Database(path.join(tempDir('rows'), 'rows.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE points (run_id TEXT, key TEXT, step REAL, value REAL, ts REAL); CREATE INDEX points_idx ON points(run_id, key, step)');
  const insert = db.prepare('INSERT INTO points VALUES (?, ?, ?, ?, ?)');
  const now = Date.now();
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < POINTS; i++) insert.run('run', 'loss', i, Math.sin(i), now);
  })();
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return POINTS / seconds;
}

async function main(): Promise<void> {
  const baseline = rowPerPointBaseline();
  report('ingest_row_per_point_baseline', baseline, 'points/s', '>=', 0);

  const tracker = Tracker.open({ dir: path.join(tempDir('sdk'), '.loupe'), flush: { maxPoints: 200_000 } });
  const run = await tracker.startRun({ experiment: 'bench' });
  const keys = ['loss', 'acc', 'lr', 'grad_norm'];
  const now = Date.now();
  const t0 = performance.now();
  for (let step = 0; step < POINTS / keys.length; step++) {
    run.log({ loss: 1 / (step + 1), acc: step / POINTS, lr: 0.001, grad_norm: Math.sin(step) }, step, now);
  }
  run.flush();
  const ingestSeconds = (performance.now() - t0) / 1000;
  const rate = POINTS / ingestSeconds;
  report('ingest_sdk_batched', rate, 'points/s', '>=', 1_000_000);
  report('ingest_sdk_vs_row_per_point', rate / baseline, 'x', '>=', 1_000_000 / baseline);

  // One unbatched call per point (a key each), the caller's amortised cost including flushes.
  const single = await tracker.startRun({ experiment: 'bench' });
  const calls = 500_000;
  const t1 = performance.now();
  for (let i = 0; i < calls; i++) single.log({ loss: i }, i);
  single.flush();
  report('log_call_amortised', ((performance.now() - t1) * 1000) / calls, 'µs/call', '<=', 2);

  // A series of 1M points for one key, read back whole.
  const long = await tracker.startRun({ experiment: 'bench' });
  for (let i = 0; i < POINTS; i++) long.log({ loss: Math.sin(i) }, i, now);
  long.flush();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t2 = performance.now();
    const s = tracker.store.getMetricHistory(long.id, 'loss');
    best = Math.min(best, performance.now() - t2);
    if (s.values.length !== POINTS) throw new Error(`read ${s.values.length} points`);
  }
  report('read_series_1M', best, 'ms', '<=', 50);
  tracker.close();
}

void main();
