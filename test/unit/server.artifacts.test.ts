import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { checkArtifactPath } from '../../tracker/src/server/artifacts';
import { jsonOf, rawRequest, testServer } from './server.client';

async function setup(): Promise<{ t: Awaited<ReturnType<typeof testServer>>; id: string; auth: Record<string, string> }> {
  const t = await testServer();
  const id = ((await t.mlflow('runs/create', { experiment_id: '0' })).body.run as { info: { run_id: string } }).info.run_id;
  return { t, id, auth: { Authorization: `Bearer ${t.server.token}` } };
}

test('an artifact uploaded with PUT downloads byte for byte and is recorded on the run', async () => {
  const { t, id, auth } = await setup();
  const data = randomBytes(200_000);
  const base = `${t.server.url}/api/2.0/mlflow-artifacts/artifacts`;
  const put = await fetch(`${base}/${id}/model/weights.bin`, { method: 'PUT', headers: auth, body: data });
  assert.equal(put.status, 200);
  const got = await fetch(`${base}/${id}/model/weights.bin`, { headers: auth });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/octet-stream');
  assert.equal(got.headers.get('content-length'), String(data.length));
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(data));
  const [info] = t.store().listArtifacts(id);
  assert.deepEqual([info.path, info.size, info.hash], ['model/weights.bin', data.length, createHash('sha256').update(data).digest('hex')]);
  const missing = await fetch(`${base}/${id}/model/nope.bin`, { headers: auth });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error_code: string }).error_code, 'RESOURCE_DOES_NOT_EXIST');
});

test("MLflow's <experiment>/<run>/artifacts/<path> layout from the run's artifact_uri works, with listing", async () => {
  const { t, id, auth } = await setup();
  const base = `${t.server.url}/api/2.0/mlflow-artifacts/artifacts`;
  for (const p of ['metrics.json', 'plots/loss.png', 'plots/acc.png']) {
    const r = await fetch(`${base}/0/${id}/artifacts/${p}`, { method: 'PUT', headers: auth, body: `content of ${p}` });
    assert.equal(r.status, 200, p);
  }
  assert.equal(await (await fetch(`${base}/${id}/plots/acc.png`, { headers: auth })).text(), 'content of plots/acc.png', 'both layouts name the same artifact');
  const root = await fetch(`${base}?path=${encodeURIComponent(`0/${id}/artifacts`)}`, { headers: auth });
  assert.deepEqual(await root.json(), { files: [{ path: 'metrics.json', is_dir: false, file_size: 23 }, { path: 'plots', is_dir: true }] });
  const plots = await fetch(`${base}?path=${encodeURIComponent(`${id}/plots`)}`, { headers: auth });
  assert.deepEqual(((await plots.json()) as { files: { path: string }[] }).files.map((f) => f.path), ['acc.png', 'loss.png']);
});

test('artifact paths with .., absolute paths, backslashes or NUL are refused with a 400 and nothing is stored', async () => {
  const { t, id, auth } = await setup();
  const prefix = '/api/2.0/mlflow-artifacts/artifacts';
  const bad = [
    `${id}/../../etc/passwd`,
    `${id}/a/%2e%2e/%2E%2E/secret`,
    `${id}/a%2F..%2F..%2Fsecret`,
    `${id}//etc/passwd`,
    `${id}/%2Fetc%2Fpasswd`,
    `${id}/dir%5C..%5Cwin.ini`,
    `${id}/name%00.txt`,
    `${id}/C:/Windows/win.ini`,
    `0/${id}/artifacts/../../../x`,
  ];
  for (const p of bad) {
    for (const method of ['PUT', 'GET']) {
      const r = await rawRequest(t.server.port, { method, path: `${prefix}/${p}`, headers: auth, body: method === 'PUT' ? 'evil' : undefined });
      assert.equal(r.status, 400, `${method} ${p}`);
      assert.equal(jsonOf(r.body).error_code, 'INVALID_PARAMETER_VALUE', p);
      assert.match(jsonOf(r.body).message as string, /artifact path/, p);
    }
  }
  assert.deepEqual(t.store().listArtifacts(id), []);
  assert.throws(() => checkArtifactPath('a/../b'), /contains '\.\.'/);
  assert.equal(checkArtifactPath('a/..b/c..'), 'a/..b/c..', 'dots inside a name are fine');
});

test('an artifact upload to an unknown run is a 404 and one over 16 MiB is a 413', async () => {
  const { t, id, auth } = await setup();
  const base = `${t.server.url}/api/2.0/mlflow-artifacts/artifacts`;
  const unknown = await fetch(`${base}/${'0'.repeat(32)}/x.txt`, { method: 'PUT', headers: auth, body: 'x' });
  assert.equal(unknown.status, 404);
  const big = await fetch(`${base}/${id}/big.bin`, { method: 'PUT', headers: auth, body: Buffer.alloc(16 * 1024 * 1024 + 1) });
  assert.equal(big.status, 413);
  assert.match(((await big.json()) as { message: string }).message, /16 MiB/);
  assert.deepEqual(t.store().listArtifacts(id), []);
});
