import type * as TF from '@tensorflow/tfjs';
import { seededRandom } from '../demo/softmaxRegression';
import type { Tf } from './backend';
import type { Task, TrainingSection } from './configTypes';
import { batchStats, lossOf, makeOptimizer, type BuiltModel } from './model';
import { shuffled } from './split';

/** Row-major rows × cols. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface FitData {
  x: Matrix;
  y: Matrix;
}

export interface FitHooks {
  /** Called after every batch with the global batch number (from 0) and its loss. */
  onBatch?(step: number, loss: number): void;
  onEpoch?(epoch: number, metrics: Record<string, number>): void;
  /** Polled between batches; true ends training early as cancelled. */
  shouldStop?(): boolean;
}

export interface FitResult {
  epochs: number;
  bestEpoch: number;
  cancelled: boolean;
  stoppedEarly: boolean;
  /** Metrics of the epoch whose weights the model ends with. */
  final: Record<string, number>;
}

/** How often the loop lets the event loop run, so signals (SIGTERM → run killed) and I/O get through. */
const YIELD_EVERY_MS = 50;
const EVAL_CHUNK = 8192;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A plain mini-batch loop rather than `model.fit`: fit shuffles with Math.random (not reproducible)
 * and cannot apply per-batch seeded dropout. `targetScale` converts regression errors back to the
 * label's own unit for mae/rmse.
 */
export async function fitModel(tf: Tf, built: BuiltModel, task: Task, train: FitData, val: FitData, t: TrainingSection, targetScale: number, hooks: FitHooks = {}): Promise<FitResult> {
  const { model, dropout } = built;
  const random = seededRandom(t.seed + 1);
  const optimizer = makeOptimizer(tf, t);
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const tensors = (d: FitData) => [tf.tensor2d(d.x.data, [d.x.rows, d.x.cols]), tf.tensor2d(d.y.data, [d.y.rows, d.y.cols])] as const;
  const [xTrain, yTrain] = tensors(train);
  const [xVal, yVal] = tensors(val);
  const forward = (x: TF.Tensor, training: boolean): TF.Tensor => {
    let h = x;
    model.layers.forEach((layer, i) => {
      h = layer.apply(h) as TF.Tensor;
      if (training && dropout[i] > 0) h = tf.dropout(h, dropout[i], undefined, Math.floor(random() * 2 ** 31));
    });
    return h;
  };
  const evaluate = (x: TF.Tensor2D, y: TF.Tensor2D): { loss: number; stats: number[] } => {
    let loss = 0;
    let stats: number[] = [];
    for (let start = 0; start < x.shape[0]; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, x.shape[0] - start);
      const [l, s] = tf.tidy(() => {
        const xb = x.slice([start, 0], [size, -1]);
        const yb = y.slice([start, 0], [size, -1]);
        const p = forward(xb, false);
        return [lossOf(tf, task, p, yb).dataSync()[0] * size, Array.from(batchStats(tf, task, p, yb).dataSync())];
      });
      loss += l;
      stats = stats.length ? stats.map((v, i) => v + s[i]) : s;
    }
    return { loss: loss / x.shape[0], stats };
  };
  const named = (prefix: string, loss: number, stats: number[], n: number): Record<string, number> =>
    task === 'regression'
      ? { [`${prefix}loss`]: loss, [`${prefix}mae`]: (stats[0] / n) * targetScale, [`${prefix}rmse`]: Math.sqrt(stats[1] / n) * targetScale }
      : { [`${prefix}loss`]: loss, [`${prefix}acc`]: stats[0] / n };

  const n = train.x.rows;
  const rows = Array.from({ length: n }, (_, i) => i);
  let step = 0;
  let lastYield = performance.now();
  let best = { loss: Infinity, epoch: 0, weights: [] as TF.Tensor[], metrics: {} as Record<string, number> };
  let sinceBest = 0;
  const result: FitResult = { epochs: 0, bestEpoch: 0, cancelled: false, stoppedEarly: false, final: {} };
  try {
    for (let epoch = 1; epoch <= t.epochs && !result.cancelled && !result.stoppedEarly; epoch++) {
      const order = Int32Array.from(shuffled(rows, random));
      let lossSum = 0;
      let statSum: number[] = [];
      for (let start = 0; start < n; start += t.batchSize) {
        if (hooks.shouldStop?.()) {
          result.cancelled = true;
          break;
        }
        const size = Math.min(t.batchSize, n - start);
        let statsT: TF.Tensor | undefined;
        const lossT = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
          const xb = tf.gather(xTrain, idx);
          const yb = tf.gather(yTrain, idx);
          return optimizer.minimize(() => {
            const p = forward(xb, true);
            statsT = tf.keep(batchStats(tf, task, p, yb));
            return lossOf(tf, task, p, yb);
          }, true, variables)!;
        });
        const loss = lossT.dataSync()[0];
        const s = statsT!.dataSync();
        lossT.dispose();
        statsT!.dispose();
        lossSum += loss * size;
        statSum = statSum.length ? statSum.map((v, i) => v + s[i]) : Array.from(s);
        hooks.onBatch?.(step++, loss);
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      if (result.cancelled) break;
      const v = evaluate(xVal, yVal);
      const metrics = { ...named('', lossSum / n, statSum, n), ...named('val_', v.loss, v.stats, val.x.rows) };
      result.epochs = epoch;
      hooks.onEpoch?.(epoch, metrics);
      if (v.loss < best.loss || best.epoch === 0) {
        best.weights.forEach((w) => w.dispose());
        best = { loss: v.loss, epoch, weights: t.earlyStopping ? model.getWeights().map((w) => w.clone()) : [], metrics };
        sinceBest = 0;
      } else if (t.earlyStopping && ++sinceBest >= t.earlyStopping.patience) {
        result.stoppedEarly = true;
      }
      result.final = metrics;
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    // With early stopping the model keeps its best epoch's weights (Keras' restore_best_weights).
    if (t.earlyStopping && best.weights.length) {
      model.setWeights(best.weights);
      result.final = best.metrics;
    }
    result.bestEpoch = t.earlyStopping ? best.epoch : result.epochs;
    return result;
  } finally {
    best.weights.forEach((w) => w.dispose());
    [xTrain, yTrain, xVal, yVal].forEach((x) => x.dispose());
    optimizer.dispose();
  }
}
