import { LoupeError } from '../errors';
import { ObjectStore } from '../objects/objectStore';
import { openDatabase, type SqliteDatabase } from '../store/database';

type DatasetsModule = typeof import('../datasets/datasetStore');
type RepoModule = typeof import('../datasets/repo');

/** Loaded only when a config names a dataset: most trainings read a plain CSV and skip the profiling code. */
function datasets(): DatasetsModule & RepoModule {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return { ...(require('../datasets/datasetStore') as DatasetsModule), ...(require('../datasets/repo') as RepoModule) };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * The CSV bytes of a versioned dataset (`name@version`), read from the object store: training on a
 * version trains on exactly the bytes that were versioned, whatever the working copy holds now.
 */
export function readDatasetCsv(loupeDir: string, ref: string): { bytes: Buffer; ref: string; versionId: number } {
  const { versionOf, readManifest, DatasetRepo } = datasets();
  const db = openDatabase(loupeDir);
  try {
    const version = versionOf(new DatasetRepo(db), ref);
    const objects = new ObjectStore(loupeDir);
    const files = readManifest(objects, version).files;
    const csvs = files.filter((f) => /\.csv$/i.test(f.path));
    if (csvs.length !== 1) {
      throw new LoupeError('INVALID_ARGUMENT', `Config field data.dataset: ${version.dataset}@${version.version} holds ${csvs.length} CSV files (${files.length} files in all); training reads a dataset of exactly one CSV file.`);
    }
    return { bytes: objects.read(csvs[0].hash), ref: `${version.dataset}@${version.version}`, versionId: version.id };
  } finally {
    db.close();
  }
}

/** Links the run to the dataset version it trained on (run_datasets), so the dataset view lists it. */
export function recordDatasetUse(db: SqliteDatabase, runId: string, versionId: number): void {
  new (datasets().DatasetRepo)(db).useDataset(runId, versionId, 'train');
}
