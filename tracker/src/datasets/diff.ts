import { readManifest, readProfile, versionOf, withDatasets } from './datasetStore';
import type { ColumnType, DatasetProfile, Histogram, TableProfile } from './profile/types';
import type { DatasetVersion, Manifest, ManifestEntry } from './types';

/** PSI above this is the usual "significant shift" threshold (0.1–0.2 moderate, > 0.2 significant). */
export const PSI_THRESHOLD = 0.2;
/** Keeps PSI finite when a bin is empty on one side. */
const EPSILON = 1e-4;

export interface FileDiff {
  added: ManifestEntry[];
  removed: ManifestEntry[];
  changed: { path: string; before: ManifestEntry; after: ManifestEntry }[];
  unchanged: number;
}

export interface ColumnDrift {
  column: string;
  /** Population stability index of the newer values over the older version's 20 bins. */
  psi: number;
  /** Kolmogorov–Smirnov distance between the two histograms' CDFs (linear within bins). */
  ks: number;
  drifted: boolean;
}

export interface TableDiff {
  path: string;
  rowsBefore: number;
  rowsAfter: number;
  rowsDelta: number;
  addedColumns: string[];
  removedColumns: string[];
  typeChanged: { column: string; before: ColumnType; after: ColumnType }[];
  drift: ColumnDrift[];
}

export interface VersionDiff {
  from: DatasetVersion;
  to: DatasetVersion;
  files: FileDiff;
  tables: TableDiff[];
}

export function diffManifests(a: Manifest, b: Manifest): FileDiff {
  const before = new Map(a.files.map((f) => [f.path, f]));
  const after = new Map(b.files.map((f) => [f.path, f]));
  const out: FileDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [p, f] of after) {
    const old = before.get(p);
    if (!old) out.added.push(f);
    else if (old.hash !== f.hash || old.mode !== f.mode) out.changed.push({ path: p, before: old, after: f });
    else out.unchanged++;
  }
  for (const [p, f] of before) if (!after.has(p)) out.removed.push(f);
  return out;
}

/** Tables are matched by path; two single-table versions are compared whatever their file names. */
export function diffProfiles(a: DatasetProfile | null, b: DatasetProfile | null): TableDiff[] {
  if (!a || !b) return [];
  if (a.tables.length === 1 && b.tables.length === 1) return [diffTables(a.tables[0], b.tables[0])];
  const older = new Map(a.tables.map((t) => [t.path, t]));
  return b.tables.filter((t) => older.has(t.path)).map((t) => diffTables(older.get(t.path)!, t));
}

function diffTables(a: TableProfile, b: TableProfile): TableDiff {
  const before = new Map(a.columns.map((c) => [c.name, c]));
  const after = new Map(b.columns.map((c) => [c.name, c]));
  const out: TableDiff = {
    path: b.path, rowsBefore: a.rows, rowsAfter: b.rows, rowsDelta: b.rows - a.rows,
    addedColumns: b.columns.filter((c) => !before.has(c.name)).map((c) => c.name),
    removedColumns: a.columns.filter((c) => !after.has(c.name)).map((c) => c.name),
    typeChanged: [], drift: [],
  };
  for (const c of b.columns) {
    const old = before.get(c.name);
    if (!old) continue;
    if (old.type !== c.type) out.typeChanged.push({ column: c.name, before: old.type, after: c.type });
    if (old.histogram?.kind === 'numeric' && c.histogram?.kind === 'numeric') {
      const psi = psiOf(old.histogram, c.histogram);
      out.drift.push({ column: c.name, psi, ks: ksOf(old.histogram, c.histogram), drifted: psi > PSI_THRESHOLD });
    }
  }
  return out;
}

type NumericHistogram = Extract<Histogram, { kind: 'numeric' }>;

/** The histogram's CDF at x, assuming values spread evenly within each bin. */
export function cdfAt(h: NumericHistogram, x: number): number {
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return 0;
  const e = h.edges;
  if (x < e[0]) return 0;
  if (x >= e[e.length - 1]) return 1;
  let cum = 0;
  for (let k = 0; k < h.counts.length; k++) {
    if (x < e[k + 1]) return (cum + (h.counts[k] * (x - e[k])) / (e[k + 1] - e[k])) / total;
    cum += h.counts[k];
  }
  return 1;
}

/**
 * PSI = Σ (q − p)·ln(q / p) over the older version's bins, the outer bins stretched to ±∞ so values
 * beyond the old range still count. p: older shares; q: the newer histogram's mass in each bin.
 */
export function psiOf(older: NumericHistogram, newer: NumericHistogram): number {
  const total = older.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return 0;
  const cuts = older.edges.slice(1, -1);
  if (older.edges.length === 2 && older.edges[0] === older.edges[1]) cuts.push(older.edges[0]); // constant column: ≤ value | > value
  const p = cuts.length === older.counts.length ? [...older.counts.map((c) => c / total), 0] : older.counts.map((c) => c / total);
  const bounds = [-Infinity, ...cuts, Infinity];
  let psi = 0;
  for (let k = 0; k < bounds.length - 1; k++) {
    const lo = bounds[k] === -Infinity ? 0 : cdfAt(newer, bounds[k]);
    const hi = bounds[k + 1] === Infinity ? 1 : cdfAt(newer, bounds[k + 1]);
    const q = Math.max(EPSILON, hi - lo);
    const pk = Math.max(EPSILON, p[k] ?? 0);
    psi += (q - pk) * Math.log(q / pk);
  }
  return psi;
}

export function ksOf(a: NumericHistogram, b: NumericHistogram): number {
  let d = 0;
  for (const x of [...a.edges, ...b.edges]) d = Math.max(d, Math.abs(cdfAt(a, x) - cdfAt(b, x)));
  return d;
}

export async function diffVersions(loupeDir: string, fromRef: string | number, toRef: string | number): Promise<VersionDiff> {
  return withDatasets(loupeDir, ({ repo, objects }) => {
    const from = versionOf(repo, fromRef);
    const to = versionOf(repo, toRef);
    return {
      from, to,
      files: diffManifests(readManifest(objects, from), readManifest(objects, to)),
      tables: diffProfiles(readProfile(objects, from), readProfile(objects, to)),
    };
  });
}
