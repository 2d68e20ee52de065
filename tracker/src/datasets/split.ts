import * as path from 'node:path';
import { seededRandom } from '../demo/softmaxRegression';
import { LoupeError } from '../errors';
import { readManifest, recordVersion, versionOf, withDatasets } from './datasetStore';
import { baseFolderOf } from './manifest';
import { readTable, tableFormatOf, type Cell } from './tables';
import type { DatasetVersion, SplitRole } from './types';

export const SPLIT_ROLES: SplitRole[] = ['train', 'validation', 'test'];

export interface SplitOptions {
  seed?: number;
  /** Fractions for train, validation and test; they must add up to 1. */
  ratios?: number[];
  /** Column to stratify by: each of its values is split in the same proportions. */
  label?: string;
}

export interface SplitPart {
  role: SplitRole;
  rows: number;
  status: 'created' | 'unchanged';
  version: DatasetVersion;
}

/**
 * Splits a one-file tabular version into `<name>-train`, `<name>-validation` and `<name>-test`:
 * three datasets rather than roles inside one, so each split has its own history, shows in
 * `loupe data list` and is referenced like any dataset (`penguins-train@2`). Each new version points
 * to its source through `parent_version_id`. The files live in the object store only; their
 * `source_path` (`<stem>.<role><ext>` beside the source) is where `loupe data checkout` puts them,
 * so nothing in the workspace changes until asked. Same content, seed and ratios give identical
 * files, hence "unchanged" versions when repeated.
 */
export async function splitVersion(loupeDir: string, ref: string | number, options: SplitOptions = {}): Promise<{ source: DatasetVersion; parts: SplitPart[]; malformedRows: number }> {
  const seed = options.seed ?? 0;
  const ratios = checkRatios(options.ratios ?? [0.8, 0.1, 0.1]);
  if (!Number.isInteger(seed)) throw new LoupeError('INVALID_ARGUMENT', `The split seed must be an integer, not ${seed}.`);
  return withDatasets(loupeDir, async (session) => {
    const { repo, objects } = session;
    const source = versionOf(repo, ref);
    const manifest = readManifest(objects, source);
    const entry = manifest.files.length === 1 ? manifest.files[0] : undefined;
    const format = entry && tableFormatOf(entry.path);
    if (!entry || !format || format === 'parquet') {
      throw new LoupeError('INVALID_ARGUMENT', `${source.dataset}@${source.version} is not a single CSV, TSV or JSON Lines file; only such versions can be split.`);
    }
    const table = await readTable(objects.pathOf(entry.hash), format);
    let labelAt = -1;
    if (options.label !== undefined) {
      labelAt = table.columns.indexOf(options.label);
      if (labelAt < 0) throw new LoupeError('INVALID_ARGUMENT', `${source.dataset}@${source.version} has no column "${options.label}" to stratify by; its columns are ${table.columns.join(', ')}.`);
    }
    const assignment = assignRows(table.rows.map((r) => (labelAt < 0 ? '' : cellKey(r.cells[labelAt] ?? null))), ratios, seed);
    const ext = path.posix.extname(entry.path);
    const stem = entry.path.slice(0, entry.path.length - ext.length);
    const base = baseFolderOf(manifest.kind, source.sourcePath);
    const dir = path.posix.dirname(base ? `${base}/${entry.path}` : entry.path);
    const describe = `split of ${source.dataset}@${source.version} (seed ${seed}, ratios ${ratios.join('/')}${options.label ? `, stratified by ${options.label}` : ''})`;
    const parts: SplitPart[] = [];
    for (let k = 0; k < SPLIT_ROLES.length; k++) {
      const role = SPLIT_ROLES[k];
      const picked = assignment.map((a, i) => (a === k ? i : -1)).filter((i) => i >= 0);
      const text = format === 'jsonl'
        ? picked.map((i) => `${table.rows[i].raw}\n`).join('')
        : renderDelimited(table.columns, picked.map((i) => table.rows[i].cells), format === 'tsv' ? '\t' : ',');
      const { hash, size } = objects.putBuffer(Buffer.from(text));
      const fileName = `${path.posix.basename(stem)}.${role}${ext}`;
      const sourcePath = dir === '.' ? fileName : `${dir}/${fileName}`;
      const result = await recordVersion(session, `${source.dataset}-${role}`, { kind: 'file', files: [{ path: fileName, size, hash, mode: 0o644 }] }, {
        message: describe,
        sourcePath,
        parentVersionId: source.id,
        splitRole: role,
      });
      parts.push({ role, rows: picked.length, ...result });
    }
    // Malformed rows cannot be placed faithfully in any split; they are counted so the caller can say so.
    return { source, parts, malformedRows: table.malformed };
  });
}

function checkRatios(ratios: number[]): number[] {
  const ok = ratios.length === 3 && ratios.every((r) => Number.isFinite(r) && r >= 0) && Math.abs(ratios.reduce((s, r) => s + r, 0) - 1) < 1e-9;
  if (!ok) throw new LoupeError('INVALID_ARGUMENT', `Split ratios must be three non-negative fractions for train, validation and test adding up to 1 (got ${ratios.join(',')}).`);
  return ratios;
}

function cellKey(c: Cell): string {
  return c === null ? '' : c instanceof Date ? c.toISOString() : String(c);
}

/**
 * Role index (0 train, 1 validation, 2 test) per row. Rows are grouped by stratum (one group when
 * not stratified), each group shuffled with the seeded PRNG and cut at the ratios, so every label
 * keeps its share in every split. Groups go in order of first appearance: deterministic for a file.
 */
export function assignRows(strata: string[], ratios: number[], seed: number): number[] {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  strata.forEach((s, i) => {
    const g = groups.get(s);
    if (g) g.push(i);
    else groups.set(s, [i]);
  });
  const out = new Array<number>(strata.length);
  for (const rows of groups.values()) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const nTrain = Math.round(ratios[0] * rows.length);
    const nVal = Math.min(rows.length - nTrain, Math.round(ratios[1] * rows.length));
    rows.forEach((row, k) => (out[row] = k < nTrain ? 0 : k < nTrain + nVal ? 1 : 2));
  }
  return out;
}

/** RFC 4180 text: fields quoted only when they hold the delimiter, a quote or a line break. */
function renderDelimited(header: string[], rows: Cell[][], delimiter: string): string {
  const quote = (c: Cell) => {
    const s = cellKey(c);
    return s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(quote).join(delimiter)).join('\n') + '\n';
}
