import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { workspaceOf } from '../workspace';
import { CommandAdapter, type CommandAdapterOptions } from './adapters';
import { datasetFromCsv, type EvalDataset } from './dataset';
import { readDatasetCsv } from './datasetRef';
import { parseModelRef } from './promotion';
import { registeredModelAdapter } from './registryAdapter';
import type { ModelAdapter } from './types';

/**
 * A model reference on the command line: `cmd:<shell command>` for an external command model, or
 * `MODEL@VERSION` / `MODEL@ALIAS` for a registered model (needs the model registry).
 */
export async function adapterFromRef(ref: string, options: { loupeDir: string } & CommandAdapterOptions): Promise<ModelAdapter> {
  if (ref.startsWith('cmd:')) {
    const { loupeDir: _dir, ...commandOptions } = options;
    return new CommandAdapter(ref.slice(4).trim(), { cwd: workspaceOf(options.loupeDir), ...commandOptions });
  }
  if (parseModelRef(ref)) return registeredModelAdapter(options.loupeDir, ref);
  throw new LoupeError('INVALID_ARGUMENT', `"${ref}" is not a model reference: use cmd:<shell command> for an external command, or MODEL@VERSION / MODEL@ALIAS for a registered model.`);
}

/**
 * Held-out data from a CSV file (path relative to `cwd`) or a versioned dataset `DATASET@VERSION`.
 * The recorded reference of a file is its path relative to the workspace, so it reads the same
 * from any subfolder.
 */
export async function loadEvaluationData(arg: string, options: { cwd: string; loupeDir: string }): Promise<{ dataset: EvalDataset; ref: string }> {
  const file = path.resolve(options.cwd, arg);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) {
    const rel = path.relative(workspaceOf(options.loupeDir), file);
    const ref = rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
    return { dataset: datasetFromCsv(fs.readFileSync(file, 'utf8'), ref), ref };
  }
  if (/^[^@\s/\\]+@[^@\s/\\]+$/.test(arg)) {
    const { text, ref } = await readDatasetCsv(options.loupeDir, arg);
    return { dataset: datasetFromCsv(text, ref), ref };
  }
  throw new LoupeError('NOT_FOUND', `No data file ${file}.`);
}
