/**
 * The training config as a user writes it (JSON or YAML) after validation and defaults. Field names
 * follow Keras where one exists so a config reads familiar to anyone who has trained a model.
 */
export const TASKS = ['binary', 'multiclass', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export const SCALERS = ['standard', 'minmax', 'none'] as const;
export const IMPUTERS = ['mean', 'median', 'most_frequent'] as const;
export const MODEL_TYPES = ['linear', 'logistic', 'mlp'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'softplus', 'linear'] as const;

export type Activation = (typeof ACTIVATIONS)[number];

export interface LayerConfig {
  units: number;
  activation: Activation;
  /** Fraction of this layer's outputs dropped while training (0 = none). */
  dropout: number;
}

export interface DataConfig {
  /** Workspace-relative CSV file. Exactly one of `path` and `dataset` is set. */
  path?: string;
  /** A versioned dataset, `name@version`. */
  dataset?: string;
  label: string;
  /** Default: every column but the label. */
  features?: string[];
  split: { validation: number; seed: number };
}

export interface PreprocessingConfig {
  scale: (typeof SCALERS)[number];
  impute: (typeof IMPUTERS)[number];
  onehot: boolean;
}

export interface ModelConfig {
  type: (typeof MODEL_TYPES)[number];
  /** Hidden layers; always empty for `linear` and `logistic`. */
  layers: LayerConfig[];
}

export interface TrainingSection {
  optimizer: (typeof OPTIMIZERS)[number];
  learningRate: number;
  batchSize: number;
  epochs: number;
  earlyStopping?: { patience: number; monitor: 'val_loss' };
  seed: number;
}

export interface TrainingConfig {
  name?: string;
  experiment?: string;
  data: DataConfig;
  /** Inferred from the label column when absent (see schemaPlan.ts). */
  task?: Task;
  preprocessing: PreprocessingConfig;
  model: ModelConfig;
  training: TrainingSection;
  /** Random-search settings, validated by the sweep (see sweepConfig.ts); ignored by plain training. */
  sweep?: Record<string, unknown>;
}

export const DEFAULTS = {
  split: { validation: 0.2, seed: 42 },
  preprocessing: { scale: 'standard', impute: 'mean', onehot: true } as PreprocessingConfig,
  hiddenLayers: [{ units: 32, activation: 'relu', dropout: 0 }] as LayerConfig[],
  training: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 50, seed: 42 } as TrainingSection,
};
