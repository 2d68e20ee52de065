import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer } from './server.client';

// Recorded from `mlflow.start_run(); mlflow.log_param; mlflow.log_metric x3; mlflow.log_metrics; mlflow.set_tag; mlflow.end_run()`
// (MLflow 2.x Python client, no experiment set, so it uses "0"); only run ids and times differ.
const T0 = 1_714_000_000_000;
const CREATE = {
  experiment_id: '0',
  user_id: 'alice',
  start_time: T0,
  tags: [
    { key: 'mlflow.user', value: 'alice' },
    { key: 'mlflow.source.name', value: 'train.py' },
    { key: 'mlflow.source.type', value: 'LOCAL' },
    { key: 'mlflow.source.git.commit', value: '3f2a9c1d0b7e' },
    { key: 'mlflow.runName', value: 'bold-fox-42' },
  ],
  run_name: 'bold-fox-42',
};

test('the MLflow fluent sequence start_run, log_param, log_metric, log_metrics, set_tag, end_run lands in the store', async () => {
  const t = await testServer();
  const created = await t.mlflow('runs/create', CREATE);
  assert.equal(created.status, 200);
  const run = created.body.run as { info: Record<string, unknown>; data: Record<string, { key: string; value: unknown }[]> };
  const id = run.info.run_id as string;
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal(run.info.run_uuid, id);
  assert.equal(run.info.run_name, 'bold-fox-42');
  assert.equal(run.info.experiment_id, '0');
  assert.equal(run.info.user_id, 'alice');
  assert.equal(run.info.status, 'RUNNING');
  assert.equal(run.info.start_time, T0);
  assert.equal(run.info.end_time, undefined, 'proto3 JSON omits an unset end_time');
  assert.equal(run.info.artifact_uri, `mlflow-artifacts:/0/${id}/artifacts`);
  assert.equal(run.info.lifecycle_stage, 'active');
  assert.deepEqual(run.data.metrics, []);
  assert.deepEqual(run.data.params, []);
  assert.deepEqual(
    run.data.tags.find((x) => x.key === 'mlflow.runName'),
    { key: 'mlflow.runName', value: 'bold-fox-42' },
  );

  const ok = async (endpoint: string, body: Record<string, unknown>): Promise<void> => {
    const r = await t.mlflow(endpoint, { run_id: id, run_uuid: id, ...body });
    assert.equal(r.status, 200, `${endpoint}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body, {});
  };
  await ok('runs/log-parameter', { key: 'lr', value: '0.01' });
  for (let step = 0; step < 3; step++) await ok('runs/log-metric', { key: 'loss', value: 1 / (step + 1), timestamp: T0 + step, step });
  await ok('runs/log-batch', { metrics: [{ key: 'acc', value: 0.8, timestamp: T0 + 10, step: 2 }, { key: 'f1', value: 0.7, timestamp: T0 + 10, step: 2 }], params: [], tags: [] });
  await ok('runs/set-tag', { key: 'stage', value: 'dev' });
  const updated = await t.mlflow('runs/update', { run_id: id, run_uuid: id, status: 'FINISHED', end_time: T0 + 1000 });
  assert.equal(updated.status, 200);
  const info = updated.body.run_info as Record<string, unknown>;
  assert.equal(info.status, 'FINISHED');
  assert.equal(info.end_time, T0 + 1000);
  assert.equal(info.run_name, 'bold-fox-42');

  const got = await t.mlflow('runs/get', { run_id: id });
  const data = (got.body.run as { data: Record<string, { key: string }[]> }).data;
  const byKey = <T extends { key: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.key.localeCompare(b.key));
  assert.deepEqual(byKey(data.metrics), [
    { key: 'acc', value: 0.8, timestamp: T0 + 10, step: 2 },
    { key: 'f1', value: 0.7, timestamp: T0 + 10, step: 2 },
    { key: 'loss', value: 1 / 3, timestamp: T0 + 2, step: 2 },
  ]);
  assert.deepEqual(data.params, [{ key: 'lr', value: '0.01' }]);
  assert.deepEqual(
    byKey(data.tags).map((x) => x.key),
    ['mlflow.runName', 'mlflow.source.git.commit', 'mlflow.source.name', 'mlflow.source.type', 'mlflow.user', 'stage'],
  );

  const stored = t.store().getRun(id);
  assert.equal(stored.experimentName, 'Default');
  assert.equal(stored.name, 'bold-fox-42');
  assert.equal(stored.status, 'finished');
  assert.equal(stored.endTime, T0 + 1000);
  assert.equal(stored.gitCommit, '3f2a9c1d0b7e');
  assert.equal(stored.sourceCommand, 'train.py');
  assert.deepEqual(stored.params, { lr: '0.01' });
  assert.equal(stored.tags.stage, 'dev');
  assert.equal(stored.tags['mlflow.runName'], undefined, 'the name lives on the run, not in a tag');
  assert.equal(stored.metrics.loss.count, 3);
  assert.equal(stored.metrics.loss.min, 1 / 3);
  assert.deepEqual(Array.from(t.store().getMetricHistory(id, 'loss').steps), [0, 1, 2]);
});

test('set_experiment looks the experiment up by name, creates it when missing, and its runs land in it', async () => {
  const t = await testServer();
  const missing = await t.mlflow('experiments/get-by-name', { experiment_name: 'penguins' }, { method: 'GET' });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
  assert.match(missing.body.message as string, /penguins/);
  const created = await t.mlflow('experiments/create', { name: 'penguins' });
  const expId = created.body.experiment_id as string;
  assert.match(expId, /^[1-9]\d*$/);
  const again = await t.mlflow('experiments/create', { name: 'penguins' });
  assert.equal(again.status, 400);
  assert.equal(again.body.error_code, 'RESOURCE_ALREADY_EXISTS');
  const found = await t.mlflow('experiments/get-by-name', { experiment_name: 'penguins' }, { method: 'GET' });
  const exp = found.body.experiment as Record<string, unknown>;
  assert.equal(exp.experiment_id, expId);
  assert.equal(exp.name, 'penguins');
  assert.equal(exp.lifecycle_stage, 'active');
  assert.equal(typeof exp.creation_time, 'number');
  assert.equal(typeof exp.last_update_time, 'number');
  const run = await t.mlflow('runs/create', { experiment_id: expId, start_time: T0, tags: [{ key: 'mlflow.runName', value: 'from-tag' }] });
  const info = (run.body.run as { info: Record<string, unknown> }).info;
  assert.equal(info.experiment_id, expId);
  assert.equal(info.run_name, 'from-tag', 'the mlflow.runName tag names the run');
  assert.equal(t.store().getRun(info.run_id as string).experimentName, 'penguins');
});

test('experiment "0" is the Default experiment, and experiments can be renamed, deleted and restored', async () => {
  const t = await testServer();
  const zero = await t.mlflow('experiments/get', { experiment_id: '0' }, { method: 'GET' });
  assert.equal((zero.body.experiment as Record<string, unknown>).name, 'Default');
  assert.equal((zero.body.experiment as Record<string, unknown>).experiment_id, '0');
  const refused = await t.mlflow('experiments/delete', { experiment_id: '0' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error_code, 'INVALID_PARAMETER_VALUE');

  const id = (await t.mlflow('experiments/create', { name: 'old' })).body.experiment_id as string;
  assert.equal((await t.mlflow('experiments/update', { experiment_id: id, new_name: 'new' })).status, 200);
  assert.equal((await t.mlflow('experiments/delete', { experiment_id: id })).status, 200);
  const deleted = await t.mlflow('experiments/get', { experiment_id: id }, { method: 'GET' });
  assert.deepEqual([(deleted.body.experiment as Record<string, unknown>).name, (deleted.body.experiment as Record<string, unknown>).lifecycle_stage], ['new', 'deleted']);
  const noRun = await t.mlflow('runs/create', { experiment_id: id });
  assert.equal(noRun.status, 400, 'no runs in a deleted experiment');
  assert.equal((await t.mlflow('experiments/restore', { experiment_id: id })).status, 200);
  assert.equal(t.store().getExperimentByName('new')?.lifecycle, 'active');
  const unknown = await t.mlflow('experiments/get', { experiment_id: '999' }, { method: 'GET' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
});

test('experiments/search filters by name, orders, and pages with next_page_token', async () => {
  const t = await testServer();
  for (const name of ['exp-a', 'exp-b', 'exp-c', 'other']) await t.mlflow('experiments/create', { name });
  const first = await t.mlflow('experiments/search', { filter: "name LIKE 'exp-%'", order_by: ['name DESC'], max_results: 2 });
  assert.deepEqual((first.body.experiments as { name: string }[]).map((e) => e.name), ['exp-c', 'exp-b']);
  assert.equal(typeof first.body.next_page_token, 'string');
  const second = await t.mlflow('experiments/search', { filter: "name LIKE 'exp-%'", order_by: ['name DESC'], max_results: 2, page_token: first.body.next_page_token });
  assert.deepEqual((second.body.experiments as { name: string }[]).map((e) => e.name), ['exp-a']);
  assert.equal(second.body.next_page_token, undefined);
  const all = await t.mlflow('experiments/search', {});
  assert.equal((all.body.experiments as unknown[]).length, 5, 'Default and the four created');
});

test('runs can be renamed, deleted, found with run_view_type and restored', async () => {
  const t = await testServer();
  const id = ((await t.mlflow('runs/create', { experiment_id: '0', run_name: 'a' })).body.run as { info: { run_id: string } }).info.run_id;
  await t.mlflow('runs/update', { run_id: id, run_name: 'renamed' });
  assert.equal(t.store().getRun(id).name, 'renamed');
  await t.mlflow('runs/set-tag', { run_id: id, key: 'mlflow.runName', value: 'by-tag' });
  assert.equal(t.store().getRun(id).name, 'by-tag', 'set_tag mlflow.runName renames, as in MLflow');
  assert.equal((await t.mlflow('runs/delete', { run_id: id })).status, 200);
  const ids = async (view: string): Promise<string[]> =>
    ((await t.mlflow('runs/search', { experiment_ids: ['0'], run_view_type: view })).body.runs as { info: { run_id: string } }[] | undefined ?? []).map((r) => r.info.run_id);
  assert.deepEqual(await ids('ACTIVE_ONLY'), []);
  assert.deepEqual(await ids('DELETED_ONLY'), [id]);
  assert.deepEqual(await ids('ALL'), [id]);
  const write = await t.mlflow('runs/log-metric', { run_id: id, key: 'x', value: 1, timestamp: 1, step: 0 });
  assert.equal(write.status, 400, 'no writes to a deleted run');
  assert.equal((await t.mlflow('runs/restore', { run_id: id })).status, 200);
  assert.deepEqual(await ids('ACTIVE_ONLY'), [id]);
});

test('metrics/get-history returns every point in step order and pages with next_page_token', async () => {
  const t = await testServer();
  const id = ((await t.mlflow('runs/create', { experiment_id: '0' })).body.run as { info: { run_id: string } }).info.run_id;
  const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'loss', value: i / 2, timestamp: T0 + i, step: i }));
  assert.equal((await t.mlflow('runs/log-batch', { run_id: id, metrics })).status, 200);
  const whole = await t.mlflow('metrics/get-history', { run_id: id, metric_key: 'loss' }, { method: 'GET' });
  assert.deepEqual(whole.body.metrics, metrics);
  const page1 = await t.mlflow('metrics/get-history', { run_id: id, metric_key: 'loss', max_results: '600' }, { method: 'GET' });
  assert.equal((page1.body.metrics as unknown[]).length, 600);
  const page2 = await t.mlflow('metrics/get-history', { run_id: id, metric_key: 'loss', max_results: '600', page_token: page1.body.next_page_token as string }, { method: 'GET' });
  assert.deepEqual([...(page1.body.metrics as unknown[]), ...(page2.body.metrics as unknown[])], metrics);
  assert.equal(page2.body.next_page_token, undefined);
  const none = await t.mlflow('metrics/get-history', { run_id: id, metric_key: 'nope' }, { method: 'GET' });
  assert.deepEqual(none.body, { metrics: [] });
});

test('an unknown run or endpoint gets a 404 with MLflow error codes, also under /ajax-api', async () => {
  const t = await testServer();
  const missing = await t.mlflow('runs/get', { run_id: 'f'.repeat(32) }, { method: 'GET' });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
  assert.match(missing.body.message as string, /ffffffff/);
  const logToMissing = await t.mlflow('runs/log-batch', { run_id: 'e'.repeat(32), metrics: [{ key: 'x', value: 1, timestamp: 1, step: 0 }] });
  assert.equal(logToMissing.status, 404);
  assert.equal(logToMissing.body.error_code, 'RESOURCE_DOES_NOT_EXIST');
  const noEndpoint = await t.mlflow('runs/teleport', {});
  assert.deepEqual([noEndpoint.status, noEndpoint.body.error_code], [404, 'ENDPOINT_NOT_FOUND']);
  const noRunId = await t.mlflow('runs/get', undefined, { method: 'GET' });
  assert.equal(noRunId.status, 400);
  assert.match(noRunId.body.message as string, /run_id/);
  const ajax = await fetch(`${t.server.url}/ajax-api/2.0/mlflow/experiments/get?experiment_id=0`, { headers: { Authorization: `Bearer ${t.server.token}` } });
  assert.equal(ajax.status, 200);
  assert.equal(((await ajax.json()) as { experiment: { name: string } }).experiment.name, 'Default');
});
