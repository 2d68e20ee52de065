import * as fs from 'node:fs';
import * as path from 'node:path';
import { Tracker } from '../sdk/tracker';
import { parseCsv } from '../tabular/csv';
import { seededRandom, trainSoftmax, type Split } from './softmaxRegression';

const FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const LABEL = 'Species';

/** Loads penguins.csv, drops rows with missing features, standardises, splits 80/20 with a seed. */
export function loadPenguins(csvFile: string, seed = 7): { train: Split; val: Split; classes: string[] } {
  const table = parseCsv(fs.readFileSync(csvFile, 'utf8'));
  const col = (name: string) => table.header.indexOf(name);
  const rows = table.rows.filter((r) => FEATURES.every((f) => r[col(f)] !== '' && Number.isFinite(Number(r[col(f)]))));
  const classes = [...new Set(rows.map((r) => r[col(LABEL)]))].sort();
  const raw = rows.map((r) => FEATURES.map((f) => Number(r[col(f)])));
  const mean = FEATURES.map((_, j) => raw.reduce((s, x) => s + x[j], 0) / raw.length);
  const std = FEATURES.map((_, j) => Math.sqrt(raw.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / raw.length) || 1);
  const x = raw.map((v) => v.map((xj, j) => (xj - mean[j]) / std[j]));
  const y = rows.map((r) => classes.indexOf(r[col(LABEL)]));
  const random = seededRandom(seed);
  const order = x.map((_, i) => i).sort(() => random() - 0.5);
  const cut = Math.floor(order.length * 0.8);
  const pick = (ids: number[]): Split => ({ x: ids.map((i) => x[i]), y: ids.map((i) => y[i]) });
  return { train: pick(order.slice(0, cut)), val: pick(order.slice(cut)), classes };
}

/** Logs a small learning-rate study on the sample data: real training, real metrics. */
export async function logSampleRuns(workspace: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const data = loadPenguins(path.join(workspace, 'data', 'penguins.csv'));
  const tracker = Tracker.open({ dir: path.join(workspace, '.loupe') });
  const ids: string[] = [];
  try {
    for (const lr of [0.01, 0.05, 0.2, 1.0]) {
      const epochs = 60;
      const run = await tracker.startRun({
        experiment: 'penguins-species',
        name: `softmax-lr${lr}`,
        params: { model: 'softmax-regression', lr, epochs, features: FEATURES.length, seed: 7 },
        tags: { dataset: 'penguins.csv', source: 'loupe demo' },
      });
      trainSoftmax(data.train, data.val, data.classes.length, lr, epochs, (m) =>
        run.log({ train_loss: m.trainLoss, val_loss: m.valLoss, val_accuracy: m.valAccuracy }, m.epoch),
      );
      run.end('finished');
      const acc = tracker.store.getRun(run.id).metrics.val_accuracy.last;
      log(`logged ${run.name}: val_accuracy ${acc.toFixed(3)}`);
      ids.push(run.id);
    }
  } finally {
    tracker.close();
  }
  return ids;
}
