import * as fs from 'node:fs';
import { LoupeError } from '../errors';
import { CsvStreamParser } from '../tabular/csv';

/** A value as a reader hands it over: CSV gives strings, JSON Lines and Parquet give typed values. */
export type Cell = string | number | boolean | Date | null;

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/**
 * What a reader calls while it streams a table. `columns` is called before the first row and again
 * whenever the set grows (JSON Lines objects may bring new keys); a row shorter than the columns is
 * missing the rest. `line` is the 1-based line (CSV, JSON Lines) or row number (Parquet).
 */
export interface TableSink {
  columns(names: string[]): void;
  row(cells: Cell[], line: number, raw?: string): void;
  malformed(line: number, reason: string): void;
}

const EXTENSIONS: Record<string, TableFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet' };

export function tableFormatOf(file: string): TableFormat | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[file.slice(dot + 1).toLowerCase()];
}

/** Streams the table in `file` (read as `format`) into `sink`; nothing is held whole in memory but Parquet row batches. */
export async function scanTable(file: string, format: TableFormat, sink: TableSink): Promise<void> {
  // Loaded on demand: hyparquet is only needed for Parquet, and hosts import this module at startup.
  if (format === 'parquet') return (await import('./parquetTable')).scanParquet(file, sink);
  if (format === 'jsonl') return scanJsonLines(file, sink);
  return scanDelimited(file, format === 'tsv' ? '\t' : ',', sink);
}

async function* textChunks(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) yield decoder.decode(chunk as Buffer, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function scanDelimited(file: string, delimiter: string, sink: TableSink): Promise<void> {
  let header: string[] | undefined;
  const parser = new CsvStreamParser((fields, line) => {
    if (!header) {
      header = fields;
      sink.columns(header);
    } else if (fields.length !== header.length) sink.malformed(line, `expected ${header.length} fields, found ${fields.length}`);
    else sink.row(fields, line);
  }, delimiter);
  for await (const text of textChunks(file)) parser.push(text);
  const { unclosedQuoteLine } = parser.end();
  if (unclosedQuoteLine !== undefined) sink.malformed(unclosedQuoteLine, 'a quoted field is never closed');
  if (!header) sink.columns([]);
}

async function scanJsonLines(file: string, sink: TableSink): Promise<void> {
  const index = new Map<string, number>();
  const names: string[] = [];
  sink.columns([]);
  let carry = '';
  let line = 0;
  const handle = (text: string) => {
    line++;
    const trimmed = text.trim();
    if (!trimmed) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      sink.malformed(line, `not valid JSON (${(e as Error).message})`);
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      sink.malformed(line, 'not a JSON object');
      return;
    }
    const cells: Cell[] = [];
    let grew = false;
    for (const [key, v] of Object.entries(value)) {
      let at = index.get(key);
      if (at === undefined) {
        at = names.length;
        index.set(key, at);
        names.push(key);
        grew = true;
      }
      while (cells.length < at) cells.push(null);
      cells[at] = jsonCell(v);
    }
    if (grew) sink.columns([...names]);
    sink.row(cells, line, trimmed);
  };
  for await (const text of textChunks(file)) {
    const parts = (carry + text).split('\n');
    carry = parts.pop() ?? '';
    for (const p of parts) handle(p);
  }
  if (carry) handle(carry);
}

function jsonCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Reads a whole (small) table into memory, for splits and leakage checks that need every row. */
export async function readTable(file: string, format: TableFormat): Promise<{ columns: string[]; rows: { cells: Cell[]; raw?: string }[]; malformed: number }> {
  let columns: string[] = [];
  const rows: { cells: Cell[]; raw?: string }[] = [];
  let malformed = 0;
  await scanTable(file, format, {
    columns: (names) => (columns = names),
    row: (cells, _line, raw) => rows.push({ cells, raw }),
    malformed: () => malformed++,
  });
  return { columns, rows, malformed };
}

export function unsupportedFormat(path: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENT', `${path} is not a table Loupe can read (CSV, TSV, JSON Lines or Parquet).`);
}
