import * as os from 'node:os';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { SqliteTrackerStore } from '../store/sqliteStore';
import type { RunStatus } from '../store/types';
import { applyOverrides, readRawConfig } from './configLoad';
import { validateConfig } from './configValidate';
import { launchTraining, type LaunchOptions } from './launch';
import { runScript, shellJoin, type RunScriptOptions } from './runScript';

export type QueueJob =
  | { kind: 'train'; configPath: string; options?: Omit<LaunchOptions, 'workspace' | 'signal' | 'runId'> }
  | { kind: 'script'; command: string[]; options?: Omit<RunScriptOptions, 'signal' | 'runId' | 'loupeDir'> };

export interface QueueEntry {
  /** The run id: the run exists (status `queued`) from the moment the job is queued. */
  id: string;
  job: QueueJob;
  state: 'queued' | RunStatus;
  error?: string;
}

export interface QueueOptions {
  workspace: string;
  loupeDir?: string;
  /** Jobs running at once (default 1: one after another). */
  concurrency?: number;
  onChange?: (entry: QueueEntry) => void;
}

/**
 * Runs queued jobs one after another, or N at a time. Each job's run is created `queued` when it is
 * queued, so it shows in the runs table at once, and turns `running` when its process starts.
 */
export class TrainingQueue {
  private readonly pending: QueueEntry[] = [];
  private readonly running = new Map<string, { entry: QueueEntry; stop: AbortController; done: Promise<void> }>();
  private readonly all: QueueEntry[] = [];
  private readonly loupeDir: string;
  private concurrency: number;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {
    this.loupeDir = options.loupeDir ?? path.join(options.workspace, '.loupe');
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Creates the job's run as `queued` and returns its id. A bad training config fails here, not later. */
  enqueue(job: QueueJob): string {
    let experiment: string;
    let name: string | undefined;
    let sourceCommand: string;
    if (job.kind === 'train') {
      const config = validateConfig(applyOverrides(readRawConfig(job.configPath), job.options?.overrides));
      const base = path.basename(job.configPath, path.extname(job.configPath));
      experiment = config.experiment ?? config.name ?? base;
      name = job.options?.runName;
      sourceCommand = `loupe train ${job.configPath}`;
    } else {
      if (!job.command.length) throw new LoupeError('INVALID_ARGUMENT', 'A script job needs a command.');
      experiment = job.options?.experiment ?? 'scripts';
      name = job.options?.name;
      sourceCommand = shellJoin(job.command);
    }
    const store = SqliteTrackerStore.open(this.loupeDir);
    let id: string;
    try {
      id = store.createRun({ experiment, name, status: 'queued', sourceCommand, host: os.hostname(), pid: null, tags: { 'loupe.queued': 'true' } }).id;
    } finally {
      store.close();
    }
    const entry: QueueEntry = { id, job, state: 'queued' };
    this.pending.push(entry);
    this.all.push(entry);
    this.options.onChange?.(entry);
    this.pump();
    return id;
  }

  entries(): QueueEntry[] {
    return [...this.all];
  }

  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, Math.floor(n));
    this.pump();
  }

  /** Ends a job: a queued one is marked `killed` without starting; a running one has its process tree stopped. */
  stop(id: string): void {
    const i = this.pending.findIndex((e) => e.id === id);
    if (i >= 0) {
      const [entry] = this.pending.splice(i, 1);
      const store = SqliteTrackerStore.open(this.loupeDir);
      try {
        store.updateRun(id, { status: 'killed' });
      } finally {
        store.close();
      }
      this.settle(entry, 'killed');
      return;
    }
    const active = this.running.get(id);
    if (!active) throw new LoupeError('NOT_FOUND', `No queued or running job with run id ${id}.`);
    active.stop.abort();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.pending.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.pending.length) {
      const entry = this.pending.shift()!;
      const stop = new AbortController();
      entry.state = 'running';
      this.options.onChange?.(entry);
      const done = this.start(entry, stop.signal).then(
        (status) => this.settle(entry, status),
        (e: Error) => this.settle(entry, stop.signal.aborted ? 'killed' : 'failed', e.message),
      );
      this.running.set(entry.id, { entry, stop, done });
    }
    if (this.pending.length === 0 && this.running.size === 0) this.waiters.splice(0).forEach((w) => w());
  }

  private async start(entry: QueueEntry, signal: AbortSignal): Promise<RunStatus> {
    const job = entry.job;
    if (job.kind === 'train') {
      const r = await launchTraining(job.configPath, { ...job.options, workspace: this.options.workspace, loupeDir: this.loupeDir, runId: entry.id, signal });
      return r.status;
    }
    const r = await runScript(job.command, { cwd: this.options.workspace, ...job.options, loupeDir: this.loupeDir, runId: entry.id, signal });
    return r.status;
  }

  private settle(entry: QueueEntry, state: RunStatus, error?: string): void {
    entry.state = state;
    if (error !== undefined) entry.error = error;
    this.running.delete(entry.id);
    this.options.onChange?.(entry);
    this.pump();
  }
}
