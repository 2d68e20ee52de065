import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { ModelRegistry } from '../../tracker/src/registry';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { validateConfig } from '../../tracker/src/training/configValidate';
import { readRawConfig } from '../../tracker/src/training/configLoad';
import { prepareTraining } from '../../tracker/src/training/runTraining';
import { readSweepSettings } from '../../tracker/src/training/sweepSpace';
import { REPO_ROOT } from './helpers';
import { penguinWorkspace, speciesConfig } from './training.helpers';

async function loupe(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: { ...process.env, LOUPE_TF_BACKEND: 'cpu' } });
  return { code, out, err };
}

test('the sample training configs are valid against the sample data', () => {
  const ws = penguinWorkspace();
  for (const name of ['penguins-mlp', 'penguins-logistic', 'penguins-mass']) {
    const file = path.join(REPO_ROOT, 'sample-workspace/train', `${name}.yaml`);
    const { config, plan } = prepareTraining(file, { workspace: ws.root });
    assert.equal(config.name, name);
    assert.equal(plan.task, name === 'penguins-mass' ? 'regression' : 'multiclass');
    const raw = readRawConfig(file);
    if (raw.sweep) assert.ok(Object.keys(readSweepSettings(raw.sweep, plan.task, { seed: 1 }).space).length > 0);
    assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(raw))), validateConfig(raw));
  }
});

test('loupe train trains from a YAML config with --set overrides and registers the model', async () => {
  const ws = penguinWorkspace();
  fs.writeFileSync(path.join(ws.root, 'mlp.yaml'), fs.readFileSync(path.join(REPO_ROOT, 'sample-workspace/train/penguins-mlp.yaml')));
  const r = await loupe(ws.root, 'train', 'mlp.yaml', '--set', 'training.epochs=2', '--set', 'model.layers.0.units=4', '--backend', 'cpu');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /epoch 2\/2 {2}loss/);
  assert.match(r.out, /registered penguins-mlp@1/);
  const runId = r.out.trim().split('\n').at(-1)!;
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const run = store.getRun(runId);
  store.close();
  assert.equal(run.params['model.layers.0.units'], '4');
  assert.equal(run.params['training.epochs'], '2');
  const registry = ModelRegistry.open(ws.loupeDir);
  assert.equal(registry.resolve('penguins-mlp@latest').runId, runId);
  registry.close();
  const bad = await loupe(ws.root, 'train', 'mlp.yaml', '--set', 'data.label=Beak Colour');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /"Beak Colour"/);
});

test('loupe run records a command as a run and exits with its code', async () => {
  const ws = penguinWorkspace();
  fs.writeFileSync(path.join(ws.root, 'job.json'), JSON.stringify(speciesConfig()));
  const r = await loupe(ws.root, 'run', '--experiment', 'shell', '--parse-args', '--', process.execPath, '-e', 'console.log("hello"); process.exit(4)', '--', '--alpha', '0.5');
  assert.equal(r.code, 4);
  assert.match(r.out, /^hello$/m);
  const store = SqliteTrackerStore.open(ws.loupeDir);
  const [run] = store.listRuns({ experiments: ['shell'] }).runs;
  store.close();
  assert.equal(run.status, 'failed');
  assert.equal(run.params.alpha, '0.5');
});
