import * as os from 'node:os';
import { seededRandom } from '../demo/softmaxRegression';
import { configError, readEnum, readNumber, readObject, rejectUnknown, type Json } from './configFields';
import type { Task } from './configTypes';

/** One dimension of a random search. */
export type Distribution =
  | { logUniform: [number, number] }
  | { uniform: [number, number] }
  | { int: [number, number] }
  | { choice: unknown[] };

export interface SweepSettings {
  /** Config field path (`training.learningRate`, `model.layers.0.units`) → distribution. */
  space: Record<string, Distribution>;
  metric: string;
  goal: 'minimize' | 'maximize';
  trials: number;
  parallel: number;
  seed: number;
}

export function defaultParallelism(): number {
  return Math.max(1, os.cpus().length - 1);
}

/** Metrics where higher is better; everything else (losses, errors) is minimised. */
const HIGHER_IS_BETTER = /(acc|accuracy|auc|f1|precision|recall|r2)(_mean)?$/i;

function readPair(v: unknown, field: string, rule: { positive?: boolean; integer?: boolean }): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw configError(field, `must be a pair [low, high], got ${JSON.stringify(v)}.`);
  const lo = readNumber(v[0], `${field}.0`, { integer: rule.integer, ...(rule.positive ? { min: 0, above: true } : {}) });
  const hi = readNumber(v[1], `${field}.1`, { integer: rule.integer, ...(rule.positive ? { min: 0, above: true } : {}) });
  if (hi < lo) throw configError(field, `must have low <= high, got [${lo}, ${hi}].`);
  return [lo, hi];
}

function readDistribution(raw: unknown, field: string): Distribution {
  const d = readObject(raw, field);
  const kinds = Object.keys(d);
  if (kinds.length !== 1) throw configError(field, `must have exactly one of logUniform, uniform, int, choice; got ${kinds.join(', ') || 'none'}.`);
  rejectUnknown(d, field, ['logUniform', 'uniform', 'int', 'choice']);
  if ('logUniform' in d) return { logUniform: readPair(d.logUniform, `${field}.logUniform`, { positive: true }) };
  if ('uniform' in d) return { uniform: readPair(d.uniform, `${field}.uniform`, {}) };
  if ('int' in d) return { int: readPair(d.int, `${field}.int`, { integer: true }) };
  if (!Array.isArray(d.choice) || d.choice.length === 0) throw configError(`${field}.choice`, 'must be a non-empty list of values.');
  return { choice: d.choice };
}

/** Reads `sweep:` of a config; CLI flags (`--trials`, `--parallel`, `--seed`) win over it. */
export function readSweepSettings(raw: unknown, task: Task, flags: { trials?: number; parallel?: number; seed?: number } = {}): SweepSettings {
  if (raw === undefined || raw === null) throw configError('sweep', 'is missing: a sweep needs `sweep: { space: { FIELD: {logUniform|uniform|int|choice: …} } }` in the config.');
  const s: Json = readObject(raw, 'sweep');
  rejectUnknown(s, 'sweep', ['space', 'metric', 'goal', 'trials', 'parallel', 'seed']);
  const spaceRaw = readObject(s.space, 'sweep.space');
  if (Object.keys(spaceRaw).length === 0) throw configError('sweep.space', 'must name at least one config field to search.');
  const space: Record<string, Distribution> = {};
  for (const key of Object.keys(spaceRaw).sort()) space[key] = readDistribution(spaceRaw[key], `sweep.space.${key}`);
  const metric = s.metric === undefined ? (task === 'regression' ? 'val_rmse' : 'val_accuracy') : readEnumLike(s.metric, 'sweep.metric');
  const goal = readEnum(s.goal, 'sweep.goal', ['minimize', 'maximize'] as const, HIGHER_IS_BETTER.test(metric) ? 'maximize' : 'minimize');
  return {
    space, metric, goal,
    trials: flags.trials ?? readNumber(s.trials, 'sweep.trials', { integer: true, min: 1, max: 10_000 }, 10),
    parallel: flags.parallel ?? readNumber(s.parallel, 'sweep.parallel', { integer: true, min: 1, max: 256 }, defaultParallelism()),
    seed: flags.seed ?? readNumber(s.seed, 'sweep.seed', { integer: true, min: 0 }, Math.floor(Math.random() * 2 ** 31)),
  };
}

function readEnumLike(v: unknown, field: string): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(v)) throw configError(field, `must be a metric name such as val_accuracy, got ${JSON.stringify(v)}.`);
  return v;
}

/** 4 significant digits: params stay readable (0.003162, not 0.0031622776601683794) and still reproducible. */
function round(v: number): number {
  return Number(v.toPrecision(4));
}

/**
 * Every trial's field values, drawn up front from one seeded generator in a fixed key order: the
 * same seed gives the same trials whatever order they finish in, and however many run at once.
 */
export function sampleTrials(space: Record<string, Distribution>, trials: number, seed: number): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const keys = Object.keys(space).sort();
  return Array.from({ length: trials }, () => {
    const params: Record<string, unknown> = {};
    for (const key of keys) {
      const d = space[key];
      const r = random();
      if ('logUniform' in d) params[key] = round(Math.exp(Math.log(d.logUniform[0]) + r * (Math.log(d.logUniform[1]) - Math.log(d.logUniform[0]))));
      else if ('uniform' in d) params[key] = round(d.uniform[0] + r * (d.uniform[1] - d.uniform[0]));
      else if ('int' in d) params[key] = d.int[0] + Math.floor(r * (d.int[1] - d.int[0] + 1));
      else params[key] = d.choice[Math.floor(r * d.choice.length)];
    }
    return params;
  });
}
