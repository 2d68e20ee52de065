/**
 * RFC 4180 CSV parsing: quoted fields with embedded commas, quotes ("") and newlines; CRLF or LF.
 * Rows whose field count differs from the header are reported with their line number, never dropped
 * silently.
 */
export interface CsvTable {
  header: string[];
  rows: string[][];
  malformed: { line: number; reason: string }[];
}

export function parseCsv(text: string, delimiter = ','): CsvTable {
  const records: { fields: string[]; line: number }[] = [];
  const malformed: { line: number; reason: string }[] = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quotedRecord = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record; a line holding one quoted empty field ("") is.
    if (quotedRecord || !(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    quotedRecord = false;
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  for (; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quotedRecord = true;
    }
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (inQuotes) malformed.push({ line: recordLine, reason: 'a quoted field is never closed' });
  else if (field !== '' || fields.length || quotedRecord) endRecord();
  const [head, ...body] = records;
  const header = head?.fields ?? [];
  const rows: string[][] = [];
  for (const r of body) {
    if (r.fields.length !== header.length) malformed.push({ line: r.line, reason: `expected ${header.length} fields, found ${r.fields.length}` });
    else rows.push(r.fields);
  }
  return { header, rows, malformed };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The same rules as parseCsv for text arriving in chunks (a file stream), so a large file is never
 * held whole in memory. Records are handed to `onRecord` with the line they start on; empty lines
 * are skipped. A quote or CR at the very end of a chunk waits for the next chunk to be decided.
 */
export class CsvStreamParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private pendingQuote = false;
  private pendingCr = false;
  private line = 1;
  private recordLine = 1;
  private sawText = false;
  private readonly delim: number;

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    delimiter = ',',
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    let i = 0;
    const n = text.length;
    if (n === 0) return;
    if (!this.sawText) {
      this.sawText = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(i) === LF) i++;
    } else if (this.pendingQuote) {
      this.pendingQuote = false;
      if (text.charCodeAt(i) === QUOTE) {
        this.field += '"';
        i++;
      } else this.inQuotes = false;
    }
    let start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.field += text.slice(start, i);
          if (i + 1 === n) {
            this.pendingQuote = true;
            return;
          }
          if (text.charCodeAt(i + 1) === QUOTE) {
            this.field += '"';
            i += 2;
          } else {
            this.inQuotes = false;
            i++;
          }
          start = i;
          continue;
        }
        if (c === LF) this.line++;
        i++;
      } else if (c === QUOTE && i === start && this.field === '') {
        this.inQuotes = true;
        start = ++i;
      } else if (c === this.delim) {
        this.fields.push(this.field + text.slice(start, i));
        this.field = '';
        start = ++i;
      } else if (c === LF || c === CR) {
        this.field += text.slice(start, i);
        this.endRecord();
        if (c === CR) {
          if (i + 1 === n) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === LF) i++;
        }
        this.line++;
        this.recordLine = this.line;
        start = ++i;
      } else i++;
    }
    this.field += text.slice(start, n);
  }

  /** Flushes the last record. Returns the line of a quoted field that is never closed, if any. */
  end(): { unclosedQuoteLine?: number } {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    this.pendingCr = false;
    if (this.inQuotes) return { unclosedQuoteLine: this.recordLine };
    if (this.field !== '' || this.fields.length) this.endRecord();
    return {};
  }

  private endRecord(): void {
    this.fields.push(this.field);
    if (!(this.fields.length === 1 && this.fields[0] === '')) this.onRecord(this.fields, this.recordLine);
    this.fields = [];
    this.field = '';
  }
}
