import { LoupeError } from '../errors';
import type { Task, TrainingConfig } from './configTypes';
import { isMissing, type DataTable } from './table';

export interface FeaturePlan {
  name: string;
  kind: 'numeric' | 'categorical';
}

/** What a config means for one table, worked out before any run is created or any tensor built. */
export interface ColumnPlan {
  label: string;
  labelType: 'number' | 'string';
  task: Task;
  features: FeaturePlan[];
  /** Indices of the rows that have a label (rows without one cannot be trained or scored on). */
  labelled: number[];
  /** Class names in output order, for classification. */
  classes: string[];
}

/** Above this many distinct values a text column looks like an id or free text, not a category. */
export const MAX_CATEGORIES = 100;
const MAX_CLASSES = 1000;
/** A numeric label with at most this many distinct integer values is taken as classes when no task is given. */
const MAX_INTEGER_CLASSES = 10;

interface ColumnStats {
  numeric: boolean;
  present: number;
  distinct: Set<string>;
}

function stats(table: DataTable, col: number, rows: readonly number[]): ColumnStats {
  const distinct = new Set<string>();
  let numeric = true;
  let present = 0;
  for (const i of rows) {
    const cell = table.rows[i][col];
    if (isMissing(cell)) continue;
    present++;
    const text = cell.trim();
    distinct.add(text);
    if (numeric && !Number.isFinite(Number(text))) numeric = false;
  }
  return { numeric, present, distinct };
}

function columnIndex(table: DataTable, name: string, field: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new LoupeError('INVALID_ARGUMENT', `Config field ${field} names the column "${name}", which is not in ${table.source.ref}. Its columns are: ${table.header.map((h) => `"${h}"`).join(', ')}.`);
  }
  return i;
}

function inferTask(s: ColumnStats): Task {
  if (s.distinct.size === 2) return 'binary';
  if (!s.numeric) return 'multiclass';
  const integers = [...s.distinct].every((v) => Number.isInteger(Number(v)));
  return integers && s.distinct.size <= MAX_INTEGER_CLASSES ? 'multiclass' : 'regression';
}

function byValue(a: string, b: string, numeric: boolean): number {
  return numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
}

/** Checks every column the config names against the table and decides the task and feature kinds. */
export function planColumns(table: DataTable, config: TrainingConfig): ColumnPlan {
  const label = config.data.label;
  const labelCol = columnIndex(table, label, 'data.label');
  const all = table.rows.map((_, i) => i);
  const labelled = all.filter((i) => !isMissing(table.rows[i][labelCol]));
  if (labelled.length < 4) throw new LoupeError('INVALID_ARGUMENT', `The label column "${label}" has ${labelled.length} non-missing value(s) in ${table.source.ref}; training needs more rows.`);
  const ls = stats(table, labelCol, labelled);
  const task = config.task ?? inferTask(ls);
  if (task === 'regression' && !ls.numeric) {
    const example = [...ls.distinct].find((v) => !Number.isFinite(Number(v)));
    throw new LoupeError('INVALID_ARGUMENT', `The label column "${label}" holds text (e.g. "${example}"), but task 'regression' needs a numeric label. Use task 'multiclass' or 'binary', or another label.`);
  }
  if (task === 'binary' && ls.distinct.size !== 2) {
    throw new LoupeError('INVALID_ARGUMENT', `Task 'binary' needs exactly 2 classes, but the label column "${label}" has ${ls.distinct.size}. Use task '${ls.distinct.size > 2 ? 'multiclass' : 'regression'}'.`);
  }
  if (task === 'multiclass' && (ls.distinct.size < 2 || ls.distinct.size > MAX_CLASSES)) {
    throw new LoupeError('INVALID_ARGUMENT', `Task 'multiclass' needs 2 to ${MAX_CLASSES} classes, but the label column "${label}" has ${ls.distinct.size}.`);
  }
  if (config.model.type === 'linear' && task !== 'regression') {
    throw new LoupeError('INVALID_ARGUMENT', `Config field model.type is 'linear' but the label column "${label}" makes this a ${task} task; use 'logistic' or 'mlp'.`);
  }
  if (config.model.type === 'logistic' && task === 'regression') {
    throw new LoupeError('INVALID_ARGUMENT', `Config field model.type is 'logistic' but the label column "${label}" makes this a regression task; use 'linear' or 'mlp'.`);
  }
  const names = config.data.features ?? table.header.filter((h) => h !== label);
  if (names.includes(label)) throw new LoupeError('INVALID_ARGUMENT', `Config field data.features lists the label column "${label}"; a model cannot use its answer as an input.`);
  if (names.length === 0) throw new LoupeError('INVALID_ARGUMENT', `${table.source.ref} has no column besides the label "${label}" to learn from.`);
  const features = names.map((name, i): FeaturePlan => {
    const s = stats(table, columnIndex(table, name, `data.features.${i}`), labelled);
    if (s.present === 0) throw new LoupeError('INVALID_ARGUMENT', `The feature column "${name}" has no values at all; drop it from data.features.`);
    if (s.numeric) return { name, kind: 'numeric' };
    const example = [...s.distinct][0];
    if (!config.preprocessing.onehot) {
      throw new LoupeError('INVALID_ARGUMENT', `The feature column "${name}" holds text (e.g. "${example}"); set preprocessing.onehot: true to encode it, or leave it out of data.features.`);
    }
    if (s.distinct.size > MAX_CATEGORIES || (s.distinct.size > 20 && s.distinct.size > s.present / 2)) {
      throw new LoupeError('INVALID_ARGUMENT', `The feature column "${name}" holds text with ${s.distinct.size} distinct values in ${s.present} rows (e.g. "${example}"): too many to one-hot encode. Leave it out of data.features.`);
    }
    return { name, kind: 'categorical' };
  });
  const classes = task === 'regression' ? [] : [...ls.distinct].sort((a, b) => byValue(a, b, ls.numeric));
  return { label, labelType: ls.numeric ? 'number' : 'string', task, features, labelled, classes };
}

/** The label text of a row, for stratified splits. */
export function labelStratum(table: DataTable, plan: ColumnPlan): (row: number) => string {
  const col = table.header.indexOf(plan.label);
  return (row) => table.rows[row][col].trim();
}
