import type { MetricBlock } from '../store/types';

/** Growable columns for one key; typed arrays keep `log()` free of per-point allocations. */
class Column {
  steps = new Float64Array(256);
  values = new Float64Array(256);
  times = new Float64Array(256);
  length = 0;
  nextStep = 0;

  push(step: number, value: number, time: number): void {
    if (this.length === this.values.length) this.grow();
    const i = this.length++;
    this.steps[i] = step;
    this.values[i] = value;
    this.times[i] = time;
    this.nextStep = step + 1;
  }

  private grow(): void {
    const n = this.values.length * 2;
    for (const k of ['steps', 'values', 'times'] as const) {
      const bigger = new Float64Array(n);
      bigger.set(this[k]);
      this[k] = bigger;
    }
  }
}

/** Points waiting to be flushed, per metric key of one run. */
export class MetricBuffer {
  private readonly columns = new Map<string, Column>();
  private pending = 0;

  constructor(private readonly runId: string) {}

  get size(): number {
    return this.pending;
  }

  /** Step defaults to one past the key's previous step, like W&B's auto-increment. */
  push(key: string, value: number, step: number | undefined, time: number): void {
    let col = this.columns.get(key);
    if (!col) this.columns.set(key, (col = new Column()));
    col.push(step ?? col.nextStep, value, time);
    this.pending++;
  }

  /** Hands the buffered points over as blocks and starts empty (next steps are remembered). */
  drain(): MetricBlock[] {
    const blocks: MetricBlock[] = [];
    for (const [key, col] of this.columns) {
      if (col.length === 0) continue;
      blocks.push({
        runId: this.runId,
        key,
        steps: col.steps.slice(0, col.length),
        values: col.values.slice(0, col.length),
        timestamps: col.times.slice(0, col.length),
      });
      col.length = 0;
    }
    this.pending = 0;
    return blocks;
  }

  /** Puts blocks back in front after a failed flush, so no point is lost. */
  restore(blocks: MetricBlock[]): void {
    const later = this.drain();
    for (const b of [...blocks, ...later]) {
      for (let i = 0; i < b.values.length; i++) this.push(b.key, b.values[i], b.steps[i], b.timestamps[i]);
    }
  }
}
