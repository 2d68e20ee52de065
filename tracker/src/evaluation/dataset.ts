import { createHash } from 'node:crypto';
import { LoupeError } from '../errors';
import { parseCsv } from '../tabular/csv';
import type { Cell, ColumnType, Row } from './types';

/** A held-out table: rows keep every column, the label included; models never see the label. */
export interface EvalDataset {
  columns: string[];
  types: Record<string, ColumnType>;
  rows: Row[];
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses CSV text; a column whose non-empty cells are all decimal numbers becomes numeric, empty cells null. */
export function datasetFromCsv(text: string, source: string): EvalDataset {
  const table = parseCsv(text);
  if (table.malformed.length) {
    const m = table.malformed[0];
    throw new LoupeError('INVALID_ARGUMENT', `${source} line ${m.line}: ${m.reason}${table.malformed.length > 1 ? ` (and ${table.malformed.length - 1} more malformed line(s))` : ''}.`);
  }
  if (table.header.length === 0) throw new LoupeError('INVALID_ARGUMENT', `${source} is empty.`);
  const columns = table.header.map((h) => h.trim());
  const numeric = columns.map((_, j) => table.rows.every((r) => r[j].trim() === '' || DECIMAL.test(r[j].trim())));
  const rows = table.rows.map((r) => {
    const row: Record<string, Cell> = {};
    columns.forEach((c, j) => {
      const v = r[j].trim();
      row[c] = v === '' ? null : numeric[j] ? Number(v) : v;
    });
    return row as Row;
  });
  return { columns, types: inferColumnTypes(columns, rows), rows };
}

/** Types from values: number when every non-null cell is a number, boolean likewise, else string. */
export function inferColumnTypes(columns: string[], rows: readonly Row[]): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  for (const c of columns) {
    let allNumbers = true;
    let allBooleans = true;
    for (const r of rows) {
      const v = r[c];
      if (v === null || v === undefined) continue;
      if (typeof v !== 'number') allNumbers = false;
      if (typeof v !== 'boolean') allBooleans = false;
      if (!allNumbers && !allBooleans) break;
    }
    types[c] = allNumbers ? 'number' : allBooleans ? 'boolean' : 'string';
  }
  return types;
}

/**
 * The normal form a row is hashed in for leakage checks: each cell (in `columns` order, label
 * included) as text, trimmed, joined by U+001F. Training code must hash its rows with `rowHash` too,
 * so that the same row gives the same hash on both sides.
 */
export function normaliseRow(row: Row, columns: readonly string[]): string {
  let s = '';
  for (let j = 0; j < columns.length; j++) {
    const v = row[columns[j]];
    if (j) s += '\u001f';
    s += v === null || v === undefined ? '' : String(v).trim();
  }
  return s;
}

export function rowHash(row: Row, columns: readonly string[]): string {
  return hashNormalised(normaliseRow(row, columns));
}

export function hashNormalised(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/**
 * The dataset digest: sha256 over the normalised rows in the given order (all rows by default),
 * each length-prefixed so no two different tables stream the same bytes. One streaming hash is far
 * cheaper than a hash per row, which only the leakage check needs.
 */
export function digestOfRows(normalised: readonly string[], order?: Int32Array): string {
  const h = createHash('sha256');
  const n = order ? order.length : normalised.length;
  for (let k = 0; k < n; k++) {
    const s = normalised[order ? order[k] : k];
    h.update(`${s.length}:`);
    h.update(s);
  }
  return h.digest('hex');
}

/** Training rows a model saw: their `rowHash`es, or a membership test over them. */
export type TrainingRows = Iterable<string> | ((hash: string) => boolean);

export function trainingMembership(source: TrainingRows): (hash: string) => boolean {
  if (typeof source === 'function') return source;
  const set = source instanceof Set ? (source as Set<string>) : new Set(source);
  return (h) => set.has(h);
}
