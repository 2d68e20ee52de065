import type { Experiment, Run } from './types';

/** Row shapes as SQLite returns them, and their conversion to the store's plain types. */
export interface ExperimentRow {
  id: number;
  name: string;
  description: string;
  lifecycle: 'active' | 'deleted';
  created_at: number;
  updated_at: number;
}

export interface RunRow {
  id: string;
  experiment_id: number;
  experiment_name: string;
  name: string;
  status: Run['status'];
  lifecycle: 'active' | 'deleted';
  parent_run_id: string | null;
  start_time: number;
  end_time: number | null;
  heartbeat_at: number | null;
  pid: number | null;
  host: string;
  source_command: string;
  git_commit: string | null;
  git_dirty: number | null;
  notes: string;
}

export const RUN_COLUMNS = `r.id, r.experiment_id, e.name AS experiment_name, r.name, r.status, r.lifecycle, r.parent_run_id,
  r.start_time, r.end_time, r.heartbeat_at, r.pid, r.host, r.source_command, r.git_commit, r.git_dirty, r.notes`;

export function toExperiment(r: ExperimentRow): Experiment {
  return { id: r.id, name: r.name, description: r.description, lifecycle: r.lifecycle, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function toRun(r: RunRow): Run {
  return {
    id: r.id,
    experimentId: r.experiment_id,
    experimentName: r.experiment_name,
    name: r.name,
    status: r.status,
    lifecycle: r.lifecycle,
    parentRunId: r.parent_run_id,
    startTime: r.start_time,
    endTime: r.end_time,
    heartbeatAt: r.heartbeat_at,
    pid: r.pid,
    host: r.host,
    sourceCommand: r.source_command,
    gitCommit: r.git_commit,
    gitDirty: r.git_dirty === null ? null : r.git_dirty !== 0,
    notes: r.notes,
  };
}
