import type * as TF from '@tensorflow/tfjs';
import { LoupeError } from '../errors';
import type { Task } from '../training/configTypes';
import type { FittedPreprocessing } from '../training/preprocessing';

export const PACKAGE_FORMAT = 'loupe.model/v1';

/** A column the model reads, as the evaluation module's schema check expects it. */
export interface InputColumn {
  name: string;
  type: 'number' | 'string';
}

/**
 * Everything needed to predict, in ONE JSON document: the tfjs graph and weights, the fitted
 * preprocessing, the input schema, the label mapping, and where the training data came from. A
 * model is a dependency anyone can load from this blob alone, without the run, the config or the data.
 */
export interface ModelPackage {
  format: typeof PACKAGE_FORMAT;
  task: Task;
  tfjs: {
    modelTopology: unknown;
    weightSpecs: TF.io.WeightsManifestEntry[];
    /** The weights' bytes, base64. */
    weightData: string;
  };
  preprocessing: FittedPreprocessing;
  inputSchema: InputColumn[];
  labels: { column: string; classes: string[]; valueType: 'number' | 'string' };
  /** `path` (workspace-relative) or `name@version`, with the sha256 of the bytes trained on. */
  trainingDataset: { ref: string; sha256: string; rows: number };
  metrics: Record<string, number>;
  createdAt: number;
  /** The backend it was trained on, for the record; any backend can load it. */
  backend: string;
}

/** Serialises a tfjs model in memory (no files): `withSaveHandler` hands over what `save()` would write. */
export async function captureTfjsModel(tf: typeof TF, model: TF.LayersModel): Promise<ModelPackage['tfjs']> {
  let captured: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightSpecs || captured.weightData === undefined) throw new Error('tfjs saved no weights.');
  const parts = Array.isArray(captured.weightData) ? captured.weightData : [captured.weightData];
  const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
  return { modelTopology: captured.modelTopology, weightSpecs: captured.weightSpecs, weightData: bytes.toString('base64') };
}

export function serializePackage(pkg: ModelPackage): Buffer {
  return Buffer.from(JSON.stringify(pkg), 'utf8');
}

/** Parses a stored package, refusing anything that is not one (a wrong hash, a future format). */
export function parsePackage(data: Buffer | string): ModelPackage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (cause) {
    throw new LoupeError('INVALID_ARGUMENT', 'The model package is not valid JSON.', { cause });
  }
  const pkg = parsed as Partial<ModelPackage> | null;
  if (!pkg || typeof pkg !== 'object' || pkg.format !== PACKAGE_FORMAT) {
    throw new LoupeError('INVALID_ARGUMENT', `Not a Loupe model package (format ${JSON.stringify(pkg?.format)}, expected "${PACKAGE_FORMAT}"); it may come from a newer Loupe.`);
  }
  if (!pkg.tfjs?.weightSpecs || typeof pkg.tfjs.weightData !== 'string' || !pkg.preprocessing || !pkg.task) {
    throw new LoupeError('INVALID_ARGUMENT', 'The model package is incomplete (weights, preprocessing or task missing).');
  }
  return pkg as ModelPackage;
}

/** The weights as a fresh ArrayBuffer (tfjs wants its own, not a view into Node's buffer pool). */
export function weightBuffer(pkg: ModelPackage): ArrayBuffer {
  const bytes = Buffer.from(pkg.tfjs.weightData, 'base64');
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}
