import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../tracker/src/tabular/csv';

const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '\u0000', '1') , maxLength: 12 });

function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
}

test('any table written as RFC 4180 CSV parses back to the same cells', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 20 })), (rows) => {
      const parsed = parseCsv(toCsv(rows));
      assert.deepEqual([parsed.header, ...parsed.rows], rows);
      assert.deepEqual(parsed.malformed, []);
    }),
    { numRuns: 500 },
  );
});

test('arbitrary text never crashes the CSV reader, and every dropped row is reported with its line', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'x', '\ufeff'), maxLength: 200 }), (text) => {
      const parsed = parseCsv(text);
      for (const m of parsed.malformed) assert.ok(Number.isInteger(m.line) && m.line >= 1 && m.reason.length > 0);
      for (const r of parsed.rows) assert.equal(r.length, parsed.header.length);
    }),
    { numRuns: 2000 },
  );
});

test('a row with the wrong number of fields is reported with its line number, not dropped silently', () => {
  const parsed = parseCsv('a,b\n1,2\n3\n4,5,6\n"multi\nline",7\n');
  assert.deepEqual(parsed.rows, [['1', '2'], ['multi\nline', '7']]);
  assert.deepEqual(parsed.malformed, [{ line: 3, reason: 'expected 2 fields, found 1' }, { line: 4, reason: 'expected 2 fields, found 3' }]);
});
