import { LoupeError } from '../errors';
import type { SqliteDatabase } from '../store/database';
import { checkName } from '../store/validate';
import type { DatasetSummary, DatasetVersion, SplitRole } from './types';

interface VersionRow {
  id: number;
  dataset_id: number;
  dataset: string;
  version: number;
  digest: string;
  message: string;
  source_path: string;
  file_count: number;
  total_bytes: number;
  rows: number | null;
  manifest_hash: string;
  profile_hash: string | null;
  parent_version_id: number | null;
  split_role: SplitRole | null;
  created_at: number;
}

const SELECT_VERSION = 'SELECT v.*, d.name AS dataset FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id';

function toVersion(r: VersionRow): DatasetVersion {
  return {
    id: r.id, datasetId: r.dataset_id, dataset: r.dataset, version: r.version, digest: r.digest, message: r.message,
    sourcePath: r.source_path, fileCount: r.file_count, totalBytes: r.total_bytes, rows: r.rows,
    manifestHash: r.manifest_hash, profileHash: r.profile_hash, parentVersionId: r.parent_version_id,
    splitRole: r.split_role, createdAt: r.created_at,
  };
}

export type NewVersion = Omit<DatasetVersion, 'id' | 'datasetId' | 'dataset' | 'version' | 'createdAt'>;

export function checkDatasetName(name: string): string {
  checkName('dataset', name);
  if (name.includes('@')) throw new LoupeError('INVALID_ARGUMENT', `The dataset name "${name}" contains "@", which separates a name from a version (NAME@VERSION).`);
  return name;
}

/** SQL for datasets, their versions and their use by runs. */
export class DatasetRepo {
  constructor(readonly db: SqliteDatabase) {}

  /**
   * Records a version unless its digest equals the dataset's LATEST version's: then that version is
   * returned as unchanged. Older digests do not count, so content reverted after a change becomes a
   * new version and the history reads in the order things happened. IMMEDIATE: two writers cannot
   * both take the next number.
   */
  addVersion(name: string, v: NewVersion): { status: 'created' | 'unchanged'; version: DatasetVersion } {
    checkDatasetName(name);
    const run = this.db.transaction(() => {
      const now = Date.now();
      this.db.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, now);
      const datasetId = (this.db.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as { id: number }).id;
      const latest = this.db.prepare<[number], VersionRow>(`${SELECT_VERSION} WHERE v.dataset_id = ? ORDER BY v.version DESC LIMIT 1`).get(datasetId);
      if (latest && latest.digest === v.digest) return { status: 'unchanged' as const, version: toVersion(latest) };
      const info = this.db
        .prepare(
          `INSERT INTO dataset_versions (dataset_id, version, digest, message, source_path, file_count, total_bytes, rows,
             manifest_hash, profile_hash, parent_version_id, split_role, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(datasetId, (latest?.version ?? 0) + 1, v.digest, v.message, v.sourcePath, v.fileCount, v.totalBytes, v.rows,
          v.manifestHash, v.profileHash, v.parentVersionId, v.splitRole, now);
      return { status: 'created' as const, version: this.getVersion(Number(info.lastInsertRowid)) };
    });
    return run.immediate();
  }

  latestDigest(name: string): string | undefined {
    const row = this.db.prepare<[string], { digest: string }>(
      'SELECT v.digest FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ? ORDER BY v.version DESC LIMIT 1',
    ).get(name);
    return row?.digest;
  }

  getVersion(id: number): DatasetVersion {
    const row = this.db.prepare<[number], VersionRow>(`${SELECT_VERSION} WHERE v.id = ?`).get(id);
    if (!row) throw new LoupeError('NOT_FOUND', `No dataset version with id ${id}.`);
    return toVersion(row);
  }

  /** `NAME@N`, `NAME@latest` or `NAME` (the latest version). */
  resolve(ref: string): DatasetVersion {
    const at = ref.lastIndexOf('@');
    const name = at < 0 ? ref : ref.slice(0, at);
    const which = at < 0 ? 'latest' : ref.slice(at + 1);
    if (which !== 'latest' && !/^[1-9]\d*$/.test(which)) {
      throw new LoupeError('INVALID_ARGUMENT', `"${ref}" is not NAME@VERSION: the version must be a number like 1, 2, 3 or "latest".`);
    }
    const row = which === 'latest'
      ? this.db.prepare<[string], VersionRow>(`${SELECT_VERSION} WHERE d.name = ? ORDER BY v.version DESC LIMIT 1`).get(name)
      : this.db.prepare<[string, number], VersionRow>(`${SELECT_VERSION} WHERE d.name = ? AND v.version = ?`).get(name, Number(which));
    if (row) return toVersion(row);
    const exists = this.db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name);
    throw new LoupeError('NOT_FOUND', exists ? `The dataset "${name}" has no version ${which}; see \`loupe data log ${name}\`.` : `No dataset named "${name}"; see \`loupe data list\`.`);
  }

  listDatasets(): DatasetSummary[] {
    const rows = this.db
      .prepare<[], { id: number; name: string; created_at: number; versions: number; latest_id: number | null }>(
        `SELECT d.id, d.name, d.created_at, count(v.id) AS versions,
           (SELECT id FROM dataset_versions WHERE dataset_id = d.id ORDER BY version DESC LIMIT 1) AS latest_id
         FROM datasets d LEFT JOIN dataset_versions v ON v.dataset_id = d.id GROUP BY d.id ORDER BY d.name`,
      )
      .all();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, versions: r.versions, latest: r.latest_id === null ? null : this.getVersion(r.latest_id) }));
  }

  /** Newest first, like `git log`. */
  log(name: string): DatasetVersion[] {
    const rows = this.db.prepare<[string], VersionRow>(`${SELECT_VERSION} WHERE d.name = ? ORDER BY v.version DESC`).all(name);
    if (!rows.length) this.resolve(name); // throws the right "not found" sentence
    return rows.map(toVersion);
  }

  children(versionId: number): DatasetVersion[] {
    return this.db.prepare<[number], VersionRow>(`${SELECT_VERSION} WHERE v.parent_version_id = ? ORDER BY v.id`).all(versionId).map(toVersion);
  }

  useDataset(runId: string, versionId: number, role: string): void {
    if (!role.trim()) throw new LoupeError('INVALID_ARGUMENT', 'A dataset role (such as train or eval) must be a non-empty string.');
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new LoupeError('NOT_FOUND', `No run with id ${JSON.stringify(runId)}.`);
    this.getVersion(versionId);
    this.db.prepare('INSERT INTO run_datasets (run_id, dataset_version_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(runId, versionId, role);
  }

  runsOfVersion(versionId: number): { runId: string; runName: string; role: string }[] {
    return this.db
      .prepare<[number], { runId: string; runName: string; role: string }>(
        'SELECT r.id AS runId, r.name AS runName, rd.role FROM run_datasets rd JOIN runs r ON r.id = rd.run_id WHERE rd.dataset_version_id = ? ORDER BY r.start_time, rd.role',
      )
      .all(versionId);
  }

  datasetsOfRun(runId: string): { version: DatasetVersion; role: string }[] {
    return this.db
      .prepare<[string], { dataset_version_id: number; role: string }>('SELECT dataset_version_id, role FROM run_datasets WHERE run_id = ? ORDER BY role')
      .all(runId)
      .map((r) => ({ version: this.getVersion(r.dataset_version_id), role: r.role }));
  }
}
