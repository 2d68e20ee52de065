import type { Cell } from '../tables';
import { Reservoir, ValueCounter } from './sketches';
import type { ColumnProfile, ColumnType, Histogram, NumericStats } from './types';

/** pandas' default missing-value markers, so a profile agrees with what most users' notebooks show. */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL', 'null', 'None', '<NA>', '#N/A', '#NA']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;
const BOOLEAN = /^(true|false)$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
/** Distinct values counted exactly per column; past it counts turn approximate (memory stays bounded). */
export const DISTINCT_CAP = 10_000;
/** Values sampled per numeric column for the median and histogram: exact below it. */
export const RESERVOIR_SIZE = 16_384;

/** Welford's running mean and variance: stable where sum-of-squares formulas lose every digit. */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }
}

class NumericTrack {
  readonly moments = new Moments();
  readonly sample: Reservoir;

  constructor(seed: number) {
    this.sample = new Reservoir(RESERVOIR_SIZE, seed);
  }

  add(x: number): void {
    this.moments.add(x);
    this.sample.add(x);
  }

  stats(): { stats: NumericStats; histogram: Histogram } | undefined {
    const m = this.moments;
    if (m.n === 0) return undefined;
    const sorted = Float64Array.from(this.sample.values).sort();
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    const approximate = !this.sample.exact;
    const stats = { min: m.min, max: m.max, mean: m.mean, std: m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : 0, median, approximate };
    return { stats, histogram: numericHistogram(sorted, m.min, m.max, m.n, approximate) };
  }
}

/** 20 equal bins over [min, max]; from a sample, counts are scaled up to the column's count. */
function numericHistogram(values: Float64Array, min: number, max: number, total: number, approximate: boolean): Histogram {
  if (min === max) return { kind: 'numeric', edges: [min, max], counts: [total], approximate };
  const width = (max - min) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (i === HISTOGRAM_BINS ? max : min + i * width));
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width))]++;
  const scale = total / values.length;
  return { kind: 'numeric', edges, counts: scale === 1 ? counts : counts.map((c) => Math.round(c * scale)), approximate };
}

/**
 * Everything one column needs from a single pass. The type is only known at the end (the last row
 * may hold the first non-number), so numbers, datetimes and value counts are all tracked meanwhile.
 */
export class ColumnAccumulator {
  count = 0;
  missing = 0;
  nonFinite = 0;
  private notInteger = false;
  private notNumber = false;
  private notBoolean = false;
  private notDatetime = false;
  private readonly numbers: NumericTrack;
  private dates: NumericTrack | undefined;
  private readonly values = new ValueCounter(DISTINCT_CAP);

  constructor(readonly name: string, private readonly seed: number, missingSoFar = 0) {
    this.numbers = new NumericTrack(seed);
    this.missing = missingSoFar;
  }

  /** Adds one cell; returns its value when it is a finite number (for correlations). */
  add(cell: Cell): number | undefined {
    if (cell === null) {
      this.missing++;
      return undefined;
    }
    if (typeof cell === 'string') return this.addText(cell);
    if (typeof cell === 'number') {
      if (Number.isNaN(cell)) {
        this.missing++;
        return undefined;
      }
      this.count++;
      this.values.add(String(cell));
      this.notBoolean = this.notDatetime = true;
      if (!Number.isFinite(cell)) {
        this.nonFinite++;
        this.notInteger = true;
        return undefined;
      }
      if (!Number.isInteger(cell)) this.notInteger = true;
      this.numbers.add(cell);
      return cell;
    }
    this.count++;
    this.notInteger = this.notNumber = true;
    if (typeof cell === 'boolean') {
      this.notDatetime = true;
      this.values.add(String(cell));
    } else {
      this.notBoolean = true;
      this.addDate(cell.getTime());
      this.values.add(Number.isNaN(cell.getTime()) ? 'Invalid Date' : cell.toISOString());
    }
    return undefined;
  }

  private addText(raw: string): number | undefined {
    const t = raw.trim();
    if (MISSING.has(t)) {
      this.missing++;
      return undefined;
    }
    this.count++;
    this.values.add(raw);
    if (INTEGER.test(t) || NUMBER.test(t)) {
      if (!INTEGER.test(t)) this.notInteger = true;
      this.notBoolean = this.notDatetime = true;
      const x = Number(t);
      if (Number.isFinite(x)) {
        this.numbers.add(x);
        return x;
      }
      this.nonFinite++; // digits beyond double range
      return undefined;
    }
    if (INFINITE.test(t)) {
      this.nonFinite++;
      this.notInteger = this.notBoolean = this.notDatetime = true;
      return undefined;
    }
    this.notInteger = this.notNumber = true;
    if (!BOOLEAN.test(t)) this.notBoolean = true;
    if (DATETIME.test(t)) this.addDate(Date.parse(t));
    else this.notDatetime = true;
    return undefined;
  }

  private addDate(ms: number): void {
    if (Number.isNaN(ms)) {
      this.notDatetime = true;
      return;
    }
    this.dates ??= new NumericTrack(this.seed + 1);
    this.dates.add(ms);
  }

  type(declared?: ColumnType): ColumnType {
    if (this.count === 0) return declared ?? 'string';
    if (!this.notInteger) return 'integer';
    if (!this.notNumber) return 'number';
    if (!this.notBoolean) return 'boolean';
    if (!this.notDatetime) return 'datetime';
    return 'string';
  }

  finish(declared?: ColumnType): ColumnProfile {
    const type = this.type(declared);
    const track = type === 'integer' || type === 'number' ? this.numbers : type === 'datetime' ? this.dates : undefined;
    const numeric = track?.stats();
    const top = this.values.top(TOP_VALUES);
    const topTotal = top.reduce((s, v) => s + v.count, 0);
    const histogram: Histogram | null = numeric
      ? numeric.histogram
      : this.count > 0
        ? { kind: 'categorical', values: top, other: this.count - topTotal, approximate: this.values.approximate }
        : null;
    return {
      name: this.name, type, count: this.count, missing: this.missing, nonFinite: this.nonFinite,
      distinct: this.values.distinct(), distinctApproximate: this.values.approximate,
      ...(numeric ? { numeric: numeric.stats } : {}),
      topValues: top, topApproximate: this.values.approximate, histogram,
    };
  }
}
