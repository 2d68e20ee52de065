import * as path from 'node:path';
import { Tracker } from '../sdk/tracker';
import { loadTf } from './backend';
import { applyOverrides, readRawConfig } from './configLoad';
import type { TrainingConfig } from './configTypes';
import { validateConfig } from './configValidate';
import type { Json } from './configFields';
import { runCrossValidation } from './crossValidation';
import type { TrainEvent } from './events';
import { labelStratum, planColumns, type ColumnPlan } from './schemaPlan';
import { trainValSplit } from './split';
import { loadTable, type DataTable } from './table';
import { trainOneRun, type TrainContext, type TrainingResult } from './trainRun';

export type { TrainingResult } from './trainRun';

export interface RunTrainingOptions {
  /** The workspace folder; `data.path` resolves inside it. */
  workspace: string;
  /** Default: `<workspace>/.loupe`. */
  loupeDir?: string;
  /** `--set` style field overrides, applied before validation. */
  overrides?: Record<string, unknown>;
  /** node | wasm | cpu; default: LOUPE_TF_BACKEND, else the fastest available. */
  backend?: string;
  /** k-fold cross-validation instead of one train/validation split. */
  cv?: number;
  parentRunId?: string | null;
  /** Start this `queued` run instead of creating one. */
  runId?: string;
  runName?: string;
  tags?: Record<string, string>;
  /** Register the trained model (default true; never for cross-validation). */
  register?: boolean;
  /** Registered name; default: the config's `name`, else the config file's name. */
  modelName?: string;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

export interface PreparedData {
  config: TrainingConfig;
  table: DataTable;
  plan: ColumnPlan;
}

/**
 * Everything that can fail because of the config or the data, done before any run exists or any
 * tensor is built: a missing column or a wrong type is reported in seconds, not after an epoch.
 */
export function prepareTraining(configOrPath: string | TrainingConfig | Json, options: Pick<RunTrainingOptions, 'workspace' | 'overrides' | 'loupeDir'>): PreparedData {
  const fromFile = typeof configOrPath === 'string';
  const raw = fromFile ? readRawConfig(configOrPath) : (configOrPath as Json);
  const config = validateConfig(applyOverrides(raw, options.overrides));
  if (!config.name && fromFile) config.name = path.basename(configOrPath, path.extname(configOrPath));
  const table = loadTable(options.workspace, config.data, options.loupeDir);
  return { config, table, plan: planColumns(table, config) };
}

/** Trains (or cross-validates) in this process; the worker and tests call this. */
export async function runTraining(configOrPath: string | TrainingConfig | Json, options: RunTrainingOptions): Promise<TrainingResult> {
  const prepared = prepareTraining(configOrPath, options);
  const { tf, backend } = await loadTf(options.backend);
  const tracker = Tracker.open({ dir: options.loupeDir ?? path.join(options.workspace, '.loupe') });
  try {
    const ctx: TrainContext = { tf, backend, tracker, ...prepared };
    if (options.cv !== undefined) return await runCrossValidation(ctx, options.cv, options);
    const { config, plan } = prepared;
    const stratum = plan.task === 'regression' ? undefined : labelStratum(prepared.table, plan);
    const split = trainValSplit(plan.labelled, config.data.split.validation, config.data.split.seed, stratum);
    return await trainOneRun(ctx, {
      split,
      name: options.runName ?? `${config.name ?? 'model'}-${config.model.type}`,
      parentRunId: options.parentRunId,
      runId: options.runId,
      tags: options.tags,
      registerAs: options.register === false ? undefined : (options.modelName ?? config.name ?? 'model'),
      signal: options.signal,
      onEvent: options.onEvent,
    });
  } finally {
    tracker.close();
  }
}
