import { LOWER_IS_BETTER, oneMetric, type MetricName } from './metrics';
import type { Outcomes } from './outcomes';
import { quantileSorted } from './stats/quantiles';
import type { ColumnType, Row } from './types';

export const DEFAULT_MAX_CATEGORIES = 20;

export interface SliceResult {
  column: string;
  /** `category` value, numeric `quartile` bin, or rows where the column is empty. */
  kind: 'category' | 'quartile' | 'missing';
  value: string;
  n: number;
  champion: number | null;
  challenger: number | null;
  /** How much worse the challenger is (positive = worse): absolute, relative to the champion for mae/rmse. */
  regression: number | null;
  tooSmall: boolean;
  regressed: boolean;
}

export interface SliceReport {
  metric: MetricName;
  slices: SliceResult[];
  skippedColumns: { column: string; reason: string }[];
}

/** Error metrics carry the target's units, so a fixed absolute margin would mean nothing across datasets. */
const RELATIVE: ReadonlySet<MetricName> = new Set<MetricName>(['mae', 'rmse']);

export function regressionOf(metric: MetricName, champion: number, challenger: number): number {
  if (Number.isNaN(champion) || Number.isNaN(challenger)) return NaN;
  const worse = LOWER_IS_BETTER.has(metric) ? challenger - champion : champion - challenger;
  if (!RELATIVE.has(metric)) return worse;
  return champion > 0 ? worse / champion : worse > 0 ? Infinity : 0;
}

/**
 * The primary metric of both models per value of each categorical column and per quartile bin of
 * each numeric column (plus the rows where the column is empty), flagging slices where the
 * challenger is worse by more than the margin. Slices under `minSliceSize` rows are only reported.
 */
export function sliceReport(
  o: Outcomes,
  rows: readonly Row[],
  types: Record<string, ColumnType>,
  metric: MetricName,
  limits: { maxSliceRegression: number; minSliceSize: number; maxCategories?: number },
): SliceReport {
  const slices: SliceResult[] = [];
  const skippedColumns: SliceReport['skippedColumns'] = [];
  const maxCategories = limits.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  for (const [column, type] of Object.entries(types)) {
    const groups = type === 'number' ? quartileGroups(rows, column) : categoryGroups(rows, column, maxCategories);
    if ('skip' in groups) {
      skippedColumns.push({ column, reason: groups.skip });
      continue;
    }
    for (const g of groups.list) {
      const idx = Int32Array.from(g.rows);
      const champion = oneMetric(o, 'champion', metric, idx);
      const challenger = oneMetric(o, 'challenger', metric, idx);
      const regression = regressionOf(metric, champion, challenger);
      const tooSmall = idx.length < limits.minSliceSize;
      slices.push({
        column, kind: g.kind, value: g.value, n: idx.length,
        champion: finiteOrNull(champion), challenger: finiteOrNull(challenger), regression: Number.isNaN(regression) ? null : regression,
        tooSmall, regressed: !tooSmall && regression > limits.maxSliceRegression,
      });
    }
  }
  return { metric, slices, skippedColumns };
}

interface Group {
  kind: SliceResult['kind'];
  value: string;
  rows: number[];
}

function categoryGroups(rows: readonly Row[], column: string, maxCategories: number): { list: Group[] } | { skip: string } {
  const byValue = new Map<string, number[]>();
  const missing: number[] = [];
  rows.forEach((r, i) => {
    const v = r[column];
    if (v === null || v === undefined || v === '') return missing.push(i);
    const key = String(v);
    let list = byValue.get(key);
    if (!list) byValue.set(key, (list = []));
    list.push(i);
  });
  if (byValue.size > maxCategories) return { skip: `${byValue.size} distinct values (more than ${maxCategories}) look like an identifier, not a category` };
  const list: Group[] = [...byValue.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, idx]) => ({ kind: 'category', value, rows: idx }));
  if (missing.length) list.push({ kind: 'missing', value: '(missing)', rows: missing });
  return { list };
}

function quartileGroups(rows: readonly Row[], column: string): { list: Group[] } | { skip: string } {
  const values = new Float64Array(rows.length);
  const present: number[] = [];
  const missing: number[] = [];
  rows.forEach((r, i) => {
    const v = r[column];
    if (typeof v === 'number' && !Number.isNaN(v)) {
      values[i] = v;
      present.push(i);
    } else missing.push(i);
  });
  if (present.length === 0) return { skip: 'no numeric values' };
  const sorted = Float64Array.from(present, (i) => values[i]).sort();
  // Quartile edges; repeated edges (heavily tied data) merge their bins instead of making empty ones.
  const edges = [...new Set([0.25, 0.5, 0.75].map((q) => quantileSorted(sorted, q)))].filter((e) => e < sorted[sorted.length - 1]);
  const bins: number[][] = Array.from({ length: edges.length + 1 }, () => []);
  for (const i of present) {
    let b = 0;
    while (b < edges.length && values[i] > edges[b]) b++;
    bins[b].push(i);
  }
  const label = (b: number) =>
    edges.length === 0 ? 'all' : b === 0 ? `≤ ${fmt(edges[0])}` : b === edges.length ? `> ${fmt(edges[b - 1])}` : `(${fmt(edges[b - 1])}, ${fmt(edges[b])}]`;
  const list: Group[] = bins.map((idx, b) => ({ kind: 'quartile' as const, value: label(b), rows: idx })).filter((g) => g.rows.length > 0);
  if (missing.length) list.push({ kind: 'missing', value: '(missing)', rows: missing });
  return { list };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function finiteOrNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
