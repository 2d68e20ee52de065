import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { encodeProfile, profileTable } from '../../tracker/src/datasets/profile';
import { CsvStreamParser, parseCsv } from '../../tracker/src/tabular/csv';
import { seededRandom } from '../../tracker/src/demo/softmaxRegression';
import { REPO_ROOT, tempWorkspace } from './helpers';

const PENGUINS = path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv');

function write(name: string, text: string): string {
  const { root } = tempWorkspace();
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  return file;
}

test('the penguins profile agrees with statistics computed directly from the file', async () => {
  const p = await profileTable(PENGUINS, 'penguins.csv', 'csv');
  // Independent reading: the file has no quoted fields, so splitting lines on commas is exact.
  const [header, ...lines] = fs.readFileSync(PENGUINS, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  assert.equal(p.rows, 344);
  assert.equal(lines.length, 344);
  assert.deepEqual(p.columns.map((c) => c.name), header);
  assert.equal(p.columns.length, 7);
  assert.equal(p.label, 'Species');
  assert.equal(p.malformed.count, 0);
  const col = (name: string) => p.columns.find((c) => c.name === name)!;
  const at = (name: string) => header.indexOf(name);

  const sexMissing = lines.filter((l) => l[at('Sex')] === '').length;
  assert.equal(sexMissing, 10);
  assert.equal(col('Sex').missing, sexMissing);
  assert.equal(col('Sex').type, 'string');
  assert.deepEqual(col('Species').topValues.map((v) => v.value), ['Adelie', 'Gentoo', 'Chinstrap']);
  assert.equal(col('Species').distinct, 3);

  const mass = lines.map((l) => l[at('Body Mass (g)')]).filter((v) => v !== '').map(Number);
  const mean = mass.reduce((s, v) => s + v, 0) / mass.length;
  const std = Math.sqrt(mass.reduce((s, v) => s + (v - mean) ** 2, 0) / (mass.length - 1));
  const sorted = [...mass].sort((a, b) => a - b);
  const median = (sorted[(sorted.length >> 1) - 1] + sorted[sorted.length >> 1]) / 2;
  const m = col('Body Mass (g)');
  assert.equal(m.type, 'integer');
  assert.equal(m.missing, 344 - mass.length);
  assert.equal(m.numeric!.min, sorted[0]);
  assert.equal(m.numeric!.max, sorted[sorted.length - 1]);
  assert.ok(Math.abs(m.numeric!.mean - mean) < 1e-9);
  assert.ok(Math.abs(m.numeric!.std - std) < 1e-9);
  assert.equal(m.numeric!.median, median);
  assert.equal(m.numeric!.approximate, false);
  assert.equal(col('Beak Length (mm)').type, 'number');
  const hist = m.histogram!;
  assert.equal(hist.kind, 'numeric');
  if (hist.kind === 'numeric') {
    assert.equal(hist.counts.length, 20);
    assert.equal(hist.counts.reduce((s, c) => s + c, 0), mass.length);
  }

  const pairs = lines.filter((l) => l[at('Flipper Length (mm)')] !== '' && l[at('Body Mass (g)')] !== '').map((l) => [Number(l[at('Flipper Length (mm)')]), Number(l[at('Body Mass (g)')])]);
  const mx = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
  const my = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
  const sxy = pairs.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pairs.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const syy = pairs.reduce((s, p) => s + (p[1] - my) ** 2, 0);
  const r = p.correlations.find((c) => c.a === 'Flipper Length (mm)' && c.b === 'Body Mass (g)')!;
  assert.ok(Math.abs(r.r! - sxy / Math.sqrt(sxx * syy)) < 1e-9);
});

test('malformed CSV rows are counted and reported with their line numbers', async () => {
  const file = write('bad.csv', 'a,b\n1,2\n3\n"multi\nline",4\n5,6,7\n8,9\n');
  const p = await profileTable(file, 'bad.csv', 'csv');
  assert.equal(p.rows, 3);
  assert.equal(p.malformed.count, 2);
  assert.deepEqual(p.malformed.first, [
    { line: 3, reason: 'expected 2 fields, found 1' },
    { line: 6, reason: 'expected 2 fields, found 3' },
  ]);
});

test('only the first 100 malformed rows are kept, but all are counted', async () => {
  const file = write('many.csv', 'a,b\n' + Array.from({ length: 150 }, () => '1\n').join(''));
  const p = await profileTable(file, 'many.csv', 'csv');
  assert.equal(p.malformed.count, 150);
  assert.equal(p.malformed.first.length, 100);
  assert.equal(p.malformed.first[99].line, 101);
});

test('an empty file profiles as a table of no rows and no columns', async () => {
  const p = await profileTable(write('empty.csv', ''), 'empty.csv', 'csv');
  assert.deepEqual([p.rows, p.columns.length, p.malformed.count, p.error], [0, 0, 0, undefined]);
});

test('a JSON Lines file is profiled with typed values, late keys and bad lines', async () => {
  const text = ['{"id":1,"name":"a","when":"2024-01-02","ok":true}', '', '{"id":2,"name":"b","when":"2024-02-03T10:00:00Z","ok":false,"extra":3.5}', 'not json', '[1,2]', '{"id":3,"name":null,"when":"2024-03-04","ok":true}'].join('\n');
  const p = await profileTable(write('x.jsonl', text), 'x.jsonl', 'jsonl');
  assert.equal(p.rows, 3);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.missing]), [['id', 'integer', 0], ['name', 'string', 1], ['when', 'datetime', 0], ['ok', 'boolean', 0], ['extra', 'number', 2]]);
  assert.deepEqual(p.malformed.first.map((m) => m.line), [4, 5]);
  assert.equal(p.columns[2].numeric!.min, Date.parse('2024-01-02'));
});

test('a large numeric column gets an approximate median flagged as such', async () => {
  const random = seededRandom(3);
  const values = Array.from({ length: 50_000 }, () => Math.round(random() * 1_000_000) / 100);
  const p = await profileTable(write('big.csv', 'x\n' + values.join('\n') + '\n'), 'big.csv', 'csv');
  const x = p.columns[0];
  const sorted = [...values].sort((a, b) => a - b);
  assert.equal(x.numeric!.approximate, true);
  assert.ok(Math.abs(x.numeric!.median - (sorted[24_999] + sorted[25_000]) / 2) < 200, `median ${x.numeric!.median}`);
  assert.equal(x.numeric!.min, sorted[0]);
  assert.ok(x.distinct > 30_000 && x.distinctApproximate);
  if (x.histogram?.kind === 'numeric') assert.ok(Math.abs(x.histogram.counts.reduce((s, c) => s + c, 0) - 50_000) < 20);
});

test('the streaming CSV parser agrees with parseCsv however the text is chunked', () => {
  const text = '\ufeffa,b,c\r\n"x, ""quoted""",2,"line\r\nbreak"\n\n3,,""""\r4,5,6\n"end"",",7,8';
  const whole = parseCsv(text);
  const random = seededRandom(11);
  for (let trial = 0; trial < 200; trial++) {
    const records: string[][] = [];
    const parser = new CsvStreamParser((fields) => records.push(fields));
    let i = 0;
    while (i < text.length) {
      const n = 1 + Math.floor(random() * 6);
      parser.push(text.slice(i, i + n));
      i += n;
    }
    assert.deepEqual(parser.end(), {});
    assert.deepEqual(records, [whole.header, ...whole.rows]);
  }
});

test('profiles are stored as JSON even when a value is not finite', () => {
  const json = encodeProfile({ profileVersion: 1, skipped: [], tables: [{ path: 'x', format: 'csv', rows: 0, columns: [], correlations: [{ a: 'a', b: 'b', r: NaN, n: 0 }], label: null, malformed: { count: 0, first: [] } }] }).toString();
  assert.match(json, /"r":"NaN"/);
  assert.doesNotThrow(() => JSON.parse(json));
});
