import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { startServer } from '../../tracker/src/server/server';
import { tempWorkspace } from './helpers';
import { jsonOf, rawRequest, testServer } from './server.client';

test('a request without the token, with a wrong one or with another scheme gets a JSON 401', async () => {
  const t = await testServer();
  for (const token of [null, 'wrong', t.server.token + 'x', t.server.token.slice(0, -1)]) {
    const r = await t.mlflow('experiments/get', { experiment_id: '0' }, { method: 'GET', token });
    assert.equal(r.status, 401, `token ${token}`);
    assert.equal(r.body.error_code, 'UNAUTHENTICATED');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  }
  const basic = await rawRequest(t.server.port, { path: '/api/loupe/health', headers: { Authorization: `Basic ${t.server.token}` } });
  assert.equal(basic.status, 401);
  const ok = await rawRequest(t.server.port, { path: '/api/loupe/health', headers: { Authorization: `bearer ${t.server.token}` } });
  assert.equal(ok.status, 200, 'the scheme is case-insensitive');
});

test('a foreign Host header (DNS rebinding) or a foreign Origin gets a 403, loopback names pass', async () => {
  const t = await testServer();
  const port = t.server.port;
  const auth = { Authorization: `Bearer ${t.server.token}` };
  const status = async (headers: Record<string, string>): Promise<number> => (await rawRequest(port, { path: '/api/loupe/health', headers: { ...auth, ...headers } })).status;
  const denied = await rawRequest(port, { path: '/api/loupe/health', headers: { ...auth, Host: `evil.com:${port}` } });
  assert.equal(denied.status, 403);
  assert.equal(jsonOf(denied.body).error_code, 'PERMISSION_DENIED');
  assert.equal(await status({ Host: `127.0.0.1:${port + 1}` }), 403, 'another port');
  assert.equal(await status({ Host: '127.0.0.1' }), 403, 'no port');
  assert.equal(await status({ Host: `localhost.evil.com:${port}` }), 403);
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) assert.equal(await status({ Host: host }), 200, host);
  for (const origin of ['http://evil.com', 'https://localhost.evil.com', 'null', 'file://']) assert.equal(await status({ Origin: origin }), 403, origin);
  for (const origin of ['http://localhost:3000', `http://127.0.0.1:${port}`]) assert.equal(await status({ Origin: origin }), 200, origin);
});

test('an oversized body gets a 413 and malformed JSON a 400 that says what is wrong', async () => {
  const t = await testServer();
  const big = JSON.stringify({ run_id: 'x', pad: 'x'.repeat(1024 * 1024 + 10) });
  const tooBig = await t.mlflow('runs/log-batch', undefined, { method: 'POST', rawBody: big });
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.body.message as string, /1 MiB/);
  const after = await t.mlflow('experiments/get', { experiment_id: '0' }, { method: 'GET' });
  assert.equal(after.status, 200, 'the server still serves');
  const malformed = await t.mlflow('runs/create', undefined, { method: 'POST', rawBody: '{"experiment_id": "0",' });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error_code, 'MALFORMED_REQUEST');
  assert.match(malformed.body.message as string, /not valid JSON/);
  const notObject = await t.mlflow('runs/create', undefined, { method: 'POST', rawBody: '[1, 2]' });
  assert.equal(notObject.status, 400);
  assert.match(notObject.body.message as string, /JSON object/);
  const wrongType = await t.mlflow('runs/get', { run_id: { nested: true } });
  assert.deepEqual([wrongType.status, wrongType.body.error_code], [400, 'INVALID_PARAMETER_VALUE']);
});

test('requests beyond the rate limit get a 429 with Retry-After', async () => {
  const t = await testServer({ rateLimit: { perSecond: 1, burst: 3 } });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await t.mlflow('experiments/get', { experiment_id: '0' }, { method: 'GET' })).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  const limited = await t.mlflow('experiments/get', { experiment_id: '0' }, { method: 'GET' });
  assert.equal(limited.body.error_code, 'REQUEST_LIMIT_EXCEEDED');
  assert.equal(limited.headers.get('retry-after'), '1');
});

test('the workspace token is created once with mode 0600, reused by the next server, and a given token is not stored', async () => {
  const { loupeDir } = tempWorkspace();
  const first = await startServer({ loupeDir });
  const file = path.join(loupeDir, 'server-token');
  const stored = fs.readFileSync(file, 'utf8');
  await first.close();
  assert.match(stored, /^[0-9a-f]{64}$/);
  assert.equal(first.token, stored);
  if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const second = await startServer({ loupeDir });
  await second.close();
  assert.equal(second.token, stored, 'the extension reads the same file');
  const given = await startServer({ loupeDir, token: 'a-token-given-on-the-command-line' });
  const res = await rawRequest(given.port, { path: '/api/loupe/health', headers: { Authorization: 'Bearer a-token-given-on-the-command-line' } });
  await given.close();
  assert.equal(res.status, 200);
  assert.equal(fs.readFileSync(file, 'utf8'), stored);
});

test('the server refuses any host but 127.0.0.1, a bad port and a weak token', async () => {
  const { loupeDir } = tempWorkspace();
  for (const host of ['0.0.0.0', '::', '192.168.1.2', 'localhost']) {
    await assert.rejects(startServer({ loupeDir, host }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /only listens on 127\.0\.0\.1/.test(e.message));
  }
  await assert.rejects(startServer({ loupeDir, port: 70000 }), (e) => isLoupeError(e, 'INVALID_ARGUMENT'));
  await assert.rejects(startServer({ loupeDir, token: 'short' }), (e) => isLoupeError(e, 'INVALID_ARGUMENT'));
  const s = await startServer({ loupeDir, host: '127.0.0.1' });
  assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await s.close();
});

test('every error, including an unknown path, is JSON', async () => {
  const t = await testServer();
  const r = await rawRequest(t.server.port, { path: '/nothing/here', headers: { Authorization: `Bearer ${t.server.token}` } });
  assert.equal(r.status, 404);
  assert.match(String(r.headers['content-type']), /application\/json/);
  assert.equal(jsonOf(r.body).error_code, 'ENDPOINT_NOT_FOUND');
  const put = await rawRequest(t.server.port, { method: 'PUT', path: '/api/2.0/mlflow/runs/get', headers: { Authorization: `Bearer ${t.server.token}` } });
  assert.equal(put.status, 405);
  assert.equal(typeof jsonOf(put.body).message, 'string');
});
