import { LoupeError, isLoupeError } from '../errors';
import type { ModelAdapter, Prediction, Row } from './types';

export const DEFAULT_BATCH_SIZE = 256;

/** What one model did during the replay. */
export interface ShadowSide {
  predictions: Prediction[];
  /** Wall time of each predict call (ms) and how many rows it scored. */
  batchMs: Float64Array;
  batchRows: Int32Array;
  /** Row positions in the order this model was given them: the dataset-digest check replays it. */
  scored: Int32Array;
}

export interface ShadowResult {
  champion: ShadowSide;
  challenger: ShadowSide;
  batchSize: number;
}

/**
 * Shadow replay: batch by batch, the champion answers first (it is the model serving traffic) and
 * the challenger then scores the very same batch, whose answer is only recorded. Interleaving per
 * batch puts both models under the same machine conditions, so their latencies are comparable.
 */
export async function shadowReplay(champion: ModelAdapter, challenger: ModelAdapter, rows: Row[], options: { batchSize?: number } = {}): Promise<ShadowResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new LoupeError('INVALID_ARGUMENT', `The batch size must be a positive integer, got ${batchSize}.`);
  const batches = Math.ceil(rows.length / batchSize);
  const sides = { champion: newSide(rows.length, batches), challenger: newSide(rows.length, batches) };
  for (let b = 0; b < batches; b++) {
    const start = b * batchSize;
    const batch = rows.slice(start, Math.min(rows.length, start + batchSize));
    await scoreBatch('champion', champion, batch, start, b, sides.champion);
    await scoreBatch('challenger', challenger, batch, start, b, sides.challenger);
  }
  return { ...sides, batchSize };
}

function newSide(n: number, batches: number): ShadowSide {
  return { predictions: new Array<Prediction>(n), batchMs: new Float64Array(batches), batchRows: new Int32Array(batches), scored: new Int32Array(n) };
}

async function scoreBatch(role: string, model: ModelAdapter, batch: Row[], start: number, b: number, side: ShadowSide): Promise<void> {
  const where = `rows ${start}–${start + batch.length - 1}`;
  let out: Prediction[];
  const t0 = process.hrtime.bigint();
  try {
    out = await model.predict(batch);
  } catch (e) {
    const message = isLoupeError(e) ? e.message : `${model.id} threw: ${(e as Error).message ?? String(e)}`;
    throw new LoupeError(isLoupeError(e) ? e.code : 'INVALID_ARGUMENT', `The ${role} failed while scoring ${where}. ${message}`, { cause: e });
  }
  side.batchMs[b] = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!Array.isArray(out) || out.length !== batch.length) {
    throw new LoupeError('INVALID_ARGUMENT', `The ${role} (${model.id}) returned ${Array.isArray(out) ? out.length : 'no'} prediction(s) for the ${batch.length} ${where}; it must return exactly one per row.`);
  }
  side.batchRows[b] = batch.length;
  for (let k = 0; k < out.length; k++) {
    side.predictions[start + k] = out[k];
    side.scored[start + k] = start + k;
  }
}
