import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from '../unit/helpers';
import { spawnServerProcess } from '../unit/serverProcess';

const REPO = path.resolve(__dirname, '../..');
const HTTP_CLIENTS = 6;
const BATCHES = 25;

function pythonClient(url: string, token: string, name: string, points: number): Promise<{ code: number | null; stderr: string }> {
  const script = `
import loupe
with loupe.start_run(experiment="server-load", name=${JSON.stringify(name)}) as run:
    for i in range(${points}):
        run.log({"x": float(i)}, step=i)
`;
  return new Promise((resolve) => {
    const child = spawn('python3', ['-c', script], { env: { ...process.env, LOUPE_TRACKING_URI: url, LOUPE_TRACKING_TOKEN: token, PYTHONPATH: path.join(REPO, 'tracker/python') }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test(`concurrent MLflow REST clients and Python clients in server mode log through one server without losing a point`, async () => {
  const { loupeDir } = tempWorkspace();
  const { child: server, url, token } = await spawnServerProcess(loupeDir);
  try {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const post = async (route: string, body: unknown) => {
      const r = await fetch(`${url}/api/2.0/mlflow/${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const json = (await r.json()) as Record<string, unknown>;
      assert.equal(r.status, 200, `${route}: ${JSON.stringify(json)}`);
      return json;
    };
    const restClient = async (c: number): Promise<string> => {
      const created = await post('runs/create', { experiment_id: '0', run_name: `rest-${c}` });
      const runId = (created.run as { info: { run_id: string } }).info.run_id;
      for (let b = 0; b < BATCHES; b++) {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'x', value: b * 1000 + i, timestamp: Date.now(), step: b * 1000 + i }));
        await post('runs/log-batch', { run_id: runId, metrics });
      }
      await post('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
      return runId;
    };
    const python = spawnSync('python3', ['--version']).status === 0;
    const [restRuns, pyResults] = await Promise.all([
      Promise.all(Array.from({ length: HTTP_CLIENTS }, (_, c) => restClient(c))),
      Promise.all(python ? [pythonClient(url, token, 'py-0', 20_000), pythonClient(url, token, 'py-1', 20_000)] : []),
    ]);
    for (const r of pyResults) assert.equal(r.code, 0, r.stderr);
    const store = SqliteTrackerStore.open(loupeDir);
    try {
      for (const id of restRuns) {
        const x = store.getMetricHistory(id, 'x');
        assert.equal(x.values.length, BATCHES * 1000);
        assert.ok(x.values.every((v, i) => v === i));
        assert.equal(store.getRun(id).status, 'finished');
      }
      for (const name of python ? ['py-0', 'py-1'] : []) {
        const run = store.listRuns({ filter: `name = '${name}'` }).runs[0];
        assert.ok(run, `${name} reached the server`);
        assert.equal(run.status, 'finished');
        assert.equal(store.getMetricHistory(run.id, 'x').values.length, 20_000);
      }
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      store.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
});
