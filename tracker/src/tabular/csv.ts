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
