import { LoupeError } from '../errors';
import { isMetricName, metricsOfTask, type MetricName } from './metrics';
import type { Task } from './types';

/** The promotion gate's rules. Every field has a default, so `{}` is a valid policy. */
export interface GatePolicy {
  primaryMetric: MetricName;
  /** superiority: the challenger must be better; non-inferiority: not worse than the margin. */
  mode: 'superiority' | 'non-inferiority';
  /** Superiority passes only when the CI's lower bound of the improvement exceeds this. */
  minImprovement: number;
  nonInferiorityMargin: number;
  /** Significance level of McNemar's test (classification, superiority). */
  alpha: number;
  /** Challenger p95 per-row latency / champion's may not exceed this. */
  maxLatencyRatio: number;
  /** How much worse the challenger may be on any slice (absolute; relative for mae and rmse). */
  maxSliceRegression: number;
  /** Slices with fewer rows are reported but never fail the gate: too noisy to judge. */
  minSliceSize: number;
}

export function defaultPolicy(task: Task): GatePolicy {
  return {
    primaryMetric: task === 'regression' ? 'rmse' : 'accuracy',
    mode: 'superiority',
    minImprovement: 0,
    nonInferiorityMargin: 0.01,
    alpha: 0.05,
    maxLatencyRatio: 1.5,
    maxSliceRegression: 0.05,
    minSliceSize: 20,
  };
}

const NUMERIC: readonly (keyof GatePolicy)[] = ['minImprovement', 'nonInferiorityMargin', 'alpha', 'maxLatencyRatio', 'maxSliceRegression', 'minSliceSize'];

/** Defaults overlaid with `input` (e.g. parsed from `--policy JSON`), every field checked. */
export function resolvePolicy(task: Task, input: unknown = {}): GatePolicy {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw bad('must be a JSON object');
  const policy = defaultPolicy(task);
  const allowed = Object.keys(policy);
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!allowed.includes(key)) throw bad(`has an unknown field "${key}"; the fields are ${allowed.join(', ')}`);
    if (key === 'primaryMetric') {
      if (typeof value !== 'string' || !isMetricName(task, value)) throw bad(`primaryMetric must be one of ${metricsOfTask(task).join(', ')} for ${task}`);
      policy.primaryMetric = value;
    } else if (key === 'mode') {
      if (value !== 'superiority' && value !== 'non-inferiority') throw bad('mode must be "superiority" or "non-inferiority"');
      policy.mode = value;
    } else if ((NUMERIC as string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${key} must be a finite number`);
      (policy as unknown as Record<string, number>)[key] = value;
    }
  }
  if (!(policy.alpha > 0 && policy.alpha < 1)) throw bad('alpha must be between 0 and 1');
  if (policy.maxLatencyRatio <= 0) throw bad('maxLatencyRatio must be positive');
  if (policy.nonInferiorityMargin < 0 || policy.maxSliceRegression < 0 || policy.minSliceSize < 0) throw bad('margins and sizes cannot be negative');
  return policy;
}

function bad(why: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENT', `The evaluation policy ${why}.`);
}
