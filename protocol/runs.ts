import { PANEL_READY, isRecord, isStringArray, type PanelError, type PanelReady } from './common';
import type { WireNumber } from './numbers';

/** The runs panel: host sends whole snapshots; the panel sends intents. */
export const RUNS_SNAPSHOT = 'runs/snapshot';
export const RUNS_PATCH = 'runs/patch';
export const RUNS_APPEND = 'runs/append';
export const RUNS_SET_QUERY = 'runs/setQuery';
export const RUNS_OPEN = 'runs/open';
export const RUNS_COMPARE = 'runs/compare';
export const RUNS_EXPORT_CSV = 'runs/exportCsv';

export type MetricAggregate = 'last' | 'min' | 'max' | 'mean';

export interface MetricCell {
  last: WireNumber;
  min: WireNumber;
  max: WireNumber;
  mean: WireNumber;
  count: number;
}

export interface RunRowView {
  id: string;
  name: string;
  experiment: string;
  status: 'running' | 'finished' | 'failed' | 'killed' | 'queued';
  startTime: number;
  endTime: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricCell>;
}

export interface RunsQuery {
  filter: string;
  /** e.g. ['metrics.loss.min asc'] */
  orderBy: string[];
}

export interface RunsSnapshot {
  type: typeof RUNS_SNAPSHOT;
  runs: RunRowView[];
  total: number;
  query: RunsQuery;
  paramKeys: string[];
  metricKeys: string[];
  /** A filter the host could not parse: the message and the 1-based column of the problem. */
  filterError: { message: string; column: number | null } | null;
  /** Numbers this snapshot; the `runs/append` pages that follow it carry the same number. */
  generation: number;
}

/**
 * Host -> panel: the next page of the current snapshot's rows, in order. The host reads a large table
 * page by page so no single read blocks the editor; a page of an older generation is dropped.
 */
export interface RunsAppend {
  type: typeof RUNS_APPEND;
  generation: number;
  rows: RunRowView[];
  paramKeys: string[];
  metricKeys: string[];
}

/** Host -> panel: fresh values for rows already shown (live runs), without resending the table. */
export interface RunsPatch {
  type: typeof RUNS_PATCH;
  rows: RunRowView[];
}

export type RunsHostMessage = RunsSnapshot | RunsAppend | RunsPatch | PanelError;

export interface RunsSetQuery {
  type: typeof RUNS_SET_QUERY;
  query: RunsQuery;
}
export interface RunsOpen {
  type: typeof RUNS_OPEN;
  runId: string;
}
export interface RunsCompare {
  type: typeof RUNS_COMPARE;
  runIds: string[];
}
export interface RunsExportCsv {
  type: typeof RUNS_EXPORT_CSV;
  runIds: string[];
  columns: string[];
}

export type RunsPanelMessage = PanelReady | RunsSetQuery | RunsOpen | RunsCompare | RunsExportCsv;

const MAX_FILTER = 10_000;

/** Validates a message from the runs panel (untrusted input); undefined when its shape is unknown. */
export function parseRunsPanelMessage(m: unknown): RunsPanelMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case PANEL_READY:
      return { type: PANEL_READY };
    case RUNS_SET_QUERY: {
      const q = m.query;
      if (!isRecord(q) || typeof q.filter !== 'string' || q.filter.length > MAX_FILTER || !isStringArray(q.orderBy, 20)) return undefined;
      return { type: RUNS_SET_QUERY, query: { filter: q.filter, orderBy: q.orderBy } };
    }
    case RUNS_OPEN:
      return typeof m.runId === 'string' && m.runId.length <= 64 ? { type: RUNS_OPEN, runId: m.runId } : undefined;
    case RUNS_COMPARE:
      return isStringArray(m.runIds) ? { type: RUNS_COMPARE, runIds: m.runIds } : undefined;
    case RUNS_EXPORT_CSV:
      return isStringArray(m.runIds) && isStringArray(m.columns, 1000) ? { type: RUNS_EXPORT_CSV, runIds: m.runIds, columns: m.columns } : undefined;
    default:
      return undefined;
  }
}
