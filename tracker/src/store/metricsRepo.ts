import type { SqliteDatabase } from './database';
import type { MetricBlock, MetricSummary } from './types';
import { CHUNK_POINTS, blockStats, concatFloat64, decodeFloat64, encodeFloat64 } from '../series/chunkCodec';

interface ChunkRow {
  seq: number;
  count: number;
  first_step: number;
  last_step: number;
  min: number | null;
  max: number | null;
  steps: Buffer;
  vals: Buffer;
  times: Buffer;
}

export interface SummaryRow {
  key: string;
  last: number | null;
  last_step: number;
  last_time: number;
  min: number | null;
  max: number | null;
  sum: number;
  finite_count: number;
  count: number;
}

const nullToNaN = (v: number | null): number => (v === null ? NaN : v);
const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * Series storage in chunks of up to CHUNK_POINTS points. The write path tops up the last partial
 * chunk, then writes full chunks, then merges the per-key summary, all inside the caller's transaction.
 */
export class MetricsRepo {
  private readonly lastChunk;
  private readonly updateChunk;
  private readonly insertChunk;
  private readonly getSummary;
  private readonly upsertSummary;
  private readonly chunksInRange;
  private readonly summariesOfRun;
  private readonly keysOfRun;

  constructor(private readonly db: SqliteDatabase) {
    this.lastChunk = db.prepare<[string, string], ChunkRow>(
      'SELECT seq, count, first_step, last_step, min, max, steps, vals, times FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY seq DESC LIMIT 1',
    );
    this.updateChunk = db.prepare(
      'UPDATE metric_chunks SET count = ?, first_step = ?, last_step = ?, min = ?, max = ?, steps = ?, vals = ?, times = ? WHERE run_id = ? AND key = ? AND seq = ?',
    );
    this.insertChunk = db.prepare(
      'INSERT INTO metric_chunks (run_id, key, seq, count, first_step, last_step, min, max, steps, vals, times) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    );
    this.getSummary = db.prepare<[string, string], SummaryRow>('SELECT * FROM metric_summaries WHERE run_id = ? AND key = ?');
    this.upsertSummary = db.prepare(
      `INSERT INTO metric_summaries (run_id, key, last, last_step, last_time, min, max, sum, finite_count, count)
       VALUES (@run_id, @key, @last, @last_step, @last_time, @min, @max, @sum, @finite_count, @count)
       ON CONFLICT (run_id, key) DO UPDATE SET last = excluded.last, last_step = excluded.last_step,
         last_time = excluded.last_time, min = excluded.min, max = excluded.max, sum = excluded.sum,
         finite_count = excluded.finite_count, count = excluded.count`,
    );
    this.chunksInRange = db.prepare<[string, string, number, number], ChunkRow>(
      'SELECT seq, count, first_step, last_step, min, max, steps, vals, times FROM metric_chunks WHERE run_id = ? AND key = ? AND last_step >= ? AND first_step <= ? ORDER BY seq',
    );
    this.summariesOfRun = db.prepare<[string], SummaryRow>('SELECT * FROM metric_summaries WHERE run_id = ? ORDER BY key');
    this.keysOfRun = db.prepare<[string], { key: string }>('SELECT key FROM metric_summaries WHERE run_id = ? ORDER BY key');
  }

  /** Appends one block. Must run inside a write transaction. */
  append(block: MetricBlock): void {
    const n = block.values.length;
    if (n === 0) return;
    if (block.steps.length !== n || block.timestamps.length !== n) {
      throw new Error(`metric block ${block.key}: steps, values and timestamps differ in length`);
    }
    const steps = toF64(block.steps);
    const vals = toF64(block.values);
    const times = toF64(block.timestamps);
    let at = 0;
    let seq = 0;
    const last = this.lastChunk.get(block.runId, block.key);
    if (last) {
      seq = last.seq + 1;
      if (last.count < CHUNK_POINTS) {
        const take = Math.min(CHUNK_POINTS - last.count, n);
        const s = concatFloat64([decodeFloat64(last.steps), steps.subarray(0, take)]);
        const v = concatFloat64([decodeFloat64(last.vals), vals.subarray(0, take)]);
        const t = concatFloat64([decodeFloat64(last.times), times.subarray(0, take)]);
        const st = blockStats(v);
        const [lo, hi] = stepRange(s);
        this.updateChunk.run(s.length, lo, hi, nanToNull(st.min), nanToNull(st.max), encodeFloat64(s), encodeFloat64(v), encodeFloat64(t), block.runId, block.key, last.seq);
        at = take;
        seq = last.seq + 1;
      }
    }
    for (; at < n; at += CHUNK_POINTS, seq++) {
      const end = Math.min(at + CHUNK_POINTS, n);
      const s = steps.subarray(at, end);
      const st = blockStats(vals, at, end);
      const [lo, hi] = stepRange(s);
      this.insertChunk.run(
        block.runId, block.key, seq, end - at, lo, hi, nanToNull(st.min), nanToNull(st.max),
        encodeFloat64(s), encodeFloat64(vals.subarray(at, end)), encodeFloat64(times.subarray(at, end)),
      );
    }
    this.mergeSummary(block.runId, block.key, steps, vals, times);
  }

  private mergeSummary(runId: string, key: string, steps: Float64Array, vals: Float64Array, times: Float64Array): void {
    const prev = this.getSummary.get(runId, key);
    const st = blockStats(vals);
    // "last" is the value at the highest step; a later point at the same step wins (MLflow's rule).
    let li = -1;
    let lastStep = prev ? prev.last_step : -Infinity;
    for (let i = 0; i < steps.length; i++) {
      if (steps[i] >= lastStep) {
        lastStep = steps[i];
        li = i;
      }
    }
    const min = prev && prev.min !== null ? (Number.isNaN(st.min) ? prev.min : Math.min(prev.min, st.min)) : st.min;
    const max = prev && prev.max !== null ? (Number.isNaN(st.max) ? prev.max : Math.max(prev.max, st.max)) : st.max;
    this.upsertSummary.run({
      run_id: runId,
      key,
      last: li >= 0 ? nanToNull(vals[li]) : prev!.last,
      last_step: li >= 0 ? steps[li] : prev!.last_step,
      last_time: li >= 0 ? Math.round(times[li]) : prev!.last_time,
      min: nanToNull(min),
      max: nanToNull(max),
      sum: (prev?.sum ?? 0) + st.sum,
      finite_count: (prev?.finite_count ?? 0) + st.finiteCount,
      count: (prev?.count ?? 0) + vals.length,
    });
  }

  /** Every stored point of a key with minStep <= step <= maxStep, in step order. */
  read(runId: string, key: string, minStep = -Infinity, maxStep = Infinity): { steps: Float64Array; values: Float64Array; timestamps: Float64Array } {
    const rows = this.chunksInRange.all(runId, key, minStep, maxStep);
    const steps = concatFloat64(rows.map((r) => decodeFloat64(r.steps)));
    const values = concatFloat64(rows.map((r) => decodeFloat64(r.vals)));
    const timestamps = concatFloat64(rows.map((r) => decodeFloat64(r.times)));
    const inRange = minStep === -Infinity && maxStep === Infinity ? null : (i: number) => steps[i] >= minStep && steps[i] <= maxStep;
    return sortByStep(inRange ? filterColumns(steps, values, timestamps, inRange) : { steps, values, timestamps });
  }

  summaries(runId: string): MetricSummary[] {
    return this.summariesOfRun.all(runId).map(toSummary);
  }

  keys(runId: string): string[] {
    return this.keysOfRun.all(runId).map((r) => r.key);
  }
}

export function toSummary(r: SummaryRow): MetricSummary {
  return {
    key: r.key,
    last: nullToNaN(r.last),
    lastStep: r.last_step,
    lastTime: r.last_time,
    min: nullToNaN(r.min),
    max: nullToNaN(r.max),
    mean: r.finite_count > 0 ? r.sum / r.finite_count : NaN,
    count: r.count,
  };
}

function toF64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function stepRange(steps: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] < lo) lo = steps[i];
    if (steps[i] > hi) hi = steps[i];
  }
  return [lo, hi];
}

type Columns = { steps: Float64Array; values: Float64Array; timestamps: Float64Array };

function filterColumns(steps: Float64Array, values: Float64Array, timestamps: Float64Array, keep: (i: number) => boolean): Columns {
  const idx: number[] = [];
  for (let i = 0; i < steps.length; i++) if (keep(i)) idx.push(i);
  return {
    steps: Float64Array.from(idx, (i) => steps[i]),
    values: Float64Array.from(idx, (i) => values[i]),
    timestamps: Float64Array.from(idx, (i) => timestamps[i]),
  };
}

/** Points are usually logged in step order; only reorder (stably) when they were not. */
function sortByStep(c: Columns): Columns {
  let sorted = true;
  for (let i = 1; i < c.steps.length; i++) {
    if (c.steps[i] < c.steps[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return c;
  const order = Array.from(c.steps, (_, i) => i).sort((a, b) => c.steps[a] - c.steps[b] || a - b);
  return {
    steps: Float64Array.from(order, (i) => c.steps[i]),
    values: Float64Array.from(order, (i) => c.values[i]),
    timestamps: Float64Array.from(order, (i) => c.timestamps[i]),
  };
}
