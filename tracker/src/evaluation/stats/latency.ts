import { quantileSorted } from './quantiles';

export interface LatencySummary {
  batches: number;
  rows: number;
  totalMs: number;
  /** Rows per second of predict time. */
  throughput: number;
  perBatchMs: { p50: number; p95: number; p99: number };
  /** Each row is charged its batch's time divided by the batch's rows. */
  perRowMs: { p50: number; p95: number; p99: number };
}

export function latencySummary(batchMs: Float64Array, batchRows: Int32Array): LatencySummary {
  let rows = 0;
  let totalMs = 0;
  for (let b = 0; b < batchMs.length; b++) {
    rows += batchRows[b];
    totalMs += batchMs[b];
  }
  const perRow = new Float64Array(rows);
  let at = 0;
  for (let b = 0; b < batchMs.length; b++) {
    perRow.fill(batchRows[b] ? batchMs[b] / batchRows[b] : 0, at, at + batchRows[b]);
    at += batchRows[b];
  }
  perRow.sort();
  const perBatch = Float64Array.from(batchMs).sort();
  const q = (s: Float64Array) => ({ p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), p99: quantileSorted(s, 0.99) });
  return { batches: batchMs.length, rows, totalMs, throughput: totalMs > 0 ? (rows * 1000) / totalMs : Infinity, perBatchMs: q(perBatch), perRowMs: q(perRow) };
}
