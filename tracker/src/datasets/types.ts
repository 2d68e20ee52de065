/** Shapes shared by the dataset modules: what the database and the object store hold about a version. */

/** One file of a version. `path` is posix and relative to the version's base folder. */
export interface ManifestEntry {
  path: string;
  size: number;
  hash: string;
  /** 0o755 or 0o644: only the executable bit is kept (like git), so a umask never changes a digest. */
  mode: number;
}

/**
 * Stored as JSON in the object store. `kind` tells checkout where the files go: a `file` version
 * restores its single entry next to `source_path`, a `folder` version restores under it.
 * `garbage.ts` reads `files[].hash` to keep the file objects alive.
 */
export interface Manifest {
  kind: 'file' | 'folder';
  files: ManifestEntry[];
}

export type SplitRole = 'train' | 'validation' | 'test';

export interface DatasetVersion {
  id: number;
  datasetId: number;
  dataset: string;
  version: number;
  digest: string;
  message: string;
  /** Workspace-relative posix path the version was added from (or, for a split, where checkout puts it). */
  sourcePath: string;
  fileCount: number;
  totalBytes: number;
  rows: number | null;
  manifestHash: string;
  profileHash: string | null;
  parentVersionId: number | null;
  splitRole: SplitRole | null;
  createdAt: number;
}

export interface DatasetSummary {
  id: number;
  name: string;
  createdAt: number;
  versions: number;
  latest: DatasetVersion | null;
}

export interface AddResult {
  status: 'created' | 'unchanged';
  version: DatasetVersion;
  /** Files whose hash came from the stat cache rather than from reading them. */
  cachedFiles: number;
}

/** Test seam: runs between a file's first stat and its read, to simulate a concurrent writer. */
export interface HashHooks {
  afterStat?: (file: string) => void | Promise<void>;
}
