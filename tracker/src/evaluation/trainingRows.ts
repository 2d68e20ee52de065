import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDatasetCsv } from '../training/datasetSource';
import { workspaceOf } from '../workspace';
import { datasetFromCsv, rowHash } from './dataset';
import { parseModelRef } from './promotion';

/**
 * Hashes of the rows a registered model was trained on, read from what its package records
 * (`trainingDataset.ref`: a dataset version, or a workspace file), in the evaluation's column order,
 * so the leakage check can tell whether held-out rows were seen in training. Undefined when the
 * model is an external command or its training data can no longer be read.
 */
export function trainingRowHashes(loupeDir: string, modelRef: string, columns: readonly string[]): Set<string> | undefined {
  if (modelRef.startsWith('cmd:') || !parseModelRef(modelRef)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resolveModelRef } = require('../registry') as typeof import('../registry');
    const ref = resolveModelRef(loupeDir, modelRef).pkg.trainingDataset?.ref;
    if (!ref) return undefined;
    const text = /^[^/\\]+@\d+$/.test(ref)
      ? readDatasetCsv(loupeDir, ref).bytes.toString('utf8')
      : fs.readFileSync(path.resolve(workspaceOf(loupeDir), ref), 'utf8');
    const training = datasetFromCsv(text, ref);
    return new Set(training.rows.map((row) => rowHash(row, columns)));
  } catch {
    return undefined;
  }
}
