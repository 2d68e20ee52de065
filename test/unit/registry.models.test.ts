import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { loadModel, ModelRegistry, resolveModelRef } from '../../tracker/src/registry';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { runTraining } from '../../tracker/src/training/runTraining';
import { REPO_ROOT } from './helpers';
import { massConfig, penguinWorkspace, speciesConfig } from './training.helpers';

const ROWS = [
  { Island: 'Biscoe', 'Beak Length (mm)': 48.6, 'Beak Depth (mm)': 16, 'Flipper Length (mm)': 230, 'Body Mass (g)': 5800, Sex: 'MALE' },
  { Island: 'Dream', 'Beak Length (mm)': '46.5', 'Beak Depth (mm)': '17.9', 'Flipper Length (mm)': '192', 'Body Mass (g)': '3500', Sex: 'FEMALE' },
  { Island: 'Torgersen', 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750, Sex: null },
  { Island: 'Atlantis', 'Beak Length (mm)': null, 'Beak Depth (mm)': '', 'Flipper Length (mm)': 200, 'Body Mass (g)': null, Sex: 'NA' },
];

/** Loads `ref` in a brand-new node process from the workspace's registry alone, and predicts ROWS. */
function predictInFreshProcess(loupeDir: string, ref: string): Promise<unknown> {
  const script = `
    const { ModelRegistry, loadModel } = require(${JSON.stringify(path.join(REPO_ROOT, 'tracker/src/registry'))});
    (async () => {
      const registry = ModelRegistry.open(${JSON.stringify(loupeDir)});
      const { package: pkg } = registry.getModel(${JSON.stringify(ref)});
      registry.close();
      const model = await loadModel(pkg);
      process.stdout.write(JSON.stringify(await model.predict(${JSON.stringify(ROWS)})));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, LOUPE_TF_BACKEND: 'cpu' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`)))));
}

test('a registered classifier loads and predicts in a fresh process from its package alone, with the same predictions', async () => {
  const ws = penguinWorkspace();
  const trained = await runTraining(speciesConfig({ training: { epochs: 10, seed: 4 } }), { workspace: ws.root });
  assert.equal(trained.modelVersion, 1);
  // The package must not need the data: move the CSV away before predicting.
  fs.renameSync(path.join(ws.root, 'data/penguins.csv'), path.join(ws.root, 'moved.csv'));
  const registry = ModelRegistry.open(ws.loupeDir);
  const { version, package: pkg } = registry.getModel('penguins@1');
  registry.close();
  assert.equal(version.runId, trained.runId);
  assert.equal(version.task, 'multiclass');
  assert.deepEqual(version.inputSchema.map((c) => `${c.name}:${c.type}`), ['Island:string', 'Beak Length (mm):number', 'Beak Depth (mm):number', 'Flipper Length (mm):number', 'Body Mass (g):number', 'Sex:string']);
  assert.match(version.trainingDataset ?? '', /^data\/penguins\.csv#sha256:[0-9a-f]{64}$/);
  assert.deepEqual(version.metrics, trained.metrics);
  const here = await (await loadModel(pkg)).predict(ROWS);
  const there = await predictInFreshProcess(ws.loupeDir, 'penguins@latest');
  assert.deepEqual(there, here);
  assert.deepEqual(here.slice(0, 3).map((p) => p.label), ['Gentoo', 'Chinstrap', 'Adelie']);
  for (const p of here) {
    assert.equal(p.probabilities!.length, 3);
    assert.ok(Math.abs(p.probabilities!.reduce((s, v) => s + v, 0) - 1) < 1e-5);
  }
});

test('a registered regression predicts grams; a numeric binary label comes back as a number', async () => {
  const ws = penguinWorkspace();
  await runTraining(massConfig(), { workspace: ws.root });
  const mass = resolveModelRef(ws.loupeDir, 'mass@1');
  assert.equal(mass.version, '1');
  const grams = await (await loadModel(mass.pkg)).predict(ROWS.slice(0, 2));
  assert.ok(grams[0].value! > 4800 && grams[0].value! < 6500, `a big Gentoo male: ${grams[0].value}`);
  assert.ok(grams[1].value! > 3000 && grams[1].value! < 4300, `a Chinstrap female: ${grams[1].value}`);

  const csv = fs.readFileSync(path.join(ws.root, 'data/penguins.csv'), 'utf8').split('\n');
  fs.writeFileSync(path.join(ws.root, 'data/male.csv'), csv.map((l, i) => (!l ? l : `${l},${i === 0 ? 'Male' : /MALE$/.test(l) && !/FEMALE$/.test(l) ? 1 : 0}`)).join('\n'));
  await runTraining(
    { name: 'is-male', data: { path: 'data/male.csv', label: 'Male', features: ['Species', 'Beak Depth (mm)', 'Body Mass (g)'] }, model: { type: 'logistic' }, training: { epochs: 30, learningRate: 0.1, seed: 1 } },
    { workspace: ws.root },
  );
  const { pkg } = resolveModelRef(ws.loupeDir, 'is-male');
  assert.equal(pkg.task, 'binary');
  const [p] = await (await loadModel(JSON.stringify(pkg))).predict([ROWS[0]]);
  assert.equal(p.label, 1, 'a 5.8 kg Gentoo is male, answered as the number 1');
  assert.equal(p.probabilities!.length, 2);
});

test('versions count up per model, listModels summarises them, and bad references say what exists', async () => {
  const ws = penguinWorkspace();
  const config = speciesConfig({ training: { epochs: 1, seed: 1 } });
  await runTraining(config, { workspace: ws.root });
  await runTraining(config, { workspace: ws.root });
  await runTraining(config, { workspace: ws.root, modelName: 'other' });
  const registry = ModelRegistry.open(ws.loupeDir);
  assert.deepEqual(registry.listModels().map((m) => [m.name, m.versions, m.latestVersion]), [['other', 1, 1], ['penguins', 2, 2]]);
  assert.equal(registry.resolve('penguins').version, 2, 'a bare name is the latest version');
  assert.equal(registry.resolve('penguins@v1').version, 1);
  assert.throws(() => registry.resolve('penguins@7'), (e) => isLoupeError(e, 'NOT_FOUND') && /has no version 7\. It has: v1, v2/.test(e.message));
  assert.throws(() => registry.resolve('nope@1'), (e) => isLoupeError(e, 'NOT_FOUND') && /No registered model named "nope"/.test(e.message));
  assert.throws(() => registry.registerModel('a@b', registry.getModel('penguins@1').package), (e) => isLoupeError(e, 'INVALID_ARGUMENT'));
  const runId = registry.resolve('penguins@1').runId!;
  registry.close();
  const store = SqliteTrackerStore.open(ws.loupeDir);
  store.deleteRun(runId, true);
  store.close();
  const after = ModelRegistry.open(ws.loupeDir);
  assert.equal(after.resolve('penguins@1').runId, null, 'a version outlives its run');
  assert.ok(after.getModel('penguins@1').package.tfjs.weightData.length > 0);
  after.close();
});
