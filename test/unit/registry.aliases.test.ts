import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { isLoupeError } from '../../tracker/src/errors';
import { createAliasStore, ModelRegistry } from '../../tracker/src/registry';
import { PACKAGE_FORMAT, type ModelPackage } from '../../tracker/src/registry/modelPackage';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

/** Alias bookkeeping does not need a trained model: a minimal package stands in. */
function fakePackage(accuracy: number): ModelPackage {
  return {
    format: PACKAGE_FORMAT, task: 'binary',
    tfjs: { modelTopology: {}, weightSpecs: [], weightData: Buffer.from([accuracy * 100]).toString('base64') },
    preprocessing: { version: 1, features: [], width: 0, target: { kind: 'classes', column: 'y', classes: ['a', 'b'], valueType: 'string' } },
    inputSchema: [{ name: 'x', type: 'number' }], labels: { column: 'y', classes: ['a', 'b'], valueType: 'string' },
    trainingDataset: { ref: 'data/x.csv', sha256: 'f'.repeat(64), rows: 10 }, metrics: { val_accuracy: accuracy }, createdAt: 0, backend: 'cpu',
  };
}

function registryWithVersions(n: number): { registry: ModelRegistry; root: string } {
  const { root, loupeDir } = tempWorkspace();
  const registry = ModelRegistry.open(loupeDir);
  for (let i = 1; i <= n; i++) registry.registerModel('churn', fakePackage(0.5 + i / 10));
  return { registry, root };
}

test('alias moves are audited with actor and reason, and undo restores the previous champion', () => {
  const { registry } = registryWithVersions(3);
  const first = registry.setAlias('churn', 'champion', 1, { reason: 'first model' });
  assert.equal(first!.actor, os.userInfo().username, 'the OS user by default');
  registry.setAlias('churn', 'champion', 2, { actor: 'ana', reason: 'beats v1 by 4 points' });
  registry.setAlias('churn', 'champion', 3, { actor: 'bo', reason: 'retrained on May data' });
  assert.equal(registry.getAlias('churn', 'champion'), 3);
  assert.equal(registry.setAlias('churn', 'champion', 3, { actor: 'bo' }), null, 'pointing where it already points records nothing');

  const undo = registry.undoLastAliasMove('churn', 'champion', { actor: 'cy', reason: 'v3 misbehaves in production' });
  assert.deepEqual([undo.fromVersion, undo.toVersion, undo.actor, undo.reason], [3, 2, 'cy', 'v3 misbehaves in production']);
  assert.equal(registry.resolve('churn@champion').version, 2, 'the previous champion is back');
  registry.undoLastAliasMove('churn', 'champion', { actor: 'cy' });
  assert.equal(registry.getAlias('churn', 'champion'), 1, 'undo walks further back, not undoing the undo');
  registry.undoLastAliasMove('churn', 'champion');
  assert.equal(registry.getAlias('churn', 'champion'), undefined, 'undoing the first move removes the alias');
  assert.throws(() => registry.undoLastAliasMove('churn', 'champion'), (e) => isLoupeError(e, 'NOT_FOUND') && /no move left to undo/.test(e.message));

  const history = registry.aliasHistory('churn', 'champion');
  assert.deepEqual(history.map((e) => [e.fromVersion, e.toVersion]), [[null, 1], [1, 2], [2, 3], [3, 2], [2, 1], [1, null]]);
  assert.deepEqual(history.map((e) => e.undoneBy), [history[5].id, history[4].id, history[3].id, null, null, null]);
  assert.equal(history[3].reason, 'v3 misbehaves in production');
  assert.equal(history[4].reason, `undo of move #${history[1].id}`, 'an undo says which move it reverts');
  registry.close();
});

test('aliases are checked, and are independent per alias name', () => {
  const { registry } = registryWithVersions(2);
  assert.throws(() => registry.setAlias('churn', '2nd', 1), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /start with|letter/.test(e.message));
  assert.throws(() => registry.setAlias('churn', 'latest', 1), (e) => isLoupeError(e, 'INVALID_ARGUMENT'));
  assert.throws(() => registry.setAlias('churn', 'champion', 9), (e) => isLoupeError(e, 'NOT_FOUND') && /no version 9/.test(e.message));
  registry.setAlias('churn', 'champion', 1);
  registry.setAlias('churn', 'staging', 2);
  registry.undoLastAliasMove('churn', 'staging');
  assert.equal(registry.getAlias('churn', 'champion'), 1, 'undoing staging leaves champion alone');
  assert.deepEqual(registry.listModels()[0].aliases, { champion: 1 });
  assert.deepEqual(registry.listVersions('churn').map((v) => v.aliases), [['champion'], []]);
  registry.close();
});

test('promotion sees the registry through createAliasStore, and its moves land in the same audit log', () => {
  const { registry } = registryWithVersions(2);
  const store = createAliasStore(registry.db);
  assert.equal(store.get('churn', 'champion'), undefined);
  store.set('churn', 'champion', '1', { actor: 'gate', reason: 'evaluation 1 passed' });
  store.set('churn', 'champion', 'v2', { actor: 'gate', reason: 'evaluation 2 passed' });
  assert.equal(store.get('churn', 'champion'), '2');
  assert.equal(store.previous('churn', 'champion'), '1');
  assert.deepEqual(registry.aliasHistory('churn').map((e) => e.actor), ['gate', 'gate']);
  registry.close();
});

test('loupe models alias / undo / show / list work from the command line', async () => {
  const { registry, root } = registryWithVersions(2);
  registry.close();
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['models', ...args], { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd: root, env: {} });
    return { code, out, err };
  };
  assert.match((await run('alias', 'churn', 'champion', '1')).out, /churn@champion: \(new\) → v1/);
  assert.match((await run('alias', 'churn', 'champion', 'v2', '--reason', 'better recall')).out, /v1 → v2/);
  assert.match((await run('undo', 'churn', 'champion')).out, /back to v1/);
  const shown = await run('show', 'churn');
  assert.equal(shown.code, 0, shown.err);
  assert.match(shown.out, /better recall/);
  assert.match(shown.out, /undo of move #2/);
  assert.match((await run('list')).out, /churn\s+2\s+v2\s+champion→v1/);
  const bad = await run('alias', 'churn', 'champion', 'x');
  assert.equal(bad.code, 2);
  const store = SqliteTrackerStore.open(`${root}/.loupe`);
  assert.equal(store.listRuns().total, 0, 'alias bookkeeping creates no runs');
  store.close();
});
