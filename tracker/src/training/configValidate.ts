import {
  ACTIVATIONS, DEFAULTS, IMPUTERS, MODEL_TYPES, OPTIMIZERS, SCALERS, TASKS,
  type DataConfig, type LayerConfig, type ModelConfig, type PreprocessingConfig, type TrainingConfig, type TrainingSection,
} from './configTypes';
import {
  configError, optString, readBoolean, readEnum, readNumber, readObject, readString, readStringList, rejectUnknown, type Json,
} from './configFields';

/**
 * Checks a parsed config (from JSON, YAML or code) and fills in defaults. Column names are checked
 * later against the data itself (schemaPlan.ts); this only checks shapes, types and ranges.
 */
export function validateConfig(raw: unknown): TrainingConfig {
  const root = readObject(raw, '(top level)');
  rejectUnknown(root, '', ['name', 'experiment', 'data', 'task', 'preprocessing', 'model', 'training', 'sweep']);
  const task = root.task === undefined || root.task === null ? undefined : readEnum(root.task, 'task', TASKS);
  const model = validateModel(root.model);
  if (model.type === 'linear' && task && task !== 'regression') {
    throw configError('model.type', `'linear' predicts a number, so it needs task 'regression' (task is '${task}'); use 'logistic' or 'mlp' for classification.`);
  }
  if (model.type === 'logistic' && task === 'regression') {
    throw configError('model.type', `'logistic' is a classifier; use 'linear' or 'mlp' for task 'regression'.`);
  }
  const config: TrainingConfig = {
    name: optString(root.name, 'name'),
    experiment: optString(root.experiment, 'experiment'),
    data: validateData(root.data),
    task,
    preprocessing: validatePreprocessing(root.preprocessing),
    model,
    training: validateTraining(root.training),
  };
  if (root.sweep !== undefined && root.sweep !== null) config.sweep = readObject(root.sweep, 'sweep');
  return config;
}

function validateData(raw: unknown): DataConfig {
  const d = readObject(raw, 'data');
  rejectUnknown(d, 'data', ['path', 'dataset', 'label', 'features', 'split']);
  const path = optString(d.path, 'data.path');
  const dataset = optString(d.dataset, 'data.dataset');
  if (!path === !dataset) throw configError('data', `needs exactly one of data.path (a CSV file in the workspace) and data.dataset ('name@version').`);
  if (dataset !== undefined && !/^[^@\s]+@[^@\s]+$/.test(dataset)) throw configError('data.dataset', `must look like 'name@version', got ${JSON.stringify(dataset)}.`);
  const features = d.features === undefined || d.features === null ? undefined : readStringList(d.features, 'data.features');
  if (features && new Set(features).size !== features.length) throw configError('data.features', 'lists a column twice.');
  const split = d.split === undefined || d.split === null ? {} : readObject(d.split, 'data.split');
  rejectUnknown(split, 'data.split', ['validation', 'seed']);
  return {
    ...(path !== undefined ? { path } : {}),
    ...(dataset !== undefined ? { dataset } : {}),
    label: readString(d.label, 'data.label'),
    ...(features ? { features } : {}),
    split: {
      validation: readNumber(split.validation, 'data.split.validation', { min: 0, above: true, max: 0.9 }, DEFAULTS.split.validation),
      seed: readNumber(split.seed, 'data.split.seed', { integer: true, min: 0 }, DEFAULTS.split.seed),
    },
  };
}

function validatePreprocessing(raw: unknown): PreprocessingConfig {
  const p = raw === undefined || raw === null ? {} : readObject(raw, 'preprocessing');
  rejectUnknown(p, 'preprocessing', ['scale', 'impute', 'onehot']);
  return {
    scale: readEnum(p.scale, 'preprocessing.scale', SCALERS, DEFAULTS.preprocessing.scale),
    impute: readEnum(p.impute, 'preprocessing.impute', IMPUTERS, DEFAULTS.preprocessing.impute),
    onehot: readBoolean(p.onehot, 'preprocessing.onehot', DEFAULTS.preprocessing.onehot),
  };
}

function validateModel(raw: unknown): ModelConfig {
  const m = raw === undefined || raw === null ? { type: 'mlp' } : readObject(raw, 'model');
  rejectUnknown(m, 'model', ['type', 'layers']);
  const type = readEnum(m.type, 'model.type', MODEL_TYPES, 'mlp');
  if (type !== 'mlp') {
    if (Array.isArray(m.layers) && m.layers.length > 0) throw configError('model.layers', `is only used by model.type 'mlp'; '${type}' has no hidden layers.`);
    return { type, layers: [] };
  }
  if (m.layers === undefined || m.layers === null) return { type, layers: DEFAULTS.hiddenLayers.map((l) => ({ ...l })) };
  if (!Array.isArray(m.layers) || m.layers.length === 0) throw configError('model.layers', 'must be a non-empty list of {units, activation, dropout?}.');
  return { type, layers: m.layers.map((l, i) => validateLayer(l, `model.layers.${i}`)) };
}

function validateLayer(raw: unknown, field: string): LayerConfig {
  const l = readObject(raw, field);
  rejectUnknown(l, field, ['units', 'activation', 'dropout']);
  return {
    units: readNumber(l.units, `${field}.units`, { integer: true, min: 1, max: 4096 }),
    activation: readEnum(l.activation, `${field}.activation`, ACTIVATIONS, 'relu'),
    dropout: readNumber(l.dropout, `${field}.dropout`, { min: 0, max: 0.95 }, 0),
  };
}

function validateTraining(raw: unknown): TrainingSection {
  const t: Json = raw === undefined || raw === null ? {} : readObject(raw, 'training');
  rejectUnknown(t, 'training', ['optimizer', 'learningRate', 'batchSize', 'epochs', 'earlyStopping', 'seed']);
  const d = DEFAULTS.training;
  const section: TrainingSection = {
    optimizer: readEnum(t.optimizer, 'training.optimizer', OPTIMIZERS, d.optimizer),
    learningRate: readNumber(t.learningRate, 'training.learningRate', { min: 0, above: true, max: 10 }, d.learningRate),
    batchSize: readNumber(t.batchSize, 'training.batchSize', { integer: true, min: 1, max: 1_000_000 }, d.batchSize),
    epochs: readNumber(t.epochs, 'training.epochs', { integer: true, min: 1, max: 100_000 }, d.epochs),
    seed: readNumber(t.seed, 'training.seed', { integer: true, min: 0 }, d.seed),
  };
  if (t.earlyStopping !== undefined && t.earlyStopping !== null) {
    const e = readObject(t.earlyStopping, 'training.earlyStopping');
    rejectUnknown(e, 'training.earlyStopping', ['patience', 'monitor']);
    section.earlyStopping = {
      patience: readNumber(e.patience, 'training.earlyStopping.patience', { integer: true, min: 1 }),
      monitor: readEnum(e.monitor, 'training.earlyStopping.monitor', ['val_loss'] as const, 'val_loss'),
    };
  }
  return section;
}
