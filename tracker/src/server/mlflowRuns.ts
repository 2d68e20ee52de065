import * as os from 'node:os';
import type { NewRun, RunDetail } from '../store/types';
import { Args, keyValue } from './args';
import { invalid } from './http';
import { RUN_NAME_TAG, mlflowFilterToLoupe, mlflowOrderByToLoupe } from './mlflowFilter';
import {
  type ServerContext,
  decodePageToken,
  encodePageToken,
  runInfoJson,
  runJson,
  statusFromMlflow,
} from './mlflowModel';

export type Handler = (ctx: ServerContext, args: Args) => unknown;

const MAX_SEARCH_RESULTS = 50_000;

/**
 * Tags the Loupe Python client sends to describe its process. They become run fields (so a run
 * whose process died is finalised as killed) rather than tags.
 */
const PROCESS_TAGS = new Set(['loupe.host', 'loupe.pid', 'loupe.source_command']);

function runSpec(ctx: ServerContext, args: Args, experiment: string): NewRun {
  const tags: Record<string, string> = {};
  for (const item of args.objects('tags')) {
    const { key, value } = keyValue(item, 'tag');
    tags[key] = value;
  }
  const name = args.optStr('run_name') || tags[RUN_NAME_TAG] || undefined;
  delete tags[RUN_NAME_TAG];
  const pid = Number(tags['loupe.pid']);
  const parent = tags['mlflow.parentRunId'];
  const spec: NewRun = {
    experiment,
    name,
    startTime: args.optNum('start_time'),
    host: tags['loupe.host'] || os.hostname(),
    // Without the client's pid the server stands in as the writer: its runs stay `running` while it lives.
    pid: Number.isSafeInteger(pid) && pid > 0 ? pid : process.pid,
    sourceCommand: tags['loupe.source_command'] ?? tags['mlflow.source.name'] ?? '',
    gitCommit: tags['mlflow.source.git.commit'] ?? null,
    parentRunId: parent && runExists(ctx, parent) ? parent : null,
    tags: Object.fromEntries(Object.entries(tags).filter(([k]) => !PROCESS_TAGS.has(k))),
  };
  if (spec.startTime !== undefined && !Number.isFinite(spec.startTime)) throw invalid('start_time must be a finite number of ms.');
  return spec;
}

function runExists(ctx: ServerContext, id: string): boolean {
  try {
    ctx.store.getRun(id);
    return true;
  } catch {
    return false;
  }
}

export function runIdOf(args: Args): string {
  return args.strOf('run_id', 'run_uuid');
}

const createRun: Handler = (ctx, args) => {
  const experiment = ctx.store.getExperiment(ctx.ids.fromMlflow(args.optStr('experiment_id') || '0'));
  if (experiment.lifecycle !== 'active') throw invalid(`The experiment ${args.optStr('experiment_id') ?? '0'} is deleted; restore it before creating runs in it.`);
  return { run: runJson(ctx.store.createRun(runSpec(ctx, args, experiment.name)), ctx.ids) };
};

const getRun: Handler = (ctx, args) => ({ run: runJson(ctx.store.getRun(runIdOf(args)), ctx.ids) });

const updateRun: Handler = (ctx, args) => {
  const id = runIdOf(args);
  const status = args.optStr('status');
  const endTime = args.optNum('end_time');
  if (endTime !== undefined && !Number.isFinite(endTime)) throw invalid('end_time must be a finite number of ms.');
  ctx.store.updateRun(id, {
    status: status ? statusFromMlflow(status) : undefined,
    endTime,
    name: args.optStr('run_name') || undefined,
  });
  ctx.store.heartbeat(id);
  return { run_info: runInfoJson(ctx.store.getRun(id), ctx.ids) };
};

const deleteRun: Handler = (ctx, args) => {
  ctx.store.deleteRun(runIdOf(args));
  return {};
};

/** TrackerStore has no undelete; restoring is the one lifecycle write the server makes itself. */
const restoreRun: Handler = (ctx, args) => {
  const id = ctx.store.getRun(runIdOf(args)).id;
  ctx.store.db.prepare("UPDATE runs SET lifecycle = 'active' WHERE id = ?").run(id);
  return {};
};

function experimentNames(ctx: ServerContext, ids: string[]): string[] {
  const names: string[] = [];
  for (const id of ids) {
    try {
      names.push(ctx.store.getExperiment(ctx.ids.fromMlflow(id)).name);
    } catch {
      // MLflow returns no runs for an unknown experiment id rather than an error.
    }
  }
  return names;
}

const searchRuns: Handler = (ctx, args) => {
  const requested = args.strList('experiment_ids');
  const experiments = experimentNames(ctx, requested);
  const max = args.optInt('max_results', 1, MAX_SEARCH_RESULTS) ?? 1000;
  const offset = decodePageToken(args.optStr('page_token'));
  if (requested.length > 0 && experiments.length === 0) return { runs: [] };
  const view = args.optStr('run_view_type') ?? 'ACTIVE_ONLY';
  if (!['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(view)) throw invalid(`Invalid run_view_type '${view}': expected ACTIVE_ONLY, DELETED_ONLY or ALL.`);
  const query = {
    experiments: experiments.length ? experiments : undefined,
    filter: mlflowFilterToLoupe(args.optStr('filter')),
    orderBy: mlflowOrderByToLoupe(args.strList('order_by')),
    includeDeleted: view !== 'ACTIVE_ONLY',
  };
  let runs: RunDetail[];
  let total: number;
  if (view === 'DELETED_ONLY') {
    // The query language has no lifecycle field; deleted runs are few, so page them here.
    const deleted = ctx.store.listRuns(query).runs.filter((r) => r.lifecycle === 'deleted');
    runs = deleted.slice(offset, offset + max);
    total = deleted.length;
  } else {
    const page = ctx.store.listRuns({ ...query, limit: max, offset });
    runs = page.runs;
    total = page.total;
  }
  const out: Record<string, unknown> = { runs: runs.map((r) => runJson(r, ctx.ids)) };
  if (offset + runs.length < total) out.next_page_token = encodePageToken(offset + runs.length);
  return out;
};

export const RUN_HANDLERS: Record<string, Handler> = {
  'runs/create': createRun,
  'runs/get': getRun,
  'runs/update': updateRun,
  'runs/delete': deleteRun,
  'runs/restore': restoreRun,
  'runs/search': searchRuns,
};
