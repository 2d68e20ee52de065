import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './backend';
import type { ModelConfig, Task, TrainingSection } from './configTypes';

export interface BuiltModel {
  model: TF.Sequential;
  /** Dropout rate after each layer (the output layer's is 0). Applied by the training loop only. */
  dropout: number[];
}

/**
 * Dense layers only. Dropout is not a layer here: the training loop applies it with a seed drawn
 * from the run's generator (a Dropout layer with a fixed seed would drop the same units on every
 * batch, and without one runs are not reproducible). The saved model is therefore exactly what
 * runs at prediction time. Initialisers are seeded per layer so a seeded run is reproducible.
 */
export function buildModel(tf: Tf, config: ModelConfig, task: Task, inputWidth: number, outputWidth: number, seed: number): BuiltModel {
  const model = tf.sequential();
  const dropout: number[] = [];
  config.layers.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        ...(i === 0 ? { inputShape: [inputWidth] } : {}),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + i }),
        biasInitializer: 'zeros',
      }),
    );
    dropout.push(layer.dropout);
  });
  const activation = task === 'regression' ? 'linear' : outputWidth === 1 ? 'sigmoid' : 'softmax';
  model.add(
    tf.layers.dense({
      units: outputWidth,
      activation,
      ...(config.layers.length === 0 ? { inputShape: [inputWidth] } : {}),
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + config.layers.length }),
      biasInitializer: 'zeros',
    }),
  );
  dropout.push(0);
  return { model, dropout };
}

export function makeOptimizer(tf: Tf, t: TrainingSection): TF.Optimizer {
  switch (t.optimizer) {
    case 'sgd':
      return tf.train.sgd(t.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(t.learningRate);
    default:
      return tf.train.adam(t.learningRate);
  }
}

/** Mean loss of a batch: cross-entropy for classifiers (probabilities clipped away from 0), MSE for regression. */
export function lossOf(tf: Tf, task: Task, p: TF.Tensor, y: TF.Tensor): TF.Scalar {
  return tf.tidy(() => {
    if (task === 'regression') return tf.mean(tf.squaredDifference(p, y));
    const pc = tf.clipByValue(p, 1e-7, 1 - 1e-7);
    if (p.shape[1] === 1) {
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(pc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pc))))));
    }
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(pc)), 1)));
  }) as TF.Scalar;
}

/**
 * Per-batch sums for the epoch metrics, computed next to the loss so one read serves both:
 * classification [correct count], regression [sum |err|, sum err²] in standardised units.
 */
export function batchStats(tf: Tf, task: Task, p: TF.Tensor, y: TF.Tensor): TF.Tensor1D {
  return tf.tidy(() => {
    if (task === 'regression') {
      const err = tf.sub(p, y);
      return tf.stack([tf.sum(tf.abs(err)), tf.sum(tf.square(err))]) as TF.Tensor1D;
    }
    const hit = p.shape[1] === 1 ? tf.equal(tf.greater(p, 0.5).toFloat(), y) : tf.equal(tf.argMax(p, 1), tf.argMax(y, 1));
    return tf.reshape(tf.sum(hit.toFloat()), [1]) as TF.Tensor1D;
  });
}
