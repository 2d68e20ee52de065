import type * as TF from '@tensorflow/tfjs';
import { loadTf } from '../training/backend';
import { transformRows, type InputRow } from '../training/preprocessing';
import { parsePackage, weightBuffer, type InputColumn, type ModelPackage } from './modelPackage';

export interface ModelPrediction {
  /** Classification: the most probable class (a number when the label column was numeric). */
  label?: string | number;
  /** Classification: one probability per class, in `classes` order. */
  probabilities?: number[];
  /** Regression: the predicted value in the label's unit. */
  value?: number;
}

export interface LoadedModel {
  task: ModelPackage['task'];
  classes: string[];
  inputSchema: InputColumn[];
  predict(rows: InputRow[]): Promise<ModelPrediction[]>;
  dispose(): void;
}

const PREDICT_CHUNK = 4096;

/**
 * Turns a package (object or its JSON) back into a predictor, in any process: the same pure
 * preprocessing as training, then the tfjs graph. Uses the backend `loadTf` picks (LOUPE_TF_BACKEND).
 */
export async function loadModel(pkgOrJson: ModelPackage | Buffer | string, options: { backend?: string } = {}): Promise<LoadedModel> {
  const pkg = typeof pkgOrJson === 'string' || Buffer.isBuffer(pkgOrJson) ? parsePackage(pkgOrJson) : pkgOrJson;
  const { tf } = await loadTf(options.backend);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: pkg.tfjs.modelTopology as TF.io.ModelArtifacts['modelTopology'], weightSpecs: pkg.tfjs.weightSpecs, weightData: weightBuffer(pkg) }),
  );
  const { preprocessing: prep, labels } = pkg;
  const asLabel = (k: number): string | number => (labels.valueType === 'number' ? Number(labels.classes[k]) : labels.classes[k]);

  const toPredictions = (out: Float32Array, n: number): ModelPrediction[] => {
    const target = prep.target;
    if (target.kind === 'numeric') return Array.from({ length: n }, (_, i) => ({ value: out[i] * target.scale + target.center }));
    if (labels.classes.length === 2) {
      return Array.from({ length: n }, (_, i) => ({ label: asLabel(out[i] >= 0.5 ? 1 : 0), probabilities: [1 - out[i], out[i]] }));
    }
    const k = labels.classes.length;
    return Array.from({ length: n }, (_, i) => {
      const probabilities = Array.from(out.subarray(i * k, (i + 1) * k));
      let best = 0;
      for (let j = 1; j < k; j++) if (probabilities[j] > probabilities[best]) best = j;
      return { label: asLabel(best), probabilities };
    });
  };

  return {
    task: pkg.task,
    classes: labels.classes,
    inputSchema: pkg.inputSchema,
    async predict(rows: InputRow[]): Promise<ModelPrediction[]> {
      const out: ModelPrediction[] = [];
      for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
        const chunk = rows.slice(start, start + PREDICT_CHUNK);
        const x = tf.tensor2d(transformRows(prep, chunk), [chunk.length, prep.width]);
        const y = model.predict(x) as TF.Tensor;
        const values = (await y.data()) as Float32Array;
        x.dispose();
        y.dispose();
        out.push(...toPredictions(values, chunk.length));
      }
      return out;
    },
    dispose: () => model.dispose(),
  };
}
