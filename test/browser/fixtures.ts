import type { CompareRun, CompareSeries, CompareSnapshot } from '../../protocol/compare';
import type { RunRowView, RunsSnapshot } from '../../protocol/runs';

/** View models as the host would send them, built without a database (the browser side is under test). */
export function runRow(i: number, overrides: Partial<RunRowView> = {}): RunRowView {
  return {
    id: i.toString(16).padStart(32, '0'),
    name: `run-${i}`,
    experiment: 'bench',
    status: i % 7 === 0 ? 'running' : 'finished',
    startTime: 1_700_000_000_000 + i * 1000,
    endTime: i % 7 === 0 ? null : 1_700_000_000_000 + i * 1000 + 60_000,
    params: { lr: String(0.001 * ((i % 10) + 1)), layers: String((i % 4) + 1) },
    tags: { stage: i % 2 ? 'dev' : 'prod' },
    metrics: { loss: { last: 1 / (i + 1), min: 0.5 / (i + 1), max: 1, mean: 0.7, count: 100 }, acc: { last: (i % 100) / 100, min: 0, max: 1, mean: 0.5, count: 100 } },
    ...overrides,
  };
}

export function runsSnapshot(runs: RunRowView[]): RunsSnapshot {
  const keys = (pick: (r: RunRowView) => object) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
  return { type: 'runs/snapshot', runs, total: runs.length, query: { filter: '', orderBy: [] }, paramKeys: keys((r) => r.params), metricKeys: keys((r) => r.metrics), filterError: null, generation: 1 };
}

export function compareSnapshot(runs: CompareRun[]): CompareSnapshot {
  const keys = (pick: (r: CompareRun) => object) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
  return { type: 'compare/snapshot', runs, metricKeys: keys((r) => r.metrics), paramKeys: keys((r) => r.params), tagKeys: keys((r) => r.tags) };
}

export function compareSeries(runs: CompareRun[], key: string, points: number): CompareSeries {
  return {
    type: 'compare/series', requestId: null, key, range: null,
    series: runs.map((r, k) => ({
      runId: r.id,
      steps: Array.from({ length: points }, (_, i) => i),
      values: Array.from({ length: points }, (_, i) => Math.exp(-i / (200 + k * 10)) + 0.01 * Math.sin(i + k)),
      times: Array.from({ length: points }, (_, i) => r.startTime + i * 100),
      downsampled: false, totalPoints: points,
    })),
  };
}
