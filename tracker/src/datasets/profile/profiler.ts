import { scanTable, type Cell, type TableFormat, type TableSink } from '../tables';
import { ColumnAccumulator } from './column';
import { CORRELATION_COLUMNS, PairwiseCorrelation } from './correlation';
import type { ColumnProfile, ColumnType, TableProfile } from './types';

export const MALFORMED_KEPT = 100;
const LABEL_NAMES = ['label', 'labels', 'target', 'class', 'species', 'y', 'outcome', 'category'];

/** Streams rows into per-column accumulators and pairwise correlation sums: one pass, bounded memory. */
class TableProfiler implements TableSink {
  readonly accumulators: ColumnAccumulator[] = [];
  private readonly corr = new PairwiseCorrelation(CORRELATION_COLUMNS);
  private readonly xs: (number | undefined)[] = [];
  rows = 0;
  malformedCount = 0;
  readonly malformedFirst: { line: number; reason: string }[] = [];

  columns(names: string[]): void {
    // A column first seen after some rows was missing from those rows.
    for (let i = this.accumulators.length; i < names.length; i++) this.accumulators.push(new ColumnAccumulator(names[i], 1 + i * 2, this.rows));
  }

  row(cells: Cell[]): void {
    this.rows++;
    const xs = this.xs;
    xs.length = Math.min(CORRELATION_COLUMNS, this.accumulators.length);
    for (let i = 0; i < this.accumulators.length; i++) {
      const v = this.accumulators[i].add(i < cells.length ? cells[i] : null);
      if (i < CORRELATION_COLUMNS) xs[i] = v;
    }
    this.corr.add(xs);
  }

  malformed(line: number, reason: string): void {
    this.malformedCount++;
    if (this.malformedFirst.length < MALFORMED_KEPT) this.malformedFirst.push({ line, reason });
  }

  finish(path: string, format: TableFormat, declared: Map<string, ColumnType>): TableProfile {
    const columns = this.accumulators.map((a) => a.finish(declared.get(a.name)));
    const numeric = (i: number) => columns[i].type === 'integer' || columns[i].type === 'number';
    return {
      path, format, rows: this.rows, columns,
      correlations: this.corr.result(columns.map((c) => c.name), numeric),
      label: guessLabel(columns, this.rows),
      malformed: { count: this.malformedCount, first: this.malformedFirst },
    };
  }
}

/** A column named like a label, else the last low-cardinality text column (class labels usually come last). */
export function guessLabel(columns: ColumnProfile[], rows: number): string | null {
  for (const name of LABEL_NAMES) {
    const hit = columns.find((c) => c.name.trim().toLowerCase() === name);
    if (hit) return hit.name;
  }
  const limit = Math.max(2, Math.min(50, Math.floor(rows / 5)));
  const candidates = columns.filter((c) => (c.type === 'string' || c.type === 'boolean') && c.distinct >= 2 && c.distinct <= limit && !c.distinctApproximate);
  return candidates.length ? candidates[candidates.length - 1].name : null;
}

/**
 * Profiles one table file. A file that cannot be read through still gets a profile, carrying the
 * error and, for Parquet, the columns its schema declares: one bad file should not stop a version.
 */
export async function profileTable(file: string, path: string, format: TableFormat): Promise<TableProfile> {
  const profiler = new TableProfiler();
  const declared = new Map<string, ColumnType>();
  let declaredRows: number | undefined;
  try {
    if (format === 'parquet') {
      const { parquetColumns, withParquet } = await import('../parquetTable');
      await withParquet(file, async (_b, metadata) => {
        declaredRows = Number(metadata.num_rows);
        for (const c of parquetColumns(metadata)) declared.set(c.name, c.type);
      });
    }
    await scanTable(file, format, profiler);
    return profiler.finish(path, format, declared);
  } catch (e) {
    const names = profiler.accumulators.length ? profiler.accumulators.map((a) => a.name) : [...declared.keys()];
    const blank = new TableProfiler();
    blank.columns(names);
    // Parquet's footer knows the row count even when its pages cannot be decoded.
    return { ...blank.finish(path, format, declared), rows: declaredRows ?? profiler.rows, error: (e as Error).message };
  }
}
