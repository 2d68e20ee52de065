import { formatNumber, formatTable, type Cell } from '../cli/format';
import type { VersionDiff } from './diff';
import type { LeakageReport } from './leakage';
import type { ColumnProfile, DatasetProfile, TableProfile } from './profile/types';
import type { DatasetSummary, DatasetVersion } from './types';

/** Plain-text renderings of datasets for the CLI (and anything else that shows text). */

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

export const ref = (v: DatasetVersion): string => `${v.dataset}@${v.version}`;

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export function describeVersion(v: DatasetVersion): string {
  const rows = v.rows === null ? '' : `, ${v.rows} rows`;
  return `${ref(v)}: ${v.fileCount} file${v.fileCount === 1 ? '' : 's'}, ${humanBytes(v.totalBytes)}${rows}, digest ${v.digest.slice(0, 12)}`;
}

export function listText(datasets: DatasetSummary[]): string {
  if (!datasets.length) return 'No datasets yet. Version a file or folder with `loupe data add PATH`.';
  const rows: Cell[][] = datasets.map((d) => [d.name, d.versions, d.latest?.version ?? '', d.latest?.fileCount ?? '', d.latest ? humanBytes(d.latest.totalBytes) : '', d.latest?.rows ?? '', d.latest?.sourcePath ?? '', d.latest ? when(d.latest.createdAt) : '']);
  return formatTable(['name', 'versions', 'latest', 'files', 'size', 'rows', 'path', 'updated'], rows);
}

export function logText(versions: DatasetVersion[]): string {
  const rows: Cell[][] = versions.map((v) => [v.version, when(v.createdAt), v.fileCount, humanBytes(v.totalBytes), v.rows ?? '', v.digest.slice(0, 12), v.splitRole ?? '', v.message]);
  return formatTable(['version', 'created', 'files', 'size', 'rows', 'digest', 'split', 'message'], rows);
}

function stat(c: ColumnProfile, key: 'min' | 'max' | 'mean' | 'std' | 'median'): string {
  const v = c.numeric?.[key];
  if (v === undefined) return '';
  if (c.type === 'datetime' && key !== 'std') return new Date(v).toISOString();
  return formatNumber(v) + (key === 'median' && c.numeric?.approximate ? '~' : '');
}

function tableText(t: TableProfile): string {
  const lines = [`${t.path} (${t.format}): ${t.rows} rows, ${t.columns.length} columns${t.label ? `, label guess: ${t.label}` : ''}`];
  if (t.error) lines.push(`  could not be read through: ${t.error}`);
  const rows: Cell[][] = t.columns.map((c) => [
    c.name, c.type, c.missing, `${c.distinct}${c.distinctApproximate ? '~' : ''}`,
    stat(c, 'min'), stat(c, 'max'), stat(c, 'mean'), stat(c, 'std'), stat(c, 'median'),
    c.numeric ? '' : c.topValues.slice(0, 3).map((v) => `${v.value} (${v.count})`).join(', '),
  ]);
  lines.push(formatTable(['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean', 'std', 'median', 'top values'], rows));
  const strong = t.correlations.filter((c) => c.r !== null && Math.abs(c.r) >= 0.5).sort((a, b) => Math.abs(b.r!) - Math.abs(a.r!)).slice(0, 5);
  if (strong.length) lines.push(`strongest correlations: ${strong.map((c) => `${c.a} ~ ${c.b} r=${formatNumber(c.r!)}`).join('; ')}`);
  if (t.malformed.count) {
    const first = t.malformed.first.slice(0, 5).map((m) => `line ${m.line}: ${m.reason}`).join('; ');
    lines.push(`${t.malformed.count} malformed row${t.malformed.count === 1 ? '' : 's'} left out (${first}${t.malformed.count > 5 ? '; …' : ''})`);
  }
  return lines.join('\n');
}

export function showText(v: DatasetVersion, profile: DatasetProfile | null, runs: { runId: string; runName: string; role: string }[], parent: DatasetVersion | null): string {
  const out = [
    describeVersion(v),
    `added   ${when(v.createdAt)} from ${v.sourcePath || '.'}`,
    ...(v.message ? [`message ${v.message}`] : []),
    ...(parent ? [`parent  ${ref(parent)} (${v.splitRole ?? 'derived'})`] : []),
  ];
  if (runs.length) out.push(`used by ${runs.map((r) => `${r.runName} (${r.runId.slice(0, 8)}, ${r.role})`).join(', ')}`);
  if (!profile) out.push('', 'No tabular file to profile (CSV, TSV, JSON Lines or Parquet).');
  else for (const t of profile.tables) out.push('', tableText(t));
  if (profile?.skipped.length) out.push('', `${profile.skipped.length} more tables were not profiled.`);
  return out.join('\n');
}

export function diffText(d: VersionDiff): string {
  const out = [`${ref(d.from)} → ${ref(d.to)}`];
  const f = d.files;
  out.push(`files: ${f.added.length} added, ${f.removed.length} removed, ${f.changed.length} changed, ${f.unchanged} unchanged`);
  for (const a of f.added) out.push(`  + ${a.path} (${humanBytes(a.size)})`);
  for (const r of f.removed) out.push(`  - ${r.path}`);
  for (const c of f.changed) out.push(`  ~ ${c.path} (${humanBytes(c.before.size)} → ${humanBytes(c.after.size)})`);
  for (const t of d.tables) {
    out.push('', `${t.path}: rows ${t.rowsBefore} → ${t.rowsAfter} (${t.rowsDelta >= 0 ? '+' : ''}${t.rowsDelta})`);
    if (t.addedColumns.length) out.push(`  added columns: ${t.addedColumns.join(', ')}`);
    if (t.removedColumns.length) out.push(`  removed columns: ${t.removedColumns.join(', ')}`);
    for (const c of t.typeChanged) out.push(`  ${c.column}: type ${c.before} → ${c.after}`);
    if (t.drift.length) {
      out.push(formatTable(['column', 'psi', 'ks', 'drift'], t.drift.map((x) => [x.column, formatNumber(x.psi), formatNumber(x.ks), x.drifted ? 'DRIFT' : ''])));
    }
  }
  return out.join('\n');
}

export function leakageText(r: LeakageReport): string {
  const head = `${r.sharedRows} of ${r.heldOutRows} rows of ${ref(r.heldOut)} also occur in ${ref(r.train)} (${r.trainRows} rows), comparing ${r.columns.length} columns.`;
  if (!r.sharedRows) return `${head}\nNo leakage found.`;
  return [head, 'Examples of shared rows:', formatTable(r.columns, r.examples.map((e) => r.columns.map((c) => e[c])))].join('\n');
}
