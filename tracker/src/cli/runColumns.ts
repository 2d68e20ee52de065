import { LoupeError } from '../errors';
import type { MetricSummary, RunDetail } from '../store/types';
import type { Cell } from './format';

/** Column specs shared by `loupe runs` and `loupe compare`: attributes, params.X, tags.X, metrics.X[.agg]. */
const ATTRIBUTES: Record<string, (r: RunDetail) => Cell> = {
  id: (r) => r.id.slice(0, 8),
  run_id: (r) => r.id,
  name: (r) => r.name,
  experiment: (r) => r.experimentName,
  status: (r) => r.status,
  created: (r) => new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 19),
  duration: (r) => formatDuration((r.endTime ?? Date.now()) - r.startTime),
  parent: (r) => r.parentRunId?.slice(0, 8) ?? '',
  git: (r) => (r.gitCommit ? r.gitCommit.slice(0, 8) + (r.gitDirty ? '*' : '') : ''),
};

const AGGREGATES = ['last', 'min', 'max', 'mean', 'count'] as const;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function columnValue(run: RunDetail, spec: string): Cell {
  if (spec in ATTRIBUTES) return ATTRIBUTES[spec](run);
  const [prefix, ...rest] = spec.split('.');
  if (prefix === 'params' && rest.length) return run.params[rest.join('.')];
  if (prefix === 'tags' && rest.length) return run.tags[rest.join('.')];
  if (prefix === 'metrics' && rest.length) {
    const last = rest[rest.length - 1] as (typeof AGGREGATES)[number];
    const agg = rest.length > 1 && AGGREGATES.includes(last) ? last : 'last';
    const key = agg === last && rest.length > 1 ? rest.slice(0, -1).join('.') : rest.join('.');
    const m: MetricSummary | undefined = run.metrics[key];
    return m ? m[agg] : undefined;
  }
  throw new LoupeError('INVALID_ARGUMENT', `Unknown column "${spec}". Use ${Object.keys(ATTRIBUTES).join(', ')}, params.NAME, tags.NAME or metrics.NAME[.last|min|max|mean|count].`);
}

/** Default columns: attributes, then every param and last metric the listed runs have (a few at most). */
export function defaultColumns(runs: RunDetail[], maxEach = 6): string[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const r of runs) {
    Object.keys(r.params).forEach((k) => params.add(k));
    Object.keys(r.metrics).forEach((k) => metrics.add(k));
  }
  return [
    'id', 'name', 'experiment', 'status', 'created', 'duration',
    ...[...params].sort().slice(0, maxEach).map((k) => `params.${k}`),
    ...[...metrics].sort().slice(0, maxEach).map((k) => `metrics.${k}`),
  ];
}
