import * as path from 'node:path';
import { LoupeError } from '../errors';
import type { ObjectStore } from '../objects/objectStore';
import type { TrackerStore } from '../store/trackerStore';
import type { RunDetail, RunStatus } from '../store/types';
import { checkMetricValue, checkName } from '../store/validate';
import { MetricBuffer } from './metricBuffer';

export interface FlushPolicy {
  /** Flush when this many points are buffered. */
  maxPoints: number;
  /** Flush at least this often while points wait (ms). */
  intervalMs: number;
  /** Heartbeat period (ms). */
  heartbeatMs: number;
}

export const DEFAULT_FLUSH_POLICY: FlushPolicy = { maxPoints: 100_000, intervalMs: 1000, heartbeatMs: 10_000 };

/**
 * A run being logged by this process. `log()` only appends to an in-memory buffer; points reach
 * the database in one transaction per flush (size, interval, `end()`, process exit or signal).
 */
export class ActiveRun {
  private readonly buffer: MetricBuffer;
  private readonly checkedKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastHeartbeat = Date.now();
  private ended = false;

  constructor(
    private readonly store: TrackerStore,
    private readonly objects: ObjectStore,
    readonly info: RunDetail,
    private readonly policy: FlushPolicy,
    private readonly onEnd: (run: ActiveRun) => void,
  ) {
    this.buffer = new MetricBuffer(info.id);
    this.timer = setInterval(() => this.tick(), Math.min(policy.intervalMs, policy.heartbeatMs));
    this.timer.unref();
  }

  get id(): string {
    return this.info.id;
  }

  get name(): string {
    return this.info.name;
  }

  /** Logs one value per key at `step` (default: one past each key's previous step). */
  log(metrics: Record<string, number>, step?: number, timestamp: number = Date.now()): void {
    this.assertOpen();
    for (const key in metrics) {
      if (!this.checkedKeys.has(key)) {
        checkName('metric', key);
        this.checkedKeys.add(key);
      }
      const v = metrics[key];
      if (typeof v !== 'number') checkMetricValue(key, v);
      this.buffer.push(key, v, step, timestamp);
    }
    if (this.buffer.size >= this.policy.maxPoints) this.flush();
  }

  logParams(params: Record<string, unknown>): void {
    this.assertOpen();
    this.store.logParams(this.id, params);
  }

  setTags(tags: Record<string, unknown>): void {
    this.assertOpen();
    this.store.setTags(this.id, tags);
  }

  /** Copies a file into the object store and lists it under the run as `name` (default: its base name). */
  async logArtifact(file: string, name: string = path.basename(file)): Promise<{ hash: string; size: number }> {
    this.assertOpen();
    const stored = await this.objects.putFile(file);
    this.store.recordArtifact({ runId: this.id, path: name, hash: stored.hash, size: stored.size, createdAt: Date.now() });
    return stored;
  }

  /** Writes buffered points in one transaction. On failure the points go back into the buffer. */
  flush(): void {
    if (this.buffer.size === 0) return;
    const blocks = this.buffer.drain();
    try {
      this.store.appendMetrics(blocks);
    } catch (e) {
      this.buffer.restore(blocks);
      throw e;
    }
  }

  end(status: RunStatus = 'finished'): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    clearInterval(this.timer);
    this.store.updateRun(this.id, { status, endTime: Date.now() });
    this.onEnd(this);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private tick(): void {
    try {
      this.flush();
      if (Date.now() - this.lastHeartbeat >= this.policy.heartbeatMs) {
        this.lastHeartbeat = Date.now();
        this.store.heartbeat(this.id);
      }
    } catch {
      // Transient (e.g. the database is busy beyond the timeout): points stay buffered for the next tick.
    }
  }

  private assertOpen(): void {
    if (this.ended) throw new LoupeError('INVALID_ARGUMENT', `Run ${this.name} has ended; start a new run to log more.`);
  }
}
