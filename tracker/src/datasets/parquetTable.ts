import * as fs from 'node:fs';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { ColumnType } from './profile/types';
import type { Cell, TableSink } from './tables';

/** Rows decoded per call: bounds memory on large files while keeping hyparquet's per-call overhead small. */
const BATCH_ROWS = 65_536;

/** hyparquet reads through an AsyncBuffer; this one reads slices of a local file on demand. */
function fileBuffer(fd: number, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    slice(start: number, end = byteLength): ArrayBuffer {
      const out = new ArrayBuffer(end - start);
      fs.readSync(fd, new Uint8Array(out), 0, end - start, start);
      return out;
    },
  };
}

export async function withParquet<T>(file: string, fn: (buffer: AsyncBuffer, metadata: FileMetaData) => Promise<T>): Promise<T> {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = fileBuffer(fd, fs.fstatSync(fd).size);
    return await fn(buffer, await parquetMetadataAsync(buffer));
  } finally {
    fs.closeSync(fd);
  }
}

/** Top-level columns and the type their schema declares, readable even when the data pages are not. */
export function parquetColumns(metadata: FileMetaData): { name: string; type: ColumnType }[] {
  return parquetSchema(metadata).children.map((c) => {
    const e = c.element;
    const logical = e.logical_type?.type;
    let type: ColumnType = 'string';
    if (c.children.length) type = 'string';
    else if (logical === 'TIMESTAMP' || logical === 'DATE' || e.converted_type === 'DATE' || e.converted_type?.startsWith('TIMESTAMP') || e.type === 'INT96') type = 'datetime';
    else if (e.type === 'BOOLEAN') type = 'boolean';
    else if (e.type === 'INT32' || e.type === 'INT64') type = e.converted_type === 'DECIMAL' || logical === 'DECIMAL' ? 'number' : 'integer';
    else if (e.type === 'FLOAT' || e.type === 'DOUBLE') type = 'number';
    return { name: e.name, type };
  });
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

export async function scanParquet(file: string, sink: TableSink): Promise<void> {
  await withParquet(file, async (buffer, metadata) => {
    const names = parquetColumns(metadata).map((c) => c.name);
    sink.columns(names);
    const total = Number(metadata.num_rows);
    for (let start = 0; start < total; start += BATCH_ROWS) {
      const end = Math.min(total, start + BATCH_ROWS);
      let batch: unknown[][] = [];
      await parquetRead({ file: buffer, metadata, rowStart: start, rowEnd: end, onComplete: (rows: unknown[][]) => (batch = rows) });
      batch.forEach((row, i) => sink.row(row.map(toCell), start + i + 1));
    }
  });
}
