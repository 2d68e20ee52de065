import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { profileTable } from '../../tracker/src/datasets/profile';
import { REPO_ROOT, tempWorkspace } from './helpers';

/** The smallest Thrift compact-protocol writer a Parquet footer needs (no Parquet writer is installed). */
class Compact {
  readonly bytes: number[] = [];
  private readonly last: number[] = [0];
  private varint(v: bigint): void {
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      this.bytes.push(b);
    } while (v);
  }
  private header(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    this.bytes.push(((delta > 0 && delta <= 15 ? delta : 0) << 4) | type);
    if (!(delta > 0 && delta <= 15)) this.varint(BigInt((id << 1) ^ (id >> 31)));
    this.last[this.last.length - 1] = id;
  }
  int(id: number, v: number, type = 5): this {
    this.header(id, type);
    const b = BigInt(v);
    this.varint(b >= 0n ? b << 1n : ((-b) << 1n) - 1n);
    return this;
  }
  long(id: number, v: number): this {
    return this.int(id, v, 6);
  }
  text(id: number, s: string): this {
    this.header(id, 8);
    const b = Buffer.from(s);
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
    return this;
  }
  struct(id: number, body: (w: this) => void): this {
    this.header(id, 12);
    this.nested(body);
    return this;
  }
  private nested(body: (w: this) => void): void {
    this.last.push(0);
    body(this);
    this.bytes.push(0);
    this.last.pop();
  }
  list<T>(id: number, elemType: number, items: T[], write: (w: this, item: T) => void): this {
    this.header(id, 9);
    this.bytes.push((Math.min(items.length, 15) << 4) | elemType);
    if (items.length >= 15) this.varint(BigInt(items.length));
    for (const item of items) {
      if (elemType === 12) this.nested((w) => write(w, item));
      else write(this, item);
    }
    return this;
  }
  raw(v: number): void {
    this.varint(BigInt(v >= 0 ? v << 1 : (-v << 1) - 1));
  }
  rawText(s: string): void {
    const b = Buffer.from(s);
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
  }
}

type Column = { name: string; type: 'int32' | 'double' | 'string' | 'boolean'; values: (number | string | boolean | null)[] };
const PHYSICAL = { boolean: 0, int32: 1, double: 5, string: 6 };

/** PLAIN, uncompressed, one row group, data page v1; nullable columns carry bit-packed definition levels. */
function writeParquet(file: string, columns: Column[]): void {
  const rows = columns[0].values.length;
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const metas: { offset: number; size: number; col: Column }[] = [];
  for (const col of columns) {
    const parts: Buffer[] = [];
    const nullable = col.values.some((v) => v === null);
    if (nullable) {
      const packed = Buffer.alloc(Math.ceil(rows / 8));
      col.values.forEach((v, i) => v !== null && (packed[i >> 3] |= 1 << (i & 7)));
      const levels = Buffer.concat([Buffer.from([(packed.length << 1) | 1]), packed]);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(levels.length);
      parts.push(len, levels);
    }
    const present = col.values.filter((v) => v !== null);
    if (col.type === 'boolean') {
      const packed = Buffer.alloc(Math.ceil(present.length / 8));
      present.forEach((v, i) => v && (packed[i >> 3] |= 1 << (i & 7)));
      parts.push(packed);
    } else {
      for (const v of present) {
        if (col.type === 'int32') parts.push(Buffer.from(new Int32Array([v as number]).buffer));
        else if (col.type === 'double') parts.push(Buffer.from(new Float64Array([v as number]).buffer));
        else {
          const b = Buffer.from(String(v));
          const len = Buffer.alloc(4);
          len.writeUInt32LE(b.length);
          parts.push(len, b);
        }
      }
    }
    const body = Buffer.concat(parts);
    const header = new Compact().int(1, 0).int(2, body.length).int(3, body.length).struct(5, (w) => w.int(1, rows).int(2, 0).int(3, 3).int(4, 3));
    header.bytes.push(0);
    const page = Buffer.concat([Buffer.from(header.bytes), body]);
    metas.push({ offset, size: page.length, col });
    chunks.push(page);
    offset += page.length;
  }
  const footer = new Compact()
    .int(1, 1)
    .list(2, 12, [null, ...columns], (w, c) => {
      if (!c) w.text(4, 'schema').int(5, columns.length);
      else {
        w.int(1, PHYSICAL[c.type]).int(3, c.values.some((v) => v === null) ? 1 : 0).text(4, c.name);
        if (c.type === 'string') w.int(6, 0);
      }
    })
    .long(3, rows)
    .list(4, 12, [0], (w) =>
      w
        .list(1, 12, metas, (m, meta) =>
          m.long(2, meta.offset).struct(3, (cm) =>
            cm.int(1, PHYSICAL[meta.col.type]).list(2, 5, [0, 3], (l, e) => l.raw(e)).list(3, 8, [meta.col.name], (l, s) => l.rawText(s))
              .int(4, 0).long(5, rows).long(6, meta.size).long(7, meta.size).long(9, meta.offset)))
        .long(2, offset - 4)
        .long(3, rows));
  footer.bytes.push(0);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.bytes.length);
  fs.writeFileSync(file, Buffer.concat([...chunks, Buffer.from(footer.bytes), len, Buffer.from('PAR1')]));
}

test('a Parquet file is profiled with the types of its columns and its missing values', async () => {
  const { root } = tempWorkspace();
  const file = path.join(root, 'tiny.parquet');
  writeParquet(file, [
    { name: 'id', type: 'int32', values: [1, 2, 3, 4, 5, 6] },
    { name: 'score', type: 'double', values: [0.5, 1.5, null, 2.5, 3.5, null] },
    { name: 'kind', type: 'string', values: ['a', 'b', 'a', 'c', 'a', 'b'] },
    { name: 'ok', type: 'boolean', values: [true, false, true, true, false, true] },
  ]);
  const p = await profileTable(file, 'tiny.parquet', 'parquet');
  assert.equal(p.error, undefined);
  assert.equal(p.rows, 6);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.missing]), [['id', 'integer', 0], ['score', 'number', 2], ['kind', 'string', 0], ['ok', 'boolean', 0]]);
  const score = p.columns[1].numeric!;
  assert.deepEqual([score.min, score.max, score.mean, score.median], [0.5, 3.5, 2, 2]);
  assert.deepEqual(p.columns[2].topValues[0], { value: 'a', count: 3 });
  assert.deepEqual(p.columns[3].topValues, [{ value: 'true', count: 4 }, { value: 'false', count: 2 }]);
  const r = p.correlations.find((c) => c.a === 'id' && c.b === 'score')!;
  assert.equal(r.n, 4);
  assert.ok(Math.abs(r.r! - 7 / Math.sqrt(50)) < 1e-12); // ids 1,2,4,5 against 0.5…3.5, worked by hand
});

test('a Parquet file whose pages cannot be decoded still reports its schema and the reason', async (t) => {
  const flights = path.join(REPO_ROOT, 'node_modules/vega-datasets/data/flights-3m.parquet');
  if (!fs.existsSync(flights)) return t.skip('vega-datasets is not installed');
  const p = await profileTable(flights, 'flights-3m.parquet', 'parquet');
  // Its pages are ZSTD-compressed, which hyparquet cannot decode without an extra package.
  assert.match(p.error ?? '', /ZSTD/);
  assert.equal(p.rows, 3_000_000); // from the footer, which is readable
  assert.deepEqual(p.columns.map((c) => c.name), ['date', 'delay', 'distance', 'origin', 'destination']);
  assert.deepEqual(p.columns.map((c) => c.type), ['datetime', 'integer', 'integer', 'string', 'string']);
});
