import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { mlflowFilterToLoupe, mlflowOrderByToLoupe } from '../../tracker/src/server/mlflowFilter';
import { testServer } from './server.client';

type Server = Awaited<ReturnType<typeof testServer>>;

/** Four runs: lr, acc and status vary; `d` has no acc at all. */
async function seed(t: Server): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const specs = [
    { name: 'a', lr: '0.01', acc: 0.95, status: 'FINISHED', stage: 'prod' },
    { name: 'b', lr: '0.1', acc: 0.91, status: 'FINISHED', stage: 'dev' },
    { name: 'c', lr: '0.01', acc: 0.5, status: 'FAILED', stage: 'dev' },
    { name: 'd', lr: '0.01', acc: undefined, status: 'RUNNING', stage: 'prod-2' },
  ];
  for (const [i, s] of specs.entries()) {
    const run = await t.mlflow('runs/create', { experiment_id: '0', run_name: `run-${s.name}`, start_time: 1_000 + i, tags: [{ key: 'stage', value: s.stage }] });
    const id = (run.body.run as { info: { run_id: string } }).info.run_id;
    ids[s.name] = id;
    const metrics = s.acc === undefined ? [] : [{ key: 'acc', value: s.acc / 2, timestamp: 1, step: 0 }, { key: 'acc', value: s.acc, timestamp: 2, step: 1 }];
    await t.mlflow('runs/log-batch', { run_id: id, metrics, params: [{ key: 'lr', value: s.lr }] });
    if (s.status !== 'RUNNING') await t.mlflow('runs/update', { run_id: id, status: s.status, end_time: 5_000 });
  }
  return ids;
}

async function names(t: Server, body: Record<string, unknown>): Promise<string[]> {
  const r = await t.mlflow('runs/search', { experiment_ids: ['0'], ...body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return ((r.body.runs ?? []) as { info: { run_name: string } }[]).map((x) => x.info.run_name);
}

test('runs/search applies MLflow filters on metrics, params, tags and attributes, with order_by', async () => {
  const t = await testServer();
  await seed(t);
  assert.deepEqual(await names(t, { filter: 'metrics.acc > 0.9', order_by: ['metrics.acc DESC'] }), ['run-a', 'run-b'], 'the latest value counts, not the max of an earlier step');
  assert.deepEqual(await names(t, { filter: "metrics.acc > 0.9 and params.lr = '0.01'" }), ['run-a']);
  assert.deepEqual(await names(t, { filter: "tags.`mlflow.runName` LIKE 'run-%' and attributes.status = 'FINISHED'", order_by: ['attributes.start_time ASC'] }), ['run-a', 'run-b']);
  assert.deepEqual(await names(t, { filter: "tags.stage LIKE 'prod%'", order_by: ['attributes.run_name DESC'] }), ['run-d', 'run-a']);
  assert.deepEqual(await names(t, { filter: "tags.\"stage\" ILIKE 'DEV'", order_by: ['run_name'] }), ['run-b', 'run-c']);
  assert.deepEqual(await names(t, { filter: "attributes.status IN ('FAILED', 'RUNNING')", order_by: ['attributes.start_time'] }), ['run-c', 'run-d']);
  assert.deepEqual(await names(t, { filter: 'metrics.acc <= 0.91', order_by: ['metrics.acc ASC'] }), ['run-c', 'run-b']);
  assert.deepEqual(await names(t, { filter: "params.lr != '0.01'" }), ['run-b']);
  assert.deepEqual(await names(t, {}), ['run-d', 'run-c', 'run-b', 'run-a'], 'newest first by default');
  assert.deepEqual(await names(t, { order_by: ['metrics.acc DESC'] }), ['run-a', 'run-b', 'run-c', 'run-d'], 'runs without the metric sort last');
  assert.deepEqual(await names(t, { filter: "metrics.acc > 0.9 AND params.lr = '0.1'" }), ['run-b'], 'AND in any case');
  assert.deepEqual(await names(t, { experiment_ids: ['12345'] }), [], 'an unknown experiment has no runs');
});

test('runs/search pages with max_results and next_page_token without repeating or skipping runs', async () => {
  const t = await testServer();
  await seed(t);
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const r = await t.mlflow('runs/search', { experiment_ids: ['0'], max_results: 3, order_by: ['params.lr ASC'], ...(token ? { page_token: token } : {}) });
    seen.push(...(r.body.runs as { info: { run_name: string } }[]).map((x) => x.info.run_name));
    token = r.body.next_page_token as string | undefined;
  } while (token);
  assert.deepEqual([...seen].sort(), ['run-a', 'run-b', 'run-c', 'run-d']);
  const bad = await t.mlflow('runs/search', { experiment_ids: ['0'], page_token: 'not-a-token' });
  assert.deepEqual([bad.status, bad.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
});

test('a filter MLflow would refuse gets a 400 INVALID_PARAMETER_VALUE naming the problem', async () => {
  const t = await testServer();
  const cases: [string, RegExp][] = [
    ["params.lr = '0.01' or params.lr = '0.1'", /do not support OR/],
    ['params.lr = 0.01', /quote the value/],
    ["metrics.acc > 'high'", /numeric: compare it with a number/],
    ["attributes.user_id = 'x'", /Invalid attribute 'user_id'/],
    ["datasets.name = 'x'", /unknown entity 'datasets'/],
    ["params.lr > '0.1'", /only supports =, !=, LIKE, ILIKE and IN/],
    ['metrics.acc >', /expected a number or a quoted string/],
    ["(params.lr = '1')", /parentheses/],
    ["params.lr = 'unterminated", /unterminated quote/],
  ];
  for (const [filter, message] of cases) {
    const r = await t.mlflow('runs/search', { experiment_ids: ['0'], filter });
    assert.equal(r.status, 400, filter);
    assert.equal(r.body.error_code, 'INVALID_PARAMETER_VALUE', filter);
    assert.match(r.body.message as string, message, filter);
  }
  const order = await t.mlflow('runs/search', { experiment_ids: ['0'], order_by: ['metrics.acc SIDEWAYS'] });
  assert.equal(order.status, 400);
  assert.match(order.body.message as string, /ASC, DESC/);
});

test('MLflow filters translate to the Loupe query language field by field', () => {
  assert.equal(mlflowFilterToLoupe(''), undefined);
  assert.equal(mlflowFilterToLoupe('metrics.acc > 0.9'), 'metrics.acc.last > 0.9');
  assert.equal(mlflowFilterToLoupe('metrics."val loss" < 1e-3 and metrics.train/loss >= -2'), 'metrics.`val loss`.last < 0.001 and metrics.train/loss.last >= -2');
  assert.equal(mlflowFilterToLoupe('metrics.`a.b` = 1'), 'metrics.`a.b`.last = 1');
  assert.equal(mlflowFilterToLoupe("params.model.depth = '3'"), "params.`model.depth` = '3'", 'an unquoted key may contain dots, as in MLflow');
  assert.equal(mlflowFilterToLoupe("tags.`mlflow.runName` = 'x' and attribute.status != 'SCHEDULED'"), "name = 'x' and status != 'queued'");
  assert.equal(mlflowFilterToLoupe("attributes.run_id IN ('a', 'b') and run_name NOT LIKE 'tmp%'"), "id in ('a', 'b') and name not like 'tmp%'");
  assert.equal(mlflowFilterToLoupe('attributes.start_time >= 1000 and attributes.end_time < 2000'), 'created >= 1000 and ended < 2000');
  assert.equal(mlflowFilterToLoupe("params.x = 'it''s' and tags.y = 'a\\'b'"), "params.x = 'it\\'s' and tags.y = 'a\\'b'");
  assert.equal(mlflowFilterToLoupe('tags.owner IS NULL and metrics.acc IS NOT NULL'), 'tags.owner is null and metrics.acc.last is not null');
  assert.deepEqual(mlflowOrderByToLoupe(['metrics.acc DESC', 'attributes.start_time', 'params.lr asc', 'tags.`mlflow.runName`', '']), [
    'metrics.acc.last desc',
    'created asc',
    'params.lr asc',
    'name asc',
  ]);
  assert.throws(() => mlflowFilterToLoupe("params.a = 'x' or params.b = 'y'"), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /position 16/.test(e.message));
});

test('the Loupe API lists runs with the Loupe query language and serves downsampled history', async () => {
  const t = await testServer();
  const ids = await seed(t);
  const auth = { Authorization: `Bearer ${t.server.token}` };
  const get = async (p: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await fetch(`${t.server.url}/api/loupe/${p}`, { headers: auth });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const health = await get('health');
  assert.equal(health.body.ok, true);
  const runs = await get(`runs?filter=${encodeURIComponent("metrics.acc.max >= 0.45 and params.lr = '0.01'")}&order_by=${encodeURIComponent('metrics.acc.last desc')}&limit=1`);
  assert.equal(runs.status, 200);
  assert.equal(runs.body.total, 2);
  assert.deepEqual((runs.body.runs as { name: string }[]).map((r) => r.name), ['run-a']);
  const badQuery = await get(`runs?filter=${encodeURIComponent('metrics.acc.minn < 1')}`);
  assert.equal(badQuery.status, 400);
  assert.match(badQuery.body.message as string, /Unknown metric summary 'minn'/);

  const id = ids.a;
  await t.mlflow('runs/log-batch', { run_id: id, metrics: Array.from({ length: 1000 }, (_, i) => ({ key: 'long', value: Math.sin(i / 50), timestamp: i, step: i })) });
  const history = await get(`runs/${id}/history?key=long&max_points=100&min_step=100&max_step=899`);
  assert.equal(history.status, 200);
  assert.equal(history.body.downsampled, true);
  assert.equal(history.body.totalPoints, 800);
  const steps = history.body.steps as number[];
  assert.ok(steps.length <= 100 && steps.length > 10, `${steps.length} points`);
  assert.deepEqual([steps[0], steps[steps.length - 1]], [100, 899], 'first and last kept');
  const unknown = await get(`runs/${'0'.repeat(32)}/history?key=long`);
  assert.equal(unknown.status, 404);
});
