import type { MetricCell, RunRowView, RunsQuery, RunsSnapshot } from '../../../protocol/runs';
import { RUNS_APPEND, RUNS_PATCH, RUNS_SNAPSHOT, type RunsAppend, type RunsPatch } from '../../../protocol/runs';
import { toWire } from '../../../protocol/numbers';
import type { TrackerStore } from '../../../tracker/src/store/trackerStore';
import type { RunDetail } from '../../../tracker/src/store/types';
import { isLoupeError } from '../../../tracker/src/errors';

export const RUNS_PANEL_LIMIT = 10_000;

export function toRowView(r: RunDetail): RunRowView {
  const metrics: Record<string, MetricCell> = {};
  for (const [k, m] of Object.entries(r.metrics)) {
    metrics[k] = { last: toWire(m.last), min: toWire(m.min), max: toWire(m.max), mean: toWire(m.mean), count: m.count };
  }
  return {
    id: r.id, name: r.name, experiment: r.experimentName, status: r.status,
    startTime: r.startTime, endTime: r.endTime, params: r.params, tags: r.tags, metrics,
  };
}

/** Rows read per step: a page of runs with 20 params and 20 metrics reads in well under 50 ms. */
export const RUNS_PAGE_SIZE = 250;

function keysOf(runs: RunDetail[]): { paramKeys: string[]; metricKeys: string[] } {
  const paramKeys = new Set<string>();
  const metricKeys = new Set<string>();
  for (const r of runs) {
    Object.keys(r.params).forEach((k) => paramKeys.add(k));
    Object.keys(r.metrics).forEach((k) => metricKeys.add(k));
  }
  return { paramKeys: [...paramKeys].sort(), metricKeys: [...metricKeys].sort() };
}

/**
 * The first page of the runs-panel view model for a query (`total` says how many match); the rest
 * follows as `runs/append` pages from buildRunsAppend. A bad filter yields its error and no rows.
 */
export function buildRunsSnapshot(store: TrackerStore, query: RunsQuery, generation = 0, pageSize = RUNS_PAGE_SIZE): RunsSnapshot {
  try {
    const page = store.listRuns({ filter: query.filter, orderBy: query.orderBy, limit: Math.min(pageSize, RUNS_PANEL_LIMIT) });
    return { type: RUNS_SNAPSHOT, runs: page.runs.map(toRowView), total: page.total, query, ...keysOf(page.runs), filterError: null, generation };
  } catch (e) {
    if (!isLoupeError(e, 'QUERY_SYNTAX') && !isLoupeError(e, 'INVALID_ARGUMENT')) throw e;
    const column = (e as { column?: unknown }).column;
    return {
      type: RUNS_SNAPSHOT, runs: [], total: 0, query, paramKeys: [], metricKeys: [], generation,
      filterError: { message: e.message, column: typeof column === 'number' ? column : null },
    };
  }
}

/** The page of rows starting at `offset` (never past RUNS_PANEL_LIMIT), or undefined when there is none. */
export function buildRunsAppend(store: TrackerStore, query: RunsQuery, generation: number, offset: number, pageSize = RUNS_PAGE_SIZE): RunsAppend | undefined {
  const limit = Math.min(pageSize, RUNS_PANEL_LIMIT - offset);
  if (limit <= 0) return undefined;
  const page = store.listRuns({ filter: query.filter, orderBy: query.orderBy, limit, offset });
  if (page.runs.length === 0) return undefined;
  return { type: RUNS_APPEND, generation, rows: page.runs.map(toRowView), ...keysOf(page.runs) };
}

/**
 * Rows that may have changed since `since` (running, or ended or created since then) among those the
 * panel shows: a cheap query while runs log, instead of re-reading thousands of finished runs.
 * Returns undefined when a full snapshot is needed (a new run appeared, or the filter is invalid).
 */
export function buildRunsPatch(store: TrackerStore, query: RunsQuery, shown: ReadonlySet<string>, since: number): RunsPatch | undefined {
  const live = `(status = 'running' or ended >= ${since} or created >= ${since})`;
  const filter = query.filter.trim() ? `(${query.filter}) and ${live}` : live;
  try {
    const page = store.listRuns({ filter, limit: 1000 });
    if (page.runs.some((r) => !shown.has(r.id))) return undefined;
    return { type: RUNS_PATCH, rows: page.runs.map(toRowView) };
  } catch {
    return undefined;
  }
}
