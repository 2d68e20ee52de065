/** The JSON a profile is stored as (in the object store). Numbers are finite or null: JSON has no NaN. */

export type ColumnType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string';

export interface ValueCount {
  value: string;
  count: number;
}

export interface NumericStats {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  median: number;
  /** True when the median and histogram come from a reservoir sample rather than every value. */
  approximate: boolean;
}

export type Histogram =
  | { kind: 'numeric'; edges: number[]; counts: number[]; approximate: boolean }
  | { kind: 'categorical'; values: ValueCount[]; other: number; approximate: boolean };

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Non-missing values. */
  count: number;
  missing: number;
  /** ±Infinity values: counted, but kept out of the numeric statistics. */
  nonFinite: number;
  distinct: number;
  distinctApproximate: boolean;
  /** Integer, number and datetime columns (datetimes as epoch milliseconds). */
  numeric?: NumericStats;
  topValues: ValueCount[];
  topApproximate: boolean;
  histogram: Histogram | null;
}

export interface Correlation {
  a: string;
  b: string;
  /** Pearson's r over the rows where both are present; null when either is constant. */
  r: number | null;
  n: number;
}

export interface TableProfile {
  /** Manifest path of the file. */
  path: string;
  format: string;
  rows: number;
  columns: ColumnProfile[];
  correlations: Correlation[];
  label: string | null;
  malformed: { count: number; first: { line: number; reason: string }[] };
  /** Set when the file could not be read through (the columns then come from its schema, if any). */
  error?: string;
}

export interface DatasetProfile {
  profileVersion: 1;
  tables: TableProfile[];
  /** Tabular files left unprofiled because a version had more than the profiling cap. */
  skipped: string[];
}
