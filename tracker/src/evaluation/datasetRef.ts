import { LoupeError } from '../errors';

type Datasets = typeof import('../datasets');

/**
 * The CSV text of a versioned dataset `NAME@VERSION`, read from the object store. The datasets
 * module is loaded on first use (it brings Parquet support `loupe eval` on a CSV file never needs).
 * Evaluation reads one CSV: a version holding several files must be named by its file instead.
 */
export async function readDatasetCsv(loupeDir: string, ref: string): Promise<{ text: string; ref: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ds = require('../datasets') as Datasets;
  return ds.withDatasets(loupeDir, ({ repo, objects }) => {
    const version = ds.versionOf(repo, ref);
    const concrete = `${version.dataset}@${version.version}`;
    const csv = ds.readManifest(objects, version).files.filter((f) => /\.csv$/i.test(f.path));
    if (csv.length !== 1) {
      throw new LoupeError('INVALID_ARGUMENT', `${concrete} holds ${csv.length} CSV file(s); evaluation reads exactly one. Check the version out and pass the file.`);
    }
    return { text: objects.read(csv[0].hash).toString('utf8'), ref: concrete };
  });
}
