import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isLoupeError } from '../../tracker/src/errors';
import { parseMlflowFilter } from '../../tracker/src/server/mlflowFilterParser';
import { testServer } from './server.client';

const FILTER_PIECES = ['metrics.', 'params.', 'tags.', 'attributes.', 'acc', '`a b`', '"q"', "'x'", ' and ', ' AND ', ' or ', '=', '!=', '<', '>=', ' LIKE ', ' ILIKE ', ' IN ', '(', ')', ',', '0.5', '-1e3', 'NaN', ' ', '\\', '\u0000', 'é'];

test('the MLflow filter parser accepts or rejects any text with a LoupeError, never a crash', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...FILTER_PIECES), { maxLength: 30 }).map((p) => p.join(''))), (text) => {
      try {
        parseMlflowFilter(text);
      } catch (e) {
        assert.ok(isLoupeError(e), `${JSON.stringify(text)} threw ${String(e)}`);
        assert.ok((e as Error).message.length > 0);
      }
    }),
    { numRuns: 3000 },
  );
});

test('hostile JSON bodies get a 4xx JSON error naming the problem, never a 500, and the server keeps serving', async () => {
  const t = await testServer();
  const endpoints = ['runs/create', 'runs/log-batch', 'runs/log-metric', 'runs/log-parameter', 'runs/set-tag', 'runs/update', 'runs/search', 'experiments/create'];
  const value = fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));
  const body = fc.dictionary(fc.constantFrom('run_id', 'experiment_id', 'key', 'value', 'metrics', 'params', 'tags', 'name', 'status', 'filter', 'max_results', 'timestamp', 'step'), value, { maxKeys: 6 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...endpoints), body, async (endpoint, payload) => {
      const reply = await t.mlflow(endpoint, payload);
      assert.ok(reply.status < 500, `${endpoint} ${JSON.stringify(payload)} → ${reply.status} ${JSON.stringify(reply.body)}`);
      if (reply.status >= 400) assert.ok(typeof (reply.body as { message?: unknown }).message === 'string', 'errors carry a message');
    }),
    { numRuns: 300 },
  );
  const alive = await t.mlflow('experiments/get-by-name', { experiment_name: 'Default' }, { method: 'GET' });
  assert.equal(alive.status, 200);
});
