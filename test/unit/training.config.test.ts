import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { flattenConfig, parseOverrides, setPath } from '../../tracker/src/training/configLoad';
import { validateConfig } from '../../tracker/src/training/configValidate';
import { fitPreprocessing, transformRows } from '../../tracker/src/training/preprocessing';
import { prepareTraining, runTraining } from '../../tracker/src/training/runTraining';
import { planColumns } from '../../tracker/src/training/schemaPlan';
import { kFolds, trainValSplit } from '../../tracker/src/training/split';
import { readSweepSettings, sampleTrials } from '../../tracker/src/training/sweepSpace';
import { loadTable, toRecords } from '../../tracker/src/training/table';
import { penguinWorkspace, speciesConfig } from './training.helpers';

const fails = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e) => isLoupeError(e) && pattern.test(e.message), `expected a LoupeError matching ${pattern}`);

test('a config gets defaults, and a bad field is refused with its dotted path', () => {
  const config = validateConfig({ data: { path: 'data/penguins.csv', label: 'Species' } });
  assert.equal(config.training.optimizer, 'adam');
  assert.equal(config.model.type, 'mlp');
  assert.deepEqual(config.data.split, { validation: 0.2, seed: 42 });
  fails(() => validateConfig({ data: { path: 'd.csv', label: 'y' }, training: { learningRate: -1 } }), /training\.learningRate must be a number > 0/);
  fails(() => validateConfig({ data: { path: 'd.csv', label: 'y' }, training: { learningrate: 0.1 } }), /training\.learningrate is not a known field; did you mean training\.learningRate/);
  fails(() => validateConfig({ data: { path: 'd.csv', label: 'y' }, model: { type: 'mlp', layers: [{ units: 0 }] } }), /model\.layers\.0\.units must be an integer >= 1/);
  fails(() => validateConfig({ data: { path: 'd.csv', label: 'y' }, task: 'classify' }), /task must be one of 'binary', 'multiclass', 'regression'/);
  fails(() => validateConfig({ data: { label: 'y' } }), /needs exactly one of data\.path/);
  fails(() => validateConfig({ data: { path: 'd.csv', label: 'y' }, task: 'multiclass', model: { type: 'linear' } }), /model\.type 'linear' predicts a number/);
});

test('a config naming a missing column fails before training, names the column, and creates no run', async () => {
  const ws = penguinWorkspace();
  const bad = ws.writeConfig('bad.json', speciesConfig({ data: { path: 'data/penguins.csv', label: 'Species', features: ['Beak Length (mm)', 'Wing Span (cm)'] } }));
  await assert.rejects(runTraining(bad, { workspace: ws.root }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /data\.features\.1 names the column "Wing Span \(cm\)"/.test(e.message));
  const noLabel = ws.writeConfig('nolabel.json', speciesConfig({ data: { path: 'data/penguins.csv', label: 'species' } }));
  await assert.rejects(runTraining(noLabel, { workspace: ws.root }), (e) => isLoupeError(e) && /data\.label names the column "species"/.test(e.message));
  const store = SqliteTrackerStore.open(ws.loupeDir);
  assert.equal(store.listRuns().total, 0, 'nothing was started');
  store.close();
});

test('a column of the wrong type fails before training with a message naming it', () => {
  const ws = penguinWorkspace();
  const prepare = (config: Record<string, unknown>) => prepareTraining(config, { workspace: ws.root });
  fails(() => prepare(speciesConfig({ task: 'regression', model: { type: 'linear' } })), /label column "Species" holds text \(e\.g\. "Adelie"\), but task 'regression' needs a numeric label/);
  fails(() => prepare(speciesConfig({ task: 'binary' })), /'binary' needs exactly 2 classes, but the label column "Species" has 3/);
  fails(() => prepare(speciesConfig({ preprocessing: { onehot: false } })), /feature column "Island" holds text .*preprocessing\.onehot: true/);
  const csv = fs.readFileSync(path.join(ws.root, 'data/penguins.csv'), 'utf8').split('\n');
  const withId = csv.map((line, i) => (line ? `${line},${i === 0 ? 'Tag' : `id-${i}`}` : line)).join('\n');
  fs.writeFileSync(path.join(ws.root, 'data/tagged.csv'), withId);
  fails(() => prepare(speciesConfig({ data: { path: 'data/tagged.csv', label: 'Species' } })), /feature column "Tag" holds text with 344 distinct values .*too many to one-hot encode/);
});

test('a data path outside the workspace is refused', () => {
  const ws = penguinWorkspace();
  assert.throws(() => prepareTraining(speciesConfig({ data: { path: '../../etc/passwd', label: 'Species' } }), { workspace: ws.root }), (e) => isLoupeError(e, 'PATH_OUTSIDE_WORKSPACE'));
});

test('the task is inferred from the label: text with 3 classes is multiclass, grams are regression', () => {
  const ws = penguinWorkspace();
  assert.equal(prepareTraining(speciesConfig({ task: undefined }), { workspace: ws.root }).plan.task, 'multiclass');
  const mass = prepareTraining(speciesConfig({ data: { path: 'data/penguins.csv', label: 'Body Mass (g)' }, model: { type: 'linear' } }), { workspace: ws.root });
  assert.equal(mass.plan.task, 'regression');
  assert.equal(mass.plan.labelled.length, 342, 'the two rows without a body mass are left out');
  assert.deepEqual(mass.plan.features.map((f) => f.kind), ['categorical', 'categorical', 'numeric', 'numeric', 'numeric', 'categorical']);
});

test('preprocessing is fitted on the training rows only and applied by one pure function', () => {
  const ws = penguinWorkspace();
  const { table, plan, config } = prepareTraining(speciesConfig(), { workspace: ws.root });
  const split = trainValSplit(plan.labelled, 0.25, 3);
  const train = toRecords(table, split.train);
  const prep = fitPreprocessing(train, plan, config.preprocessing);
  const beak = prep.features.find((f) => f.name === 'Beak Length (mm)');
  assert.ok(beak && beak.kind === 'numeric');
  const values = train.map((r) => r['Beak Length (mm)']).filter((v) => v !== '').map(Number);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(beak.center - mean) < 1e-9, 'the mean of the training split, not of all rows');
  assert.equal(beak.fill, beak.center, 'impute: mean');
  const row = { Island: 'Dream', 'Beak Length (mm)': null, 'Beak Depth (mm)': '17', 'Flipper Length (mm)': 190, 'Body Mass (g)': '', Sex: 'Martian' };
  const once = transformRows(prep, [row]);
  assert.deepEqual(transformRows(JSON.parse(JSON.stringify(prep)), [row]), once, 'a JSON round trip of the fitted state changes nothing');
  assert.equal(once.length, prep.width);
  assert.equal(once[prep.features[0].kind === 'categorical' ? prep.features[0].categories.indexOf('Dream') : -1], 1);
  const sex = prep.features.at(-1)!;
  assert.ok(sex.kind === 'categorical');
  assert.deepEqual(Array.from(once.subarray(prep.width - sex.categories.length)), sex.categories.map(() => 0), 'an unseen category encodes as zeros');
});

test('splits are seeded and stratified; folds cover every row exactly once', () => {
  const ws = penguinWorkspace();
  const table = loadTable(ws.root, { path: 'data/penguins.csv', label: 'Species', split: { validation: 0.2, seed: 1 } });
  const plan = planColumns(table, validateConfig(speciesConfig()));
  const species = (i: number) => table.rows[i][0];
  const a = trainValSplit(plan.labelled, 0.2, 9, species);
  assert.deepEqual(trainValSplit(plan.labelled, 0.2, 9, species), a);
  assert.notDeepEqual(trainValSplit(plan.labelled, 0.2, 10, species), a);
  const share = (rows: number[], s: string) => rows.filter((i) => species(i) === s).length / rows.length;
  assert.ok(Math.abs(share(a.val, 'Gentoo') - share(a.train, 'Gentoo')) < 0.03, 'class shares match across the split');
  const folds = kFolds(plan.labelled, 5, 1, species);
  assert.deepEqual(folds.flatMap((f) => f.val).sort((x, y) => x - y), [...plan.labelled].sort((x, y) => x - y));
});

test('--set overrides keep their YAML type and reach list items; params use the same dotted paths', () => {
  assert.deepEqual(parseOverrides(['training.epochs=5', 'training.optimizer=sgd', 'model.layers.0.units=64', 'data.features=[a, b]']), {
    'training.epochs': 5, 'training.optimizer': 'sgd', 'model.layers.0.units': 64, 'data.features': ['a', 'b'],
  });
  const raw = setPath({ model: { layers: [{ units: 8 }, { units: 4 }] } }, 'model.layers.1.units', 2);
  assert.deepEqual(raw, { model: { layers: [{ units: 8 }, { units: 2 }] } });
  const flat = flattenConfig(validateConfig({ ...speciesConfig(), model: raw.model }));
  assert.equal(flat['model.layers.1.units'], 2);
  assert.equal(flat['training.learningRate'], 0.02);
  assert.ok(!('sweep' in flat));
});

test('a sweep with a seed draws the same trials, inside the search space', () => {
  const settings = readSweepSettings({
    space: {
      'training.learningRate': { logUniform: [1e-4, 1e-1] }, 'model.layers.0.units': { int: [8, 64] },
      'training.optimizer': { choice: ['adam', 'sgd'] }, 'model.layers.0.dropout': { uniform: [0, 0.5] },
    },
  }, 'multiclass', { trials: 20, seed: 7 });
  assert.equal(settings.metric, 'val_accuracy');
  assert.equal(settings.goal, 'maximize');
  const trials = sampleTrials(settings.space, 20, 7);
  assert.deepEqual(sampleTrials(settings.space, 20, 7), trials);
  assert.notDeepEqual(sampleTrials(settings.space, 20, 8), trials);
  for (const t of trials) {
    assert.ok((t['training.learningRate'] as number) >= 1e-4 && (t['training.learningRate'] as number) <= 0.1);
    assert.ok(Number.isInteger(t['model.layers.0.units']) && (t['model.layers.0.units'] as number) >= 8 && (t['model.layers.0.units'] as number) <= 64);
    assert.ok(['adam', 'sgd'].includes(t['training.optimizer'] as string));
  }
  fails(() => readSweepSettings({ space: { 'training.learningRate': { logUniform: [0, 1] } } }, 'regression'), /sweep\.space\.training\.learningRate\.logUniform\.0 must be a number > 0/);
});
