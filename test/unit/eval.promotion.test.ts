import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { MemoryAliasStore } from '../../tracker/src/evaluation/aliasStore';
import { runEvaluation } from '../../tracker/src/evaluation/evaluate';
import { Promoter } from '../../tracker/src/evaluation/promotion';
import type { ModelAdapter, Row } from '../../tracker/src/evaluation/types';
import { main } from '../../tracker/src/cli/main';
import { ModelRegistry, type ModelPackage } from '../../tracker/src/registry';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

async function loupe(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} });
  return { code, out, err };
}

const ROWS: Row[] = Array.from({ length: 300 }, (_, k) => ({ k, label: k % 2 ? 'odd' : 'even' }));

/** A registered-model stand-in: `errEvery` = how often it gets a row wrong (0 = never). */
function version(ref: string, errEvery: number): ModelAdapter {
  return {
    id: ref,
    describe: () => ref,
    predict: async (rows) =>
      rows.map((r) => {
        const k = r.k as number;
        const right = k % 2 ? 'odd' : 'even';
        return { label: errEvery && k % errEvery === 0 ? (right === 'odd' ? 'even' : 'odd') : right };
      }),
  };
}

const POLICY = { maxLatencyRatio: 1e9 };

async function setup() {
  const { loupeDir } = tempWorkspace();
  const aliases = new MemoryAliasStore();
  aliases.set('penguins', 'champion', '1', { actor: 'test', reason: 'first model' });
  const store = SqliteTrackerStore.open(loupeDir);
  return { loupeDir, aliases, store, promoter: new Promoter(store.db, aliases, 'tester') };
}

test('promotion is refused while no evaluation of a challenger exists', async () => {
  const { promoter, store } = await setup();
  await assert.rejects(promoter.promote('penguins'), (e) => isLoupeError(e, 'NOT_FOUND') && /No evaluation of a challenger for "penguins" is recorded/.test(e.message));
  store.close();
});

test('promotion follows a passing evaluation and moves the champion alias to the challenger', async () => {
  const { loupeDir, aliases, store, promoter } = await setup();
  const { evaluationId } = await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  const result = await promoter.promote('penguins');
  assert.deepEqual(result, { model: 'penguins', from: '1', to: '2', evaluationId, overridden: false, reason: `evaluation ${evaluationId} passed the gate` });
  assert.equal(aliases.get('penguins', 'champion'), '2');
  assert.equal(aliases.events.at(-1)!.actor, 'tester');
  store.close();
});

test('promotion is refused when the latest evaluation of the pair on that data rejected the challenger, even if an older one passed', async () => {
  const { loupeDir, aliases, store, promoter } = await setup();
  const passed = await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  const failed = await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: { ...POLICY, minImprovement: 0.9 } });
  assert.equal(passed.report.verdict, 'promote');
  assert.equal(failed.report.verdict, 'reject');
  await assert.rejects(promoter.promote('penguins'), (e) => isLoupeError(e, 'CONFLICT') && /rejected the challenger/.test(e.message));
  await assert.rejects(promoter.promote('penguins', { evaluationId: passed.evaluationId }), (e) => isLoupeError(e, 'CONFLICT') && new RegExp(`${failed.evaluationId} is newer \\(verdict: reject\\)`).test(e.message));
  assert.equal(aliases.get('penguins', 'champion'), '1', 'the alias did not move');
  store.close();
});

test('promotion is refused when the champion moved since the evaluation', async () => {
  const { loupeDir, aliases, store, promoter } = await setup();
  await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  aliases.set('penguins', 'champion', '3', { actor: 'someone', reason: 'manual' });
  await assert.rejects(promoter.promote('penguins'), (e) => isLoupeError(e, 'CONFLICT') && /compared against penguins@1, but the champion of "penguins" is now version 3/.test(e.message));
  store.close();
});

test('an override promotes without a passing evaluation and records its reason', async () => {
  const { loupeDir, aliases, store, promoter } = await setup();
  const { evaluationId } = await runEvaluation({ loupeDir, champion: version('penguins@1', 0), challenger: version('penguins@2', 50), rows: ROWS, labelColumn: 'label', policy: POLICY });
  await assert.rejects(promoter.promote('penguins', { override: { reason: '  ' } }), /An override needs a reason/);
  const result = await promoter.promote('penguins', { override: { reason: 'hotfix for the Dream island bug' } });
  assert.equal(result.overridden, true);
  assert.equal(aliases.get('penguins', 'champion'), '2');
  assert.equal(aliases.events.at(-1)!.reason, `override: hotfix for the Dream island bug (evaluation ${evaluationId} verdict: reject)`);
  store.close();
});

test('rollback returns the champion alias to the previous version', async () => {
  const { loupeDir, aliases, store, promoter } = await setup();
  await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  await promoter.promote('penguins');
  const back = await promoter.rollback('penguins');
  assert.deepEqual([back.from, back.to, back.reason], ['2', '1', 'rollback from version 2']);
  assert.equal(aliases.get('penguins', 'champion'), '1');
  await assert.rejects(promoter.rollback('nobody'), (e) => isLoupeError(e, 'NOT_FOUND') && /has no champion to roll back/.test(e.message));
  store.close();
});

test('an evaluation of an unregistered command model cannot promote a registered model', async () => {
  const { loupeDir, store, promoter } = await setup();
  const { evaluationId } = await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('cmd:python3 m.py', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  await assert.rejects(promoter.promote('penguins', { evaluationId }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /tested cmd:python3 m\.py, which is not a version of the model "penguins"/.test(e.message));
  store.close();
});

test('loupe promote and loupe rollback move the registry’s champion alias and audit why', async () => {
  const { root, loupeDir } = tempWorkspace();
  // Promotion never loads a package, so a stand-in is enough to give the registry versions 1 and 2.
  const pkg = { format: 'loupe.model/v1', task: 'classification', metrics: {}, inputSchema: [] } as unknown as ModelPackage;
  const registry = ModelRegistry.open(loupeDir);
  registry.registerModel('penguins', pkg);
  registry.registerModel('penguins', pkg);
  registry.setAlias('penguins', 'champion', 1, { actor: 'test', reason: 'first model' });
  registry.close();
  const refused = await loupe(['promote', 'penguins'], root);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /No evaluation of a challenger for "penguins" is recorded/);
  const { evaluationId } = await runEvaluation({ loupeDir, champion: version('penguins@1', 3), challenger: version('penguins@2', 0), rows: ROWS, labelColumn: 'label', policy: POLICY });
  const promoted = await loupe(['promote', 'penguins'], root);
  assert.equal(promoted.code, 0, promoted.err);
  assert.equal(promoted.out.trim(), `penguins: champion 1 → 2 (evaluation ${evaluationId} passed the gate)`);
  const rolled = await loupe(['rollback', 'penguins'], root);
  assert.equal(rolled.code, 0, rolled.err);
  assert.equal(rolled.out.trim(), 'penguins: champion 2 → 1 (rollback from version 2)');
  const forced = await loupe(['promote', 'penguins', '--evaluation', evaluationId.slice(0, 8), '--override-reason', 'demo day'], root);
  assert.equal(forced.code, 0, forced.err);
  const after = ModelRegistry.open(loupeDir);
  const history = after.aliasHistory('penguins', 'champion').map((e) => [e.fromVersion, e.toVersion, e.reason]);
  after.close();
  assert.deepEqual(history, [
    [null, 1, 'first model'],
    [1, 2, `evaluation ${evaluationId} passed the gate`],
    [2, 1, 'rollback from version 2'],
    [1, 2, `override: demo day (evaluation ${evaluationId} verdict: promote)`],
  ]);
});
