/**
 * Metric points are stored as little-endian Float64 columns in BLOBs. Decoding is a copy into a
 * fresh Float64Array: SQLite hands back Buffers that may sit at any byte offset.
 */
export const CHUNK_POINTS = 4096;

export function encodeFloat64(values: ArrayLike<number>): Buffer {
  const arr = values instanceof Float64Array ? values : Float64Array.from(values);
  return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
}

export function decodeFloat64(blob: Uint8Array): Float64Array {
  if (blob.byteLength % 8 !== 0) throw new Error(`corrupt metric chunk: ${blob.byteLength} bytes is not a whole number of float64 values`);
  const out = new Float64Array(blob.byteLength / 8);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Appends `b` to `a` into a new array (chunks are small, so this is cheap). */
export function concatFloat64(parts: Float64Array[], total?: number): Float64Array {
  const n = total ?? parts.reduce((s, p) => s + p.length, 0);
  const out = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Summary of a block of values: NaN ignored by min/max; sum and count over finite values only. */
export interface BlockStats {
  min: number;
  max: number;
  sum: number;
  finiteCount: number;
}

export function blockStats(values: ArrayLike<number>, from = 0, to = values.length): BlockStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finiteCount = 0;
  let seen = false;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v !== v) continue; // NaN
    seen = true;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== Infinity && v !== -Infinity) {
      sum += v;
      finiteCount++;
    }
  }
  return seen ? { min, max, sum, finiteCount } : { min: NaN, max: NaN, sum: 0, finiteCount: 0 };
}
