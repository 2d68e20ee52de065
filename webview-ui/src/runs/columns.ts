import type { MetricAggregate, RunRowView, RunsSnapshot } from '../../../protocol/runs';
import { formatDuration, formatMetric, formatTime } from '../common/format';

export interface Column {
  id: string;
  label: string;
  /** The query-language key the host sorts by. */
  sortKey: string;
  numeric: boolean;
  text(row: RunRowView, now: number): string;
}

const ATTRIBUTE_COLUMNS: Column[] = [
  { id: 'name', label: 'Name', sortKey: 'name', numeric: false, text: (r) => r.name },
  { id: 'status', label: 'Status', sortKey: 'status', numeric: false, text: (r) => r.status },
  { id: 'experiment', label: 'Experiment', sortKey: 'experiment', numeric: false, text: (r) => r.experiment },
  { id: 'created', label: 'Created', sortKey: 'created', numeric: true, text: (r) => formatTime(r.startTime) },
  { id: 'duration', label: 'Duration', sortKey: 'duration', numeric: true, text: (r, now) => formatDuration((r.endTime ?? now) - r.startTime) },
];

/** Attribute columns, then one per param, then one per metric showing the chosen aggregate. */
export function columnsFor(snapshot: RunsSnapshot, aggregate: MetricAggregate, hidden: Set<string>): Column[] {
  const params: Column[] = snapshot.paramKeys.map((k) => ({
    id: `params.${k}`, label: k, sortKey: `params.${quoteKey(k)}`, numeric: false, text: (r) => r.params[k] ?? '',
  }));
  const metrics: Column[] = snapshot.metricKeys.map((k) => ({
    id: `metrics.${k}`, label: `${k} (${aggregate})`, sortKey: `metrics.${quoteKey(k)}.${aggregate}`, numeric: true,
    text: (r) => formatMetric(r.metrics[k]?.[aggregate]),
  }));
  return [...ATTRIBUTE_COLUMNS, ...params, ...metrics].filter((c) => !hidden.has(c.id));
}

/** Keys that are not plain identifiers are written in backticks in the query language. */
function quoteKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : '`' + k.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}
