import * as os from 'node:os';
import { LoupeError } from '../errors';
import { ActiveRun, DEFAULT_FLUSH_POLICY } from '../sdk/activeRun';
import { trackOpenRuns } from '../sdk/exitHooks';
import type { Tracker, StartRunOptions } from '../sdk/tracker';

const adopted = new Set<ActiveRun>();

/**
 * Starts logging to a run created earlier with status `queued` (by the training queue), or starts a
 * new run when no id is given. The adopted run gets this process's pid so a crash is detected like
 * any SDK run's, and it is ended as `killed` on SIGTERM by the SDK's exit hooks.
 */
export async function startOrAdoptRun(tracker: Tracker, runId: string | undefined, options: StartRunOptions): Promise<ActiveRun> {
  if (runId === undefined) return tracker.startRun(options);
  const existing = tracker.store.getRun(runId);
  if (existing.status !== 'queued') throw new LoupeError('CONFLICT', `Run ${existing.name} is ${existing.status}, not queued; it cannot be started again.`);
  const now = Date.now();
  // The store's RunPatch has no pid/host (runs normally get them at creation); a queued run gets them when it starts.
  const claimed = tracker.store.db
    .prepare("UPDATE runs SET status = 'running', pid = ?, host = ?, start_time = ?, heartbeat_at = ? WHERE id = ? AND status = 'queued'")
    .run(process.pid, os.hostname(), now, now, runId);
  if (claimed.changes === 0) throw new LoupeError('CONFLICT', `Run ${existing.name} was started by someone else.`);
  if (options.params) tracker.store.logParams(runId, options.params);
  if (options.tags) tracker.store.setTags(runId, options.tags);
  const run = new ActiveRun(tracker.store, tracker.objects, tracker.store.getRun(runId), DEFAULT_FLUSH_POLICY, (r) => adopted.delete(r));
  adopted.add(run);
  trackOpenRuns(adopted);
  return run;
}
