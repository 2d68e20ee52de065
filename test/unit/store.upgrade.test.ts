import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../tracker/src/store/migrations';
import { MetricsRepo } from '../../tracker/src/store/metricsRepo';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

/**
 * A database as an older Loupe left it: the migrations up to `version` only, holding a run with
 * params, tags and a metric series written through the code paths every version shares.
 */
function databaseAtVersion(loupeDir: string, version: number): { runId: string } {
  const db = new Database(path.join(loupeDir, 'loupe.db'));
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.slice(0, version)) db.exec(m.sql);
  db.pragma(`user_version = ${version}`);
  const runId = 'a'.repeat(32);
  db.prepare("INSERT INTO experiments (id, name, created_at, updated_at) VALUES (1, 'old', 1, 1)").run();
  db.prepare("INSERT INTO runs (id, experiment_id, name, status, start_time, end_time) VALUES (?, 1, ?, 'finished', 1000, 2000)").run(runId, `from-v${version}`);
  db.prepare("INSERT INTO params (run_id, key, value) VALUES (?, 'lr', '0.01')").run(runId);
  db.prepare("INSERT INTO tags (run_id, key, value) VALUES (?, 'stage', 'old')").run(runId);
  const steps = Array.from({ length: 5000 }, (_, i) => i);
  db.transaction(() => new MetricsRepo(db).append({ runId, key: 'loss', steps, values: steps.map((s) => 1 / (s + 1)), timestamps: steps.map(() => 1500) }))();
  db.close();
  return { runId };
}

for (let version = 1; version < LATEST_SCHEMA_VERSION; version++) {
  test(`a database at schema version ${version} upgrades to ${LATEST_SCHEMA_VERSION} keeping every run, param, tag and point`, () => {
    const { loupeDir } = tempWorkspace();
    fs.mkdirSync(loupeDir, { recursive: true });
    const { runId } = databaseAtVersion(loupeDir, version);
    const store = SqliteTrackerStore.open(loupeDir);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
      const run = store.getRun(runId);
      assert.equal(run.name, `from-v${version}`);
      assert.deepEqual(run.params, { lr: '0.01' });
      assert.deepEqual(run.tags, { stage: 'old' });
      const loss = store.getMetricHistory(runId, 'loss');
      assert.equal(loss.values.length, 5000);
      assert.equal(loss.values[4999], 1 / 5000);
      assert.equal(run.metrics.loss.count, 5000);
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
      // The newest tables exist and work after the upgrade.
      const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
      for (const t of ['dataset_versions', 'model_versions', 'evaluations']) assert.ok(tables.includes(t), t);
    } finally {
      store.close();
    }
  });
}
