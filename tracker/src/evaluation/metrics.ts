import type { Outcomes } from './outcomes';
import { rocAucOvr } from './stats/auc';
import { classificationMetrics } from './stats/classification';
import { calibration, logLoss } from './stats/probabilistic';
import { regressionMetrics } from './stats/regression';
import type { Task } from './types';

export const CLASSIFICATION_METRICS = ['accuracy', 'macro_precision', 'macro_recall', 'macro_f1', 'roc_auc', 'log_loss', 'ece'] as const;
export const REGRESSION_METRICS = ['mae', 'rmse', 'r2'] as const;
export type MetricName = (typeof CLASSIFICATION_METRICS)[number] | (typeof REGRESSION_METRICS)[number];

/** Metrics where a smaller value is the better model; every other metric is better when larger. */
export const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>(['log_loss', 'ece', 'mae', 'rmse']);
/** Metrics that need class probabilities from the model. */
export const NEEDS_PROBABILITIES: ReadonlySet<MetricName> = new Set<MetricName>(['roc_auc', 'log_loss', 'ece']);

export function metricsOfTask(task: Task): readonly MetricName[] {
  return task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

export function isMetricName(task: Task, name: string): name is MetricName {
  return (metricsOfTask(task) as readonly string[]).includes(name);
}

export type Role = 'champion' | 'challenger';

/** Every metric of the task for one model; NaN when undefined (e.g. AUC without probabilities). */
export function allMetrics(o: Outcomes, role: Role, idx?: ArrayLike<number>): Record<string, number> {
  if (o.task === 'regression') {
    const m = regressionMetrics(o.truth, o[role], idx);
    return { mae: m.mae, rmse: m.rmse, r2: m.r2 };
  }
  const a = o[role];
  const k = o.classes.length;
  const m = classificationMetrics(o.truth, a.pred, k, idx);
  return {
    accuracy: m.accuracy,
    macro_precision: m.macroPrecision,
    macro_recall: m.macroRecall,
    macro_f1: m.macroF1,
    roc_auc: a.probs ? rocAucOvr(o.truth, a.probs, k, idx) : NaN,
    log_loss: a.probs ? logLoss(o.truth, a.probs, k, idx) : NaN,
    ece: a.probs ? calibration(o.truth, a.pred, a.probs, k, idx).ece : NaN,
  };
}

/** One metric on a subset of rows (the slices compute only the primary metric). */
export function oneMetric(o: Outcomes, role: Role, name: MetricName, idx?: ArrayLike<number>): number {
  if (o.task === 'regression') return regressionMetrics(o.truth, o[role], idx)[name as 'mae' | 'rmse' | 'r2'];
  const a = o[role];
  const k = o.classes.length;
  switch (name) {
    case 'roc_auc':
      return a.probs ? rocAucOvr(o.truth, a.probs, k, idx) : NaN;
    case 'log_loss':
      return a.probs ? logLoss(o.truth, a.probs, k, idx) : NaN;
    case 'ece':
      return a.probs ? calibration(o.truth, a.pred, a.probs, k, idx).ece : NaN;
    default: {
      const m = classificationMetrics(o.truth, a.pred, k, idx);
      const byName: Record<string, number> = { accuracy: m.accuracy, macro_precision: m.macroPrecision, macro_recall: m.macroRecall, macro_f1: m.macroF1 };
      return byName[name] ?? NaN;
    }
  }
}
