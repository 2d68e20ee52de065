import type { ObjectStore } from '../objects/objectStore';
import type { SqliteTrackerStore } from '../store/sqliteStore';
import type { Experiment, Run, RunDetail, RunStatus } from '../store/types';
import { invalid } from './http';
import { RUN_NAME_TAG, STATUS_FROM_MLFLOW } from './mlflowFilter';

/** What every request handler works with. */
export interface ServerContext {
  store: SqliteTrackerStore;
  objects: ObjectStore;
  ids: ExperimentIds;
}

export const DEFAULT_EXPERIMENT = 'Default';
export const NOTE_TAG = 'mlflow.note.content';

export const STATUS_TO_MLFLOW: Record<RunStatus, string> = {
  running: 'RUNNING',
  queued: 'SCHEDULED',
  finished: 'FINISHED',
  failed: 'FAILED',
  killed: 'KILLED',
};

export function statusFromMlflow(s: string): RunStatus {
  const status = Object.hasOwn(STATUS_FROM_MLFLOW, s) ? STATUS_FROM_MLFLOW[s] : undefined;
  if (!status) throw invalid(`Invalid run status '${s}': expected one of ${Object.keys(STATUS_FROM_MLFLOW).join(', ')}.`);
  return status as RunStatus;
}

/**
 * MLflow clients use experiment "0" when none is set, but Loupe's ids start at 1; "0" therefore
 * names the Default experiment, whose own id is shown as "0" too so each experiment has one id.
 */
export class ExperimentIds {
  constructor(readonly defaultId: number) {}

  toMlflow(id: number): string {
    return id === this.defaultId ? '0' : String(id);
  }

  fromMlflow(text: string): number {
    if (!/^\d{1,15}$/.test(text)) throw invalid(`Invalid experiment id '${text.slice(0, 40)}': expected a number.`);
    const id = Number(text);
    return id === 0 ? this.defaultId : id;
  }
}

export function experimentJson(e: Experiment, ids: ExperimentIds): Record<string, unknown> {
  const id = ids.toMlflow(e.id);
  return {
    experiment_id: id,
    name: e.name,
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: e.lifecycle,
    last_update_time: e.updatedAt,
    creation_time: e.createdAt,
    tags: e.description ? [{ key: NOTE_TAG, value: e.description }] : [],
  };
}

/** Proto3 JSON leaves unset fields out, so a run that has not ended has no end_time. */
export function runInfoJson(run: Run & { tags?: Record<string, string> }, ids: ExperimentIds): Record<string, unknown> {
  const experimentId = ids.toMlflow(run.experimentId);
  const info: Record<string, unknown> = {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name,
    experiment_id: experimentId,
    user_id: run.tags?.['mlflow.user'] ?? '',
    status: STATUS_TO_MLFLOW[run.status],
    start_time: run.startTime,
    // MLflow's default proxied layout, which MLflow clients resolve against the tracking URI.
    artifact_uri: `mlflow-artifacts:/${experimentId}/${run.id}/artifacts`,
    lifecycle_stage: run.lifecycle,
  };
  if (run.endTime !== null) info.end_time = run.endTime;
  return info;
}

export function runJson(run: RunDetail, ids: ExperimentIds): Record<string, unknown> {
  const metrics = Object.values(run.metrics).map((m) => ({ key: m.key, value: m.last, timestamp: m.lastTime, step: m.lastStep }));
  const params = Object.entries(run.params).map(([key, value]) => ({ key, value }));
  const tags = Object.entries(run.tags).map(([key, value]) => ({ key, value }));
  tags.push({ key: RUN_NAME_TAG, value: run.name });
  return { info: runInfoJson(run, ids), data: { metrics, params, tags }, inputs: {} };
}

/** Paging tokens are opaque to clients; like MLflow's, ours are base64 JSON offsets. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const offset = (parsed as { offset?: unknown } | undefined)?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalid(`Invalid page_token '${token.slice(0, 60)}'.`);
  return offset;
}
