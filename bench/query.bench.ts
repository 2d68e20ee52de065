// Reading for the panels: a filtered, sorted page of runs out of 10,000, and downsampled curves.
import * as path from 'node:path';
import { SqliteTrackerStore } from '../tracker/src/store/sqliteStore';
import { Tracker } from '../tracker/src/sdk/tracker';
import { bestOf, report, tempDir } from './lib';

const RUNS = 10_000;
const KEYS = 20;

function populateRuns(store: SqliteTrackerStore): void {
  const exp = store.ensureExperiment('bench');
  const db = store.db;
  const run = db.prepare("INSERT INTO runs (id, experiment_id, name, status, start_time, end_time) VALUES (?, ?, ?, 'finished', ?, ?)");
  const param = db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const summary = db.prepare('INSERT INTO metric_summaries (run_id, key, last, last_step, last_time, min, max, sum, finite_count, count) VALUES (?,?,?,?,?,?,?,?,?,?)');
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const id = i.toString(16).padStart(32, '0');
      run.run(id, exp.id, `run-${i}`, 1_700_000_000_000 + i, 1_700_000_000_000 + i + 60_000);
      for (let k = 0; k < KEYS; k++) param.run(id, `p${k}`, String(((i * (k + 1)) % 97) / 10));
      for (let k = 0; k < KEYS; k++) {
        const v = ((i * 7 + k * 13) % 1000) / 1000;
        summary.run(id, `m${k}`, v, 100, 0, v / 2, v * 2, v * 100, 100, 100);
      }
    }
  })();
}

async function main(): Promise<void> {
  const dir = path.join(tempDir('query'), '.loupe');
  const store = SqliteTrackerStore.open(dir);
  populateRuns(store);
  const filter = "metrics.m3.min < 0.3 and (params.p1 > 2 or params.p2 = '1.5') and status = 'finished'";
  let matched = 0;
  const pageMs = bestOf(10, () => {
    matched = store.listRuns({ filter, orderBy: ['metrics.m5.max desc'], limit: 100 }).runs.length;
  });
  if (matched !== 100) throw new Error(`expected a full page, got ${matched}`);
  report('runs_page_10k_filtered_sorted', pageMs, 'ms', '<=', 20);
  store.close();

  // 100 runs × 100,000 steps; downsample 10 of them to ≤ 1,000 points each.
  const tracker = Tracker.open({ dir: path.join(tempDir('series'), '.loupe'), flush: { maxPoints: 1_000_000 } });
  const ids: string[] = [];
  for (let r = 0; r < 100; r++) {
    const run = await tracker.startRun({ experiment: 'bench' });
    const now = Date.now();
    for (let s = 0; s < 100_000; s++) run.log({ loss: Math.exp(-s / 20_000) + 0.01 * Math.sin(s * (r + 1)) }, s, now);
    run.end();
    ids.push(run.id);
  }
  const ten = ids.slice(0, 10);
  const ms = bestOf(5, () => {
    for (const id of ten) {
      const s = tracker.store.getMetricHistory(id, 'loss', { maxPoints: 1000 });
      if (s.values.length > 1000 || s.totalPoints !== 100_000) throw new Error('bad downsample');
    }
  });
  report('downsampled_10_runs_of_100k', ms, 'ms', '<=', 50);
  tracker.close();
}

void main();
