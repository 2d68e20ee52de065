import { COMPARE_SERIES, COMPARE_SNAPSHOT, OVERVIEW_POINTS, type CompareSeries, type CompareSnapshot, type StepRange } from '../../../protocol/compare';
import { toWire } from '../../../protocol/numbers';
import type { TrackerStore } from '../../../tracker/src/store/trackerStore';
import { toRowView } from '../runs/runsViewModel';

/** Runs, and the union of their metric, param and tag keys. Unknown ids are skipped (a run may be deleted). */
export function buildCompareSnapshot(store: TrackerStore, runIds: string[]): CompareSnapshot {
  const runs = runIds.flatMap((id) => {
    try {
      return [toRowView(store.getRun(id))];
    } catch {
      return [];
    }
  });
  const keys = (pick: (r: (typeof runs)[number]) => object) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
  return { type: COMPARE_SNAPSHOT, runs, metricKeys: keys((r) => r.metrics), paramKeys: keys((r) => r.params), tagKeys: keys((r) => r.tags) };
}

/**
 * One metric for every run: downsampled to OVERVIEW_POINTS for the whole history, or the same bound
 * over a zoomed step range (which is full resolution once the range holds fewer points).
 */
export function buildCompareSeries(store: TrackerStore, runIds: string[], key: string, range: StepRange | null, requestId: number | null): CompareSeries {
  const series = runIds.flatMap((runId) => {
    const s = store.getMetricHistory(runId, key, { minStep: range?.minStep, maxStep: range?.maxStep, maxPoints: OVERVIEW_POINTS });
    if (s.totalPoints === 0) return [];
    return [{
      runId, steps: Array.from(s.steps), values: Array.from(s.values, toWire), times: Array.from(s.timestamps),
      downsampled: s.downsampled, totalPoints: s.totalPoints,
    }];
  });
  return { type: COMPARE_SERIES, requestId, key, range, series };
}
