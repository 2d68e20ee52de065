import { createHash } from 'node:crypto';
import { LoupeError } from '../errors';
import { readManifest, versionOf, withDatasets, type DatasetSession } from './datasetStore';
import { readTable, tableFormatOf, type Cell } from './tables';
import type { DatasetVersion } from './types';

export interface LeakageReport {
  train: DatasetVersion;
  heldOut: DatasetVersion;
  /** Columns compared: those both versions have, in name order (so column order does not matter). */
  columns: string[];
  trainRows: number;
  heldOutRows: number;
  /** Held-out rows equal (after normalising) to some training row. */
  sharedRows: number;
  examples: Record<string, string>[];
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '<na>', '#n/a']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Case, surrounding space, number spelling (1.50 vs 1.5) and missing-value markers do not make a row new. */
function normalise(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString();
  const t = String(c).trim().replace(/\s+/g, ' ').toLowerCase();
  if (MISSING.has(t)) return '';
  return NUMBER.test(t) ? String(Number(t)) : t;
}

async function tableRows(session: DatasetSession, v: DatasetVersion): Promise<{ columns: string[]; rows: Cell[][] }> {
  const manifest = readManifest(session.objects, v);
  const tables = manifest.files.filter((f) => tableFormatOf(f.path));
  if (!tables.length) throw new LoupeError('INVALID_ARGUMENT', `${v.dataset}@${v.version} holds no CSV, TSV, JSON Lines or Parquet file to compare rows of.`);
  let columns: string[] | undefined;
  const rows: Cell[][] = [];
  for (const f of tables) {
    const t = await readTable(session.objects.pathOf(f.hash), tableFormatOf(f.path)!);
    const order = columns ?? t.columns;
    columns ??= t.columns;
    const at = order.map((c) => t.columns.indexOf(c));
    for (const r of t.rows) rows.push(at.map((i) => (i < 0 ? null : (r.cells[i] ?? null))));
  }
  return { columns: columns ?? [], rows };
}

/**
 * Rows of `heldOut` that also occur in `train`, compared by a hash of their normalised values over
 * the shared columns. Exact duplicates only: near-duplicates need a model of "near" this cannot guess.
 */
export async function leakageCheck(loupeDir: string, trainRef: string | number, heldOutRef: string | number, maxExamples = 5): Promise<LeakageReport> {
  return withDatasets(loupeDir, async (session) => {
    const train = versionOf(session.repo, trainRef);
    const heldOut = versionOf(session.repo, heldOutRef);
    const a = await tableRows(session, train);
    const b = await tableRows(session, heldOut);
    const columns = a.columns.filter((c) => b.columns.includes(c)).sort();
    if (!columns.length) throw new LoupeError('INVALID_ARGUMENT', `${train.dataset}@${train.version} and ${heldOut.dataset}@${heldOut.version} share no column names, so their rows cannot be compared.`);
    const idxA = columns.map((c) => a.columns.indexOf(c));
    const idxB = columns.map((c) => b.columns.indexOf(c));
    const key = (idx: number[], row: Cell[]) => {
      const values = idx.map((i) => normalise(row[i] ?? null));
      return values.every((v) => v === '') ? undefined : createHash('sha256').update(values.join('\u001f')).digest('base64');
    };
    const seen = new Set<string>();
    for (const row of a.rows) {
      const k = key(idxA, row);
      if (k) seen.add(k);
    }
    let sharedRows = 0;
    const examples: Record<string, string>[] = [];
    for (const row of b.rows) {
      const k = key(idxB, row);
      if (!k || !seen.has(k)) continue;
      sharedRows++;
      if (examples.length < maxExamples) examples.push(Object.fromEntries(columns.map((c, j) => [c, display(row[idxB[j]] ?? null)])));
    }
    return { train, heldOut, columns, trainRows: a.rows.length, heldOutRows: b.rows.length, sharedRows, examples };
  });
}

function display(c: Cell): string {
  return c === null ? '' : c instanceof Date ? c.toISOString() : String(c);
}
