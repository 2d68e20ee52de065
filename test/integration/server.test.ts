import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentsNode } from '../../extension/src/experiments/experimentsTree';
import { activateLoupe, eventually } from './helpers';

describe('the local tracking server started from VS Code', () => {
  it('starts on loopback with a token, and a run logged through the MLflow REST API appears in the tree', async () => {
    const api = await activateLoupe();
    api.experimentsTree!.getChildren();
    const url = await vscode.commands.executeCommand<string>('loupe.startServer');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const token = fs.readFileSync(path.join(api.loupeDir!, 'server-token'), 'utf8').trim();
    const call = async (route: string, body: unknown, auth = true) => {
      const res = await fetch(`${url}/api/2.0/mlflow/${route}`, {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await call('runs/create', { experiment_id: '0' }, false)).status, 401, 'the token is required');
    const created = await call('runs/create', { experiment_id: '0', run_name: 'via-mlflow-rest', start_time: Date.now() });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const runId = (created.json.run as { info: { run_id: string } }).info.run_id;
    const batch = await call('runs/log-batch', { run_id: runId, metrics: [{ key: 'rmse', value: 0.5, timestamp: Date.now(), step: 1 }], params: [{ key: 'alpha', value: '0.1' }] });
    assert.equal(batch.status, 200, JSON.stringify(batch.json));
    assert.equal((await call('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() })).status, 200);
    const tree = api.experimentsTree!;
    const node = await eventually(() => tree.getChildren().flatMap((e) => tree.getChildren(e)).find((n): n is Extract<ExperimentsNode, { kind: 'run' }> => n.kind === 'run' && n.run.name === 'via-mlflow-rest'), 'the REST run in the tree');
    assert.equal(node.run.status, 'finished');
    await vscode.commands.executeCommand('loupe.stopServer');
  });
});
