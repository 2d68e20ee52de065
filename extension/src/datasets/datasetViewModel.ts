import type { ColumnProfileView, DatasetDiffView, DatasetProfileView, HistogramBin } from '../../../protocol/dataset';
import type { VersionDiff } from '../../../tracker/src/datasets/diff';
import type { ColumnProfile, DatasetProfile } from '../../../tracker/src/datasets/profile/types';
import type { DatasetVersion } from '../../../tracker/src/datasets/types';

const short = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(3))));

function bins(c: ColumnProfile): HistogramBin[] {
  const h = c.histogram;
  if (!h) return [];
  if (h.kind === 'numeric') return h.counts.map((count, i) => ({ label: `${short(h.edges[i])}–${short(h.edges[i + 1])}`, start: h.edges[i], end: h.edges[i + 1], count }));
  return [...h.values.map((v) => ({ label: v.value, count: v.count })), ...(h.other ? [{ label: '(other)', count: h.other }] : [])];
}

function columnView(c: ColumnProfile): ColumnProfileView {
  return {
    name: c.name, type: c.type, count: c.count + c.missing, missing: c.missing, distinct: c.distinct,
    min: c.numeric?.min ?? null, max: c.numeric?.max ?? null, mean: c.numeric?.mean ?? null, median: c.numeric?.median ?? null, std: c.numeric?.std ?? null,
    approximate: !!(c.numeric?.approximate || c.distinctApproximate || c.topApproximate),
    top: c.topValues, histogram: bins(c), numeric: !!c.numeric,
  };
}

/** The panel's view of a version: its first table's profile (the usual single-file dataset) and its users. */
export function profileView(version: DatasetVersion, files: { path: string; size: number }[], profile: DatasetProfile | null, runs: { runId: string; runName: string; role: string }[]): DatasetProfileView {
  const table = profile?.tables[0];
  const numericColumns = table ? table.columns.filter((c) => c.numeric).map((c) => c.name) : [];
  const matrix = numericColumns.map((a) => numericColumns.map((b) => {
    if (a === b) return 1;
    const pair = table!.correlations.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    return pair?.r ?? null;
  }));
  return {
    type: 'dataset/profile', dataset: version.dataset, version: version.version, digest: version.digest, message: version.message,
    createdAt: version.createdAt, rows: version.rows, files,
    columns: table ? table.columns.map(columnView) : [],
    correlations: { columns: numericColumns, matrix },
    labelGuess: table?.label ?? null,
    malformed: { count: table?.malformed.count ?? 0, examples: table?.malformed.first ?? [] },
    runs: runs.map((r) => ({ id: r.runId, name: r.runName, role: r.role })),
  };
}

export function diffView(d: VersionDiff): DatasetDiffView {
  const table = d.tables[0];
  return {
    type: 'dataset/diff', dataset: d.to.dataset, from: d.from.version, to: d.to.version,
    files: { added: d.files.added.map((f) => f.path), removed: d.files.removed.map((f) => f.path), changed: d.files.changed.map((f) => f.path) },
    rows: { from: d.from.rows, to: d.to.rows },
    schema: {
      added: d.tables.flatMap((t) => t.addedColumns), removed: d.tables.flatMap((t) => t.removedColumns),
      typeChanged: d.tables.flatMap((t) => t.typeChanged.map((c) => ({ name: c.column, from: c.before, to: c.after }))),
    },
    drift: table ? table.drift.map((c) => ({ column: c.column, statistic: 'PSI', value: c.psi, flagged: c.drifted })) : [],
  };
}
