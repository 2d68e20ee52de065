import * as os from 'node:os';
import { ObjectStore } from '../objects/objectStore';
import { SqliteTrackerStore } from '../store/sqliteStore';
import type { NewRun, RunStatus } from '../store/types';
import { findLoupeDir, workspaceOf } from '../workspace';
import { ActiveRun, DEFAULT_FLUSH_POLICY, type FlushPolicy } from './activeRun';
import { gitInfo } from './gitInfo';
import { trackOpenRuns } from './exitHooks';

export interface TrackerOptions {
  /** The `.loupe` folder; found like git finds a repository when absent. */
  dir?: string;
  flush?: Partial<FlushPolicy>;
}

export type StartRunOptions = Omit<NewRun, 'experiment'> & { experiment?: string };

/**
 * The TypeScript SDK: `const run = await tracker.startRun({ experiment, name, params, tags })`.
 * Opening finalises runs whose process died, keeping every point they flushed.
 */
export class Tracker {
  readonly store: SqliteTrackerStore;
  readonly objects: ObjectStore;
  private readonly policy: FlushPolicy;
  private readonly open = new Set<ActiveRun>();

  static open(options: TrackerOptions = {}): Tracker {
    return new Tracker(options);
  }

  private constructor(options: TrackerOptions) {
    const dir = options.dir ?? findLoupeDir();
    this.store = SqliteTrackerStore.open(dir);
    this.objects = new ObjectStore(dir);
    this.policy = { ...DEFAULT_FLUSH_POLICY, ...options.flush };
    this.store.finalizeDeadRuns();
    this.loupeDir = dir;
  }

  readonly loupeDir: string;

  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const git = gitInfo(workspaceOf(this.loupeDir));
    const info = this.store.createRun({
      sourceCommand: process.argv.slice(1).join(' '),
      host: os.hostname(),
      pid: process.pid,
      gitCommit: git.commit,
      gitDirty: git.dirty,
      ...options,
      experiment: options.experiment ?? 'Default',
    });
    const run = new ActiveRun(this.store, this.objects, info, this.policy, (r) => this.open.delete(r));
    this.open.add(run);
    trackOpenRuns(this.open);
    return run;
  }

  /** Flushes and ends every open run with `status`, then closes the database. */
  close(status: RunStatus = 'finished'): void {
    for (const run of [...this.open]) run.end(status);
    this.store.close();
  }
}
