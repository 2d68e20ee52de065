import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRunsAppend, buildRunsSnapshot } from '../../extension/src/runs/runsViewModel';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

test('the runs panel model arrives in pages that together hold every matching run once, in order', () => {
  const store = SqliteTrackerStore.open(tempWorkspace().loupeDir);
  try {
    for (let i = 0; i < 23; i++) {
      const run = store.createRun({ experiment: 'e', name: `r${i}`, params: { i } });
      store.appendMetrics([{ runId: run.id, key: 'acc', steps: [0], values: [i / 100], timestamps: [0] }]);
    }
    const query = { filter: 'params.i >= 3', orderBy: ['metrics.acc desc'] };
    const first = buildRunsSnapshot(store, query, 5, 10);
    assert.equal(first.total, 20);
    assert.equal(first.runs.length, 10);
    const names = first.runs.map((r) => r.name);
    for (let offset = names.length, page; (page = buildRunsAppend(store, query, 5, offset, 10)); offset += page.rows.length) {
      assert.equal(page.generation, 5);
      names.push(...page.rows.map((r) => r.name));
    }
    assert.deepEqual(names, Array.from({ length: 20 }, (_, k) => `r${22 - k}`));
  } finally {
    store.close();
  }
});
