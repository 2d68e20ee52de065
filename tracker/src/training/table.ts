import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { parseCsv } from '../tabular/csv';
import type { DataConfig } from './configTypes';
import { readDatasetCsv } from './datasetSource';

/** A loaded CSV: raw text cells, plus where it came from so a model can name its training data. */
export interface DataTable {
  header: string[];
  rows: string[][];
  /** Workspace-relative path (or `name@version`) and the sha256 of the bytes read. */
  source: { ref: string; sha256: string; datasetVersionId?: number };
}

/** Cells that mean "no value" in CSVs exported by pandas, R and spreadsheets. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export function isMissing(cell: string | number | null | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return Number.isNaN(cell);
  return MISSING.has(cell.trim().toLowerCase());
}

/**
 * Resolves a workspace-relative path and refuses anything that leaves the workspace, through `..`
 * or a symlink: a shared config must not be able to read arbitrary files on the machine.
 */
export function resolveInsideWorkspace(workspace: string, relative: string): string {
  const root = fs.realpathSync(path.resolve(workspace));
  const target = path.resolve(root, relative);
  const inside = (p: string) => {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!inside(target)) {
    throw new LoupeError('PATH_OUTSIDE_WORKSPACE', `Config field data.path "${relative}" points outside the workspace ${root}; use a path inside it.`);
  }
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch (cause) {
    throw new LoupeError('NOT_FOUND', `Config field data.path: the file "${relative}" does not exist in the workspace ${root}.`, { cause });
  }
  if (!inside(real)) throw new LoupeError('PATH_OUTSIDE_WORKSPACE', `Config field data.path "${relative}" links to a file outside the workspace.`);
  return real;
}

/** Reads the config's data: a workspace CSV (`data.path`) or a versioned dataset (`data.dataset`). */
export function loadTable(workspace: string, data: DataConfig, loupeDir: string = path.join(workspace, '.loupe')): DataTable {
  let bytes: Buffer;
  let ref: string;
  let datasetVersionId: number | undefined;
  if (data.dataset !== undefined) {
    ({ bytes, ref, versionId: datasetVersionId } = readDatasetCsv(loupeDir, data.dataset));
  } else {
    const file = resolveInsideWorkspace(workspace, data.path ?? '');
    bytes = fs.readFileSync(file);
    ref = path.relative(fs.realpathSync(path.resolve(workspace)), file).split(path.sep).join('/');
  }
  const table = parseCsv(bytes.toString('utf8'));
  if (table.malformed.length) {
    const m = table.malformed[0];
    throw new LoupeError('INVALID_ARGUMENT', `${ref} line ${m.line}: ${m.reason} (${table.malformed.length} malformed row(s) in all); fix the file before training.`);
  }
  if (table.rows.length === 0) throw new LoupeError('INVALID_ARGUMENT', `${ref} has a header but no rows.`);
  const dup = table.header.find((h, i) => table.header.indexOf(h) !== i);
  if (dup !== undefined) throw new LoupeError('INVALID_ARGUMENT', `${ref} has two columns named "${dup}"; rename one.`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { header: table.header, rows: table.rows, source: { ref, sha256, ...(datasetVersionId !== undefined ? { datasetVersionId } : {}) } };
}

/** Rows as records keyed by column name: the shape prediction callers pass in, so both share one code path. */
export function toRecords(table: DataTable, indices?: readonly number[]): Record<string, string>[] {
  const pick = indices ?? table.rows.map((_, i) => i);
  return pick.map((i) => {
    const row = table.rows[i];
    const rec: Record<string, string> = {};
    table.header.forEach((h, j) => (rec[h] = row[j]));
    return rec;
  });
}
