import { ModelRegistry } from '../registry/modelRegistry';
import { captureTfjsModel, PACKAGE_FORMAT, serializePackage, type ModelPackage } from '../registry/modelPackage';
import type { Tracker } from '../sdk/tracker';
import type { RunStatus } from '../store/types';
import { startOrAdoptRun } from './adoptRun';
import type { BackendName, Tf } from './backend';
import { flattenConfig } from './configLoad';
import type { TrainingConfig } from './configTypes';
import type { TrainEvent } from './events';
import { recordDatasetUse } from './datasetSource';
import { buildModel } from './model';
import { encodeTargets, fitPreprocessing, outputWidth, transformRows, type FittedPreprocessing } from './preprocessing';
import type { ColumnPlan } from './schemaPlan';
import type { Split } from './split';
import { toRecords, type DataTable } from './table';
import { fitModel } from './trainer';

/** What one process prepared once and every run it trains shares (CV folds reuse it). */
export interface TrainContext {
  tf: Tf;
  backend: BackendName;
  config: TrainingConfig;
  table: DataTable;
  plan: ColumnPlan;
  tracker: Tracker;
}

export interface RunSpec {
  split: Split;
  name?: string;
  parentRunId?: string | null;
  /** A run created earlier with status `queued`, to start instead of creating one. */
  runId?: string;
  tags?: Record<string, string>;
  /** Registers the trained model under this name; nothing is registered when absent. */
  registerAs?: string;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

export interface TrainingResult {
  runId: string;
  status: RunStatus;
  /** Final validation metrics (val_accuracy, baseline_accuracy / val_rmse, baseline_rmse, …). */
  metrics: Record<string, number>;
  epochs: number;
  modelName: string | null;
  modelVersion: number | null;
  packageHash: string | null;
}

/** Accuracy of always answering the training split's most frequent class, or RMSE of always answering its mean. */
function baseline(prep: FittedPreprocessing, yTrain: Float32Array, yVal: Float32Array, nVal: number): Record<string, number> {
  const t = prep.target;
  if (t.kind === 'numeric') {
    const mean = yTrain.reduce((s, v) => s + v, 0) / yTrain.length;
    const mse = yVal.reduce((s, v) => s + (v - mean) ** 2, 0) / yVal.length;
    return { baseline_rmse: Math.sqrt(mse) * t.scale };
  }
  const k = t.classes.length;
  const classOf = (y: Float32Array, i: number) => (k === 2 ? y[i] : y.subarray(i * k, (i + 1) * k).indexOf(1));
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrain.length / (k === 2 ? 1 : k); i++) counts[classOf(yTrain, i)]++;
  const majority = counts.indexOf(Math.max(...counts));
  let hits = 0;
  for (let i = 0; i < nVal; i++) if (classOf(yVal, i) === majority) hits++;
  return { baseline_accuracy: hits / nVal };
}

/** Trains one model on one split, logging everything to one run; registers it when asked. */
export async function trainOneRun(ctx: TrainContext, spec: RunSpec): Promise<TrainingResult> {
  const { tf, config, table, plan } = ctx;
  const trainRows = toRecords(table, spec.split.train);
  const valRows = toRecords(table, spec.split.val);
  const prep = fitPreprocessing(trainRows, plan, config.preprocessing);
  const yWidth = outputWidth(prep.target);
  const xTrain = transformRows(prep, trainRows);
  const yTrain = encodeTargets(prep, trainRows);
  const xVal = transformRows(prep, valRows);
  const yVal = encodeTargets(prep, valRows);

  const run = await startOrAdoptRun(ctx.tracker, spec.runId, {
    experiment: config.experiment ?? config.name ?? 'training',
    name: spec.name,
    parentRunId: spec.parentRunId ?? null,
    params: {
      ...flattenConfig(config),
      task: plan.task,
      'data.features': JSON.stringify(plan.features.map((f) => f.name)),
      'data.train_rows': spec.split.train.length,
      'data.val_rows': spec.split.val.length,
      'data.sha256': table.source.sha256,
      'model.inputs': prep.width,
    },
    tags: { 'loupe.kind': 'train', ...spec.tags, 'loupe.backend': ctx.backend, 'loupe.task': plan.task, 'loupe.dataset': table.source.ref },
  });
  if (table.source.datasetVersionId !== undefined) recordDatasetUse(ctx.tracker.store.db, run.id, table.source.datasetVersionId);
  const emit = (e: TrainEvent) => spec.onEvent?.(e);
  emit({ type: 'started', runId: run.id, parentRunId: spec.parentRunId ?? null, name: run.name });
  const built = buildModel(tf, config.model, plan.task, prep.width, yWidth, config.training.seed);
  try {
    const targetScale = prep.target.kind === 'numeric' ? prep.target.scale : 1;
    const fit = await fitModel(
      tf, built, plan.task,
      { x: { data: xTrain, rows: trainRows.length, cols: prep.width }, y: { data: yTrain, rows: trainRows.length, cols: yWidth } },
      { x: { data: xVal, rows: valRows.length, cols: prep.width }, y: { data: yVal, rows: valRows.length, cols: yWidth } },
      config.training, targetScale,
      {
        onBatch: (step, loss) => run.log({ batch_loss: loss }, step),
        onEpoch: (epoch, metrics) => {
          run.log(metrics, epoch);
          emit({ type: 'epoch', runId: run.id, epoch, epochs: config.training.epochs, metrics });
        },
        shouldStop: () => spec.signal?.aborted === true,
      },
    );
    if (fit.cancelled) {
      run.end('killed');
      emit({ type: 'run-end', runId: run.id, status: 'killed', metrics: {} });
      return { runId: run.id, status: 'killed', metrics: {}, epochs: fit.epochs, modelName: null, modelVersion: null, packageHash: null };
    }
    const f = fit.final;
    const metrics: Record<string, number> =
      plan.task === 'regression'
        ? { val_rmse: f.val_rmse, val_mae: f.val_mae, val_loss: f.val_loss, ...baseline(prep, yTrain, yVal, valRows.length) }
        : { val_accuracy: f.val_acc, val_loss: f.val_loss, ...baseline(prep, yTrain, yVal, valRows.length) };
    // Per-epoch keys are logged again only when early stopping rolled the model back to a better epoch.
    const perEpoch = new Set(Object.keys(f));
    run.log(Object.fromEntries(Object.entries(metrics).filter(([k]) => !perEpoch.has(k) || fit.bestEpoch !== fit.epochs)), fit.epochs);
    run.log({ epochs_trained: fit.epochs, best_epoch: fit.bestEpoch }, fit.epochs);

    const pkg: ModelPackage = {
      format: PACKAGE_FORMAT,
      task: plan.task,
      tfjs: await captureTfjsModel(tf, built.model),
      preprocessing: prep,
      inputSchema: plan.features.map((c) => ({ name: c.name, type: c.kind === 'numeric' ? 'number' : 'string' })),
      labels: { column: plan.label, classes: plan.classes, valueType: plan.labelType },
      trainingDataset: { ref: table.source.ref, sha256: table.source.sha256, rows: trainRows.length },
      metrics,
      createdAt: Date.now(),
      backend: ctx.backend,
    };
    // The package is also listed as the run's artifact, so an unregistered model (a sweep trial) can be registered later.
    const stored = ctx.tracker.objects.putBuffer(serializePackage(pkg));
    ctx.tracker.store.recordArtifact({ runId: run.id, path: 'model/package.json', hash: stored.hash, size: stored.size, createdAt: Date.now() });
    let modelVersion: number | null = null;
    if (spec.registerAs) {
      const v = new ModelRegistry(ctx.tracker.store.db, ctx.tracker.objects).registerModel(spec.registerAs, pkg, run.id);
      modelVersion = v.version;
      run.setTags({ 'loupe.model': `${spec.registerAs}@${v.version}` });
    }
    const packageHash = stored.hash;
    run.end('finished');
    emit({ type: 'run-end', runId: run.id, status: 'finished', metrics });
    return { runId: run.id, status: 'finished', metrics, epochs: fit.epochs, modelName: spec.registerAs ?? null, modelVersion, packageHash };
  } catch (e) {
    if (!run.isEnded) run.end('failed');
    throw e;
  } finally {
    built.model.dispose();
  }
}
