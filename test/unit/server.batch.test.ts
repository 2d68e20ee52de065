import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLenientJson, stringifyLenientJson } from '../../tracker/src/server/json';
import { testServer } from './server.client';

async function newRun(t: Awaited<ReturnType<typeof testServer>>): Promise<string> {
  return ((await t.mlflow('runs/create', { experiment_id: '0' })).body.run as { info: { run_id: string } }).info.run_id;
}

test('log-batch writes nothing at all when any one item is invalid', async () => {
  const t = await testServer();
  const id = await newRun(t);
  await t.mlflow('runs/log-parameter', { run_id: id, key: 'lr', value: '0.1' });
  const good = { key: 'loss', value: 1, timestamp: 1, step: 0 };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a metric value that is text', { metrics: [good, { key: 'acc', value: 'high', timestamp: 1, step: 0 }], params: [{ key: 'p', value: '1' }] }, /acc/],
    ['a metric without a value', { metrics: [good, { key: 'acc', timestamp: 1, step: 0 }], tags: [{ key: 't', value: 'x' }] }, /value/],
    ['a key with a control character', { metrics: [good], tags: [{ key: 'bad\u0001', value: 'x' }] }, /control character/],
    // Caught only inside the transaction, after `p2` was already written in it.
    ['a param that would change', { metrics: [good], params: [{ key: 'p2', value: 'ok' }, { key: 'lr', value: '0.2' }] }, /"lr" is already "0.1"/],
    ['more than 1000 metrics', { metrics: Array.from({ length: 1001 }, (_, i) => ({ ...good, step: i })) }, /1001 metrics; the limit is 1000/],
  ];
  for (const [what, body, message] of cases) {
    const r = await t.mlflow('runs/log-batch', { run_id: id, ...body });
    assert.equal(r.status, 400, what);
    assert.equal(r.body.error_code, 'INVALID_PARAMETER_VALUE', what);
    assert.match(r.body.message as string, message, what);
  }
  const run = t.store().getRun(id);
  assert.deepEqual(run.params, { lr: '0.1' });
  assert.deepEqual(run.tags, {});
  assert.deepEqual(run.metrics, {}, 'not one point of the refused batches was kept');
});

test('log-batch keeps the order of same-key points and appends across batches', async () => {
  const t = await testServer();
  const id = await newRun(t);
  const metrics = [
    { key: 'a', value: 1, timestamp: 10, step: 0 },
    { key: 'b', value: 5, timestamp: 10, step: 0 },
    { key: 'a', value: 2, timestamp: 11, step: 1 },
  ];
  await t.mlflow('runs/log-batch', { run_id: id, metrics, params: [{ key: 'p', value: 3 }], tags: [{ key: 'flag', value: true }] });
  await t.mlflow('runs/log-batch', { run_id: id, metrics: [{ key: 'a', value: 3, timestamp: 12, step: 2 }] });
  const store = t.store();
  assert.deepEqual(Array.from(store.getMetricHistory(id, 'a').values), [1, 2, 3]);
  assert.deepEqual(Array.from(store.getMetricHistory(id, 'a').timestamps), [10, 11, 12]);
  assert.deepEqual(Array.from(store.getMetricHistory(id, 'b').values), [5]);
  const run = store.getRun(id);
  assert.deepEqual(run.params, { p: '3' });
  assert.deepEqual(run.tags, { flag: 'true' });
  assert.ok(run.heartbeatAt !== null && run.heartbeatAt >= run.startTime, 'writes count as heartbeats');
});

test('NaN and ±Infinity metric values round-trip, as bare JSON tokens and as proto3 strings', async () => {
  const t = await testServer();
  const id = await newRun(t);
  // What Python's json.dumps writes: not JSON, so it goes out as raw text.
  const rawBody = `{"run_id": "${id}", "metrics": [
    {"key": "m", "value": NaN, "timestamp": 1, "step": 0},
    {"key": "m", "value": Infinity, "timestamp": 2, "step": 1},
    {"key": "m", "value": -Infinity, "timestamp": 3, "step": 2},
    {"key": "m", "value": "NaN", "timestamp": 4, "step": 3},
    {"key": "m", "value": "-Infinity", "timestamp": 5, "step": 4},
    {"key": "m", "value": 2.5, "timestamp": 6, "step": 5}
  ], "tags": [{"key": "note", "value": "NaN Infinity stay text"}]}`;
  const r = await t.mlflow('runs/log-batch', undefined, { method: 'POST', rawBody });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await t.mlflow('runs/log-metric', undefined, { method: 'POST', rawBody: `{"run_id":"${id}","key":"last","value":NaN,"timestamp":7,"step":0}` });
  const stored = t.store().getMetricHistory(id, 'm');
  assert.deepEqual(Array.from(stored.values), [NaN, Infinity, -Infinity, NaN, -Infinity, 2.5]);
  assert.equal(t.store().getRun(id).tags.note, 'NaN Infinity stay text');

  const res = await fetch(`${t.server.url}/api/2.0/mlflow/metrics/get-history?run_id=${id}&metric_key=m`, { headers: { Authorization: `Bearer ${t.server.token}` } });
  const text = await res.text();
  assert.match(text, /"value":NaN,"timestamp":1,/);
  assert.match(text, /"value":Infinity,"timestamp":2,/);
  assert.match(text, /"value":-Infinity,"timestamp":3,/);
  const got = await t.mlflow('runs/get', { run_id: id }, { method: 'GET' });
  const last = ((got.body.run as { data: { metrics: { key: string; value: number }[] } }).data.metrics).find((m) => m.key === 'last');
  assert.ok(last && Number.isNaN(last.value), 'the latest value NaN comes back as NaN');
});

test('a param that changes value is refused with INVALID_PARAMETER_VALUE and the first value is kept', async () => {
  const t = await testServer();
  const id = await newRun(t);
  assert.equal((await t.mlflow('runs/log-parameter', { run_id: id, key: 'lr', value: '0.1' })).status, 200);
  assert.equal((await t.mlflow('runs/log-parameter', { run_id: id, key: 'lr', value: '0.1' })).status, 200, 'the same value again is fine');
  const changed = await t.mlflow('runs/log-parameter', { run_id: id, key: 'lr', value: '0.2' });
  assert.equal(changed.status, 400);
  assert.equal(changed.body.error_code, 'INVALID_PARAMETER_VALUE');
  assert.equal(t.store().getRun(id).params.lr, '0.1');
});

test('delete-tag removes a tag, and an unknown tag is a 404', async () => {
  const t = await testServer();
  const id = await newRun(t);
  await t.mlflow('runs/set-tag', { run_id: id, key: 'stage', value: 'dev' });
  assert.equal((await t.mlflow('runs/delete-tag', { run_id: id, key: 'stage' })).status, 200);
  assert.deepEqual(t.store().getRun(id).tags, {});
  const again = await t.mlflow('runs/delete-tag', { run_id: id, key: 'stage' });
  assert.deepEqual([again.status, again.body.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
});

test('the lenient JSON reader rewrites NaN and Infinity only where they are tokens, never inside strings', () => {
  const text = '{"a": NaN, "b": [Infinity, -Infinity, 1e999], "s": "say \\"NaN\\" or Infinity", "NaN": "x\\\\", "t": "NaN"}';
  const v = parseLenientJson(text) as Record<string, unknown>;
  assert.ok(Number.isNaN(v.a));
  assert.deepEqual(v.b, [Infinity, -Infinity, Infinity]);
  assert.equal(v.s, 'say "NaN" or Infinity');
  assert.equal(v.NaN, 'x\\');
  assert.equal(v.t, 'NaN');
  assert.throws(() => parseLenientJson('{"a": NaNa}'), SyntaxError);
  assert.throws(() => parseLenientJson('{"a": xNaN}'), SyntaxError);
  assert.equal(stringifyLenientJson({ a: NaN, b: [Infinity, -Infinity, 1], s: 'NaN' }), '{"a":NaN,"b":[Infinity,-Infinity,1],"s":"NaN"}');
});
