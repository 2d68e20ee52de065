import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';
import { spawnServerProcess } from './serverProcess';

const SENDERS = 8;
const KILL_AFTER_ACKS = 40;

test('a server killed with SIGKILL while receiving log-batch requests leaves every batch fully present or absent', async () => {
  const { loupeDir } = tempWorkspace();
  const { child, url, token } = await spawnServerProcess(loupeDir);
  const exited = new Promise((r) => child.once('exit', r));
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const created = await fetch(`${url}/api/2.0/mlflow/runs/create`, { method: 'POST', headers, body: JSON.stringify({ experiment_id: '0' }) });
  const runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;

  const sent: number[] = [];
  const acked = new Set<number>();
  let next = 0;
  let killed = false;
  const sender = async (): Promise<void> => {
    while (!killed) {
      const i = next++;
      const metrics = Array.from({ length: 1000 }, (_, step) => ({ key: `k${i}`, value: step * i, timestamp: step, step }));
      const body = JSON.stringify({ run_id: runId, metrics, params: [{ key: `p${i}`, value: String(i) }], tags: [{ key: `t${i}`, value: String(i) }] });
      sent.push(i);
      try {
        const r = await fetch(`${url}/api/2.0/mlflow/runs/log-batch`, { method: 'POST', headers, body });
        if (r.status === 200) acked.add(i);
        await r.arrayBuffer();
      } catch {
        return; // the server is gone
      }
      if (acked.size >= KILL_AFTER_ACKS && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  await exited;

  const store = SqliteTrackerStore.open(loupeDir);
  try {
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    const run = store.getRun(runId);
    let present = 0;
    for (const i of sent) {
      const count = run.metrics[`k${i}`]?.count ?? 0;
      const parts = [count === 1000, run.params[`p${i}`] === String(i), run.tags[`t${i}`] === String(i)];
      assert.ok(count === 0 || count === 1000, `batch ${i} has ${count} of its 1000 points`);
      assert.ok(parts.every((p) => p === parts[0]), `batch ${i} is half written: metrics/param/tag = ${parts}`);
      if (parts[0]) {
        present++;
        assert.equal(store.getMetricHistory(runId, `k${i}`).values[999], 999 * i);
      }
      if (acked.has(i)) assert.ok(parts[0], `batch ${i} was acknowledged, so it must be there`);
    }
    assert.ok(present >= KILL_AFTER_ACKS, `${present} batches present`);
  } finally {
    store.close();
  }
});
