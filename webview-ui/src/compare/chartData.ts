import type { CompareRun, SeriesData } from '../../../protocol/compare';
import { fromWire } from '../../../protocol/numbers';
import { emaSmooth } from './smoothing';

export type XAxis = 'step' | 'time' | 'relative';

export interface CurvePoint {
  run: string;
  x: number;
  value: number;
  raw: number;
}

/** Rows for the metric-curve chart. Non-finite values are left out of the line (vega cannot plot them). */
export function curveRows(series: SeriesData[], runs: Map<string, CompareRun>, xAxis: XAxis, smoothing: number): CurvePoint[] {
  const rows: CurvePoint[] = [];
  for (const s of series) {
    const run = runs.get(s.runId);
    if (!run) continue;
    const raw = s.values.map(fromWire);
    const smooth = emaSmooth(raw, smoothing);
    for (let i = 0; i < raw.length; i++) {
      if (!Number.isFinite(smooth[i])) continue;
      const x = xAxis === 'step' ? s.steps[i] : xAxis === 'time' ? s.times[i] : (s.times[i] - run.startTime) / 1000;
      rows.push({ run: runLabel(run), x, value: smooth[i], raw: raw[i] });
    }
  }
  return rows;
}

/** Runs are told apart by name; duplicate names get a short id suffix. */
export function runLabel(run: CompareRun): string {
  return `${run.name} (${run.id.slice(0, 6)})`;
}

export interface ParallelRow {
  run: string;
  axis: string;
  /** 0..1 along the axis */
  position: number;
  value: string;
}

/**
 * Parallel-coordinate rows: each axis (param or metric) scaled to 0..1 over the runs. Numeric axes
 * scale linearly; categorical params are spread evenly in sorted order. Runs lacking a value skip that axis.
 */
export function parallelRows(runs: CompareRun[], params: string[], metrics: string[], aggregate: 'last' | 'min' | 'max' | 'mean'): ParallelRow[] {
  const axes: { name: string; get: (r: CompareRun) => string | number | undefined }[] = [
    ...params.map((p) => ({ name: p, get: (r: CompareRun) => numericOrText(r.params[p]) })),
    ...metrics.map((m) => ({ name: `${m}.${aggregate}`, get: (r: CompareRun) => (r.metrics[m] ? fromWire(r.metrics[m][aggregate]) : undefined) })),
  ];
  const rows: ParallelRow[] = [];
  for (const axis of axes) {
    const values = runs.map(axis.get);
    const present = values.filter((v): v is string | number => v !== undefined && !(typeof v === 'number' && !Number.isFinite(v)));
    if (present.length === 0) continue;
    const numeric = present.every((v) => typeof v === 'number');
    const nums = present as number[];
    const min = numeric ? Math.min(...nums) : 0;
    const max = numeric ? Math.max(...nums) : 0;
    const categories = numeric ? [] : [...new Set(present.map(String))].sort();
    runs.forEach((run, i) => {
      const v = values[i];
      if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return;
      const position = numeric
        ? max === min ? 0.5 : ((v as number) - min) / (max - min)
        : categories.length === 1 ? 0.5 : categories.indexOf(String(v)) / (categories.length - 1);
      rows.push({ run: runLabel(run), axis: axis.name, position, value: String(v) });
    });
  }
  return rows;
}

function numericOrText(v: string | undefined): string | number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

export interface DiffRow {
  key: string;
  kind: 'param' | 'tag';
  values: (string | undefined)[];
  differs: boolean;
}

/** Params and tags side by side; `differs` when any two runs disagree (missing counts as a value). */
export function diffRows(runs: CompareRun[], paramKeys: string[], tagKeys: string[]): DiffRow[] {
  const row = (kind: 'param' | 'tag', key: string): DiffRow => {
    const values = runs.map((r) => (kind === 'param' ? r.params[key] : r.tags[key]));
    return { key, kind, values, differs: new Set(values).size > 1 };
  };
  return [...paramKeys.map((k) => row('param', k)), ...tagKeys.map((k) => row('tag', k))];
}
