import { LoupeError } from '../errors';
import type { PreprocessingConfig } from './configTypes';
import type { ColumnPlan } from './schemaPlan';
import { isMissing } from './table';

export type Cell = string | number | null | undefined;
export type InputRow = Readonly<Record<string, Cell>>;

/** x' = (x - center) / scale, with `fill` standing in for a missing value. */
export interface NumericTransform {
  name: string;
  kind: 'numeric';
  fill: number;
  center: number;
  scale: number;
}

/** One column per category; an unseen category encodes as all zeros. */
export interface CategoricalTransform {
  name: string;
  kind: 'categorical';
  fill: string;
  categories: string[];
}

export type FeatureTransform = NumericTransform | CategoricalTransform;

export type TargetTransform =
  | { kind: 'classes'; column: string; classes: string[]; valueType: 'number' | 'string' }
  | { kind: 'numeric'; column: string; center: number; scale: number };

/**
 * Everything learnt from the training split that turns a raw row into model inputs. Saved as JSON
 * inside the model package, so prediction never needs the training data or the config.
 */
export interface FittedPreprocessing {
  version: 1;
  features: FeatureTransform[];
  /** Number of model inputs after one-hot encoding. */
  width: number;
  target: TargetTransform;
}

function numberOf(cell: Cell, column: string): number | null {
  if (isMissing(cell)) return null;
  const n = typeof cell === 'number' ? cell : Number(String(cell).trim());
  if (!Number.isFinite(n)) throw new LoupeError('INVALID_ARGUMENT', `The column "${column}" must be numeric, got ${JSON.stringify(cell)}.`);
  return n;
}

function textOf(cell: Cell): string | null {
  return isMissing(cell) ? null : String(cell).trim();
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Most frequent value; ties go to the first in sort order so fitting is deterministic. */
function mode<T extends string | number>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0];
  let bestCount = 0;
  for (const [v, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (c > bestCount) [best, bestCount] = [v, c];
  }
  return best;
}

function fitNumeric(name: string, values: number[], cfg: PreprocessingConfig): NumericTransform {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const fill = cfg.impute === 'median' ? median(sorted) : cfg.impute === 'most_frequent' ? mode(values) : mean;
  if (cfg.scale === 'standard') {
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    return { name, kind: 'numeric', fill, center: mean, scale: std > 0 ? std : 1 };
  }
  if (cfg.scale === 'minmax') {
    const range = sorted[sorted.length - 1] - sorted[0];
    return { name, kind: 'numeric', fill, center: sorted[0], scale: range > 0 ? range : 1 };
  }
  return { name, kind: 'numeric', fill, center: 0, scale: 1 };
}

/** Fits on the TRAINING rows only: validation rows must not leak their statistics into the model. */
export function fitPreprocessing(train: readonly InputRow[], plan: ColumnPlan, cfg: PreprocessingConfig): FittedPreprocessing {
  const features = plan.features.map((f): FeatureTransform => {
    if (f.kind === 'numeric') {
      const values = train.map((r) => numberOf(r[f.name], f.name)).filter((v): v is number => v !== null);
      // A column can be empty in one fold while present overall; zero then stands in, centred at zero.
      return values.length ? fitNumeric(f.name, values, cfg) : { name: f.name, kind: 'numeric', fill: 0, center: 0, scale: 1 };
    }
    const values = train.map((r) => textOf(r[f.name])).filter((v): v is string => v !== null);
    // Categoricals are imputed with the most frequent value whatever `impute` says: a mean has no meaning for them.
    return { name: f.name, kind: 'categorical', fill: values.length ? mode(values) : '', categories: [...new Set(values)].sort() };
  });
  const width = features.reduce((w, f) => w + (f.kind === 'numeric' ? 1 : f.categories.length), 0);
  let target: TargetTransform;
  if (plan.task === 'regression') {
    // The target is standardised so one learning rate suits any unit (grams or kilograms).
    const ys = train.map((r) => numberOf(r[plan.label], plan.label)).filter((v): v is number => v !== null);
    const t = fitNumeric(plan.label, ys, { scale: 'standard', impute: 'mean', onehot: false });
    target = { kind: 'numeric', column: plan.label, center: t.center, scale: t.scale };
  } else {
    target = { kind: 'classes', column: plan.label, classes: plan.classes, valueType: plan.labelType };
  }
  return { version: 1, features, width, target };
}

/** Raw rows → a row-major Float32Array of `rows.length × width` model inputs. Pure: no state, no I/O. */
export function transformRows(prep: FittedPreprocessing, rows: readonly InputRow[]): Float32Array {
  const out = new Float32Array(rows.length * prep.width);
  const index = prep.features.map((f) => (f.kind === 'categorical' ? new Map(f.categories.map((c, i) => [c, i])) : null));
  rows.forEach((row, r) => {
    let o = r * prep.width;
    prep.features.forEach((f, j) => {
      if (f.kind === 'numeric') {
        out[o++] = ((numberOf(row[f.name], f.name) ?? f.fill) - f.center) / f.scale;
      } else {
        const k = index[j]!.get(textOf(row[f.name]) ?? f.fill);
        if (k !== undefined) out[o + k] = 1;
        o += f.categories.length;
      }
    });
  });
  return out;
}

/** Training targets: class index (binary: 0/1, multiclass: one-hot) or the standardised number. */
export function encodeTargets(prep: FittedPreprocessing, rows: readonly InputRow[]): Float32Array {
  const t = prep.target;
  if (t.kind === 'numeric') return Float32Array.from(rows, (r) => ((numberOf(r[t.column], t.column) ?? NaN) - t.center) / t.scale);
  const index = new Map(t.classes.map((c, i) => [c, i]));
  const width = t.classes.length === 2 ? 1 : t.classes.length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    const k = index.get(textOf(r[t.column]) ?? '');
    if (k === undefined) throw new LoupeError('INVALID_ARGUMENT', `Row ${i + 1} has the label ${JSON.stringify(r[t.column])}, which is not one of the classes ${t.classes.join(', ')}.`);
    if (width === 1) out[i] = k;
    else out[i * width + k] = 1;
  });
  return out;
}

/** Output units of the model for a target: 1 for binary and regression, one per class otherwise. */
export function outputWidth(target: TargetTransform): number {
  return target.kind === 'numeric' || target.classes.length === 2 ? 1 : target.classes.length;
}
