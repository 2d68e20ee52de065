import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempWorkspace } from './helpers';

// Speed and exact reproducibility: the plain JS backend is deterministic; tests never depend on wasm.
process.env.LOUPE_TF_BACKEND = 'cpu';

/** A fresh workspace with data/penguins.csv, and a writer for config files inside it. */
export function penguinWorkspace(): { root: string; loupeDir: string; writeConfig(name: string, config: object): string } {
  const ws = tempWorkspace();
  fs.mkdirSync(path.join(ws.root, 'data'));
  fs.copyFileSync(path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv'), path.join(ws.root, 'data/penguins.csv'));
  return {
    ...ws,
    writeConfig(name, config) {
      const file = path.join(ws.root, name);
      fs.writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
  };
}

/** A small, quick species classifier config; `patch` replaces whole top-level sections. */
export function speciesConfig(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'penguins',
    data: { path: 'data/penguins.csv', label: 'Species', split: { validation: 0.25, seed: 3 } },
    model: { type: 'mlp', layers: [{ units: 8, activation: 'relu' }] },
    training: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, epochs: 8, seed: 1 },
    ...patch,
  };
}

export function massConfig(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'mass',
    data: { path: 'data/penguins.csv', label: 'Body Mass (g)', split: { validation: 0.25, seed: 3 } },
    task: 'regression',
    model: { type: 'mlp', layers: [{ units: 16, activation: 'relu' }] },
    training: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, epochs: 25, seed: 1 },
    ...patch,
  };
}
