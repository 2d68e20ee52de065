import { startOrAdoptRun } from './adoptRun';
import { flattenConfig } from './configLoad';
import type { RunTrainingOptions } from './runTraining';
import { labelStratum } from './schemaPlan';
import { kFolds } from './split';
import { trainOneRun, type TrainContext, type TrainingResult } from './trainRun';

/** Mean and population standard deviation (ddof 0, like numpy's default), per metric. */
export function summarizeFolds(folds: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(folds[0] ?? {})) {
    const values = folds.map((f) => f[key]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    out[`${key}_mean`] = mean;
    out[`${key}_std`] = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  }
  return out;
}

/**
 * k-fold cross-validation: a parent run (tag loupe.kind=cv) with one child run per fold, stratified
 * by class for classifiers. The parent logs `<metric>_mean` and `<metric>_std` of the folds' final
 * metrics. Nothing is registered: CV estimates how well the config generalises, it ships no model.
 */
export async function runCrossValidation(ctx: TrainContext, k: number, options: RunTrainingOptions): Promise<TrainingResult> {
  const { config, plan, table } = ctx;
  const folds = kFolds(plan.labelled, k, config.data.split.seed, plan.task === 'regression' ? undefined : labelStratum(table, plan));
  const parent = await startOrAdoptRun(ctx.tracker, options.runId, {
    experiment: config.experiment ?? config.name ?? 'training',
    name: options.runName ?? `${config.name ?? 'model'}-cv${k}`,
    parentRunId: options.parentRunId ?? null,
    params: { ...flattenConfig(config), task: plan.task, 'cv.folds': k, 'data.sha256': table.source.sha256 },
    tags: { ...options.tags, 'loupe.kind': 'cv', 'loupe.backend': ctx.backend, 'loupe.task': plan.task, 'loupe.dataset': table.source.ref },
  });
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'started', runId: parent.id, parentRunId: options.parentRunId ?? null, name: parent.name });
  const killed = (): TrainingResult => {
    parent.end('killed');
    emit({ type: 'run-end', runId: parent.id, status: 'killed', metrics: {} });
    return { runId: parent.id, status: 'killed', metrics: {}, epochs: 0, modelName: null, modelVersion: null, packageHash: null };
  };
  const results: Record<string, number>[] = [];
  try {
    for (let i = 0; i < folds.length; i++) {
      if (options.signal?.aborted) return killed();
      const r = await trainOneRun(ctx, {
        split: folds[i],
        name: `${parent.name}-fold${i + 1}`,
        parentRunId: parent.id,
        tags: { 'loupe.kind': 'cv-fold', 'loupe.fold': String(i + 1) },
        signal: options.signal,
        onEvent: options.onEvent,
      });
      if (r.status === 'killed') return killed();
      results.push(r.metrics);
      parent.log({ folds_done: i + 1 }, i + 1);
    }
    const metrics = summarizeFolds(results);
    parent.log(metrics, k);
    parent.end('finished');
    emit({ type: 'run-end', runId: parent.id, status: 'finished', metrics });
    return { runId: parent.id, status: 'finished', metrics, epochs: 0, modelName: null, modelVersion: null, packageHash: null };
  } catch (e) {
    if (!parent.isEnded) parent.end('failed');
    throw e;
  }
}
