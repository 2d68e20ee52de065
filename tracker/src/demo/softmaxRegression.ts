/**
 * A small, real softmax-regression trainer in plain TypeScript, used by `loupe demo` to log
 * realistic runs on the sample data without needing a training backend.
 */
export interface Split {
  x: number[][];
  y: number[];
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  valAccuracy: number;
}

export function trainSoftmax(train: Split, val: Split, classes: number, lr: number, epochs: number, onEpoch: (m: EpochMetrics) => void): void {
  const d = train.x[0].length;
  const w = Array.from({ length: classes }, () => new Float64Array(d + 1));
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const grad = Array.from({ length: classes }, () => new Float64Array(d + 1));
    let trainLoss = 0;
    train.x.forEach((x, i) => {
      const p = probabilities(w, x);
      trainLoss -= Math.log(Math.max(p[train.y[i]], 1e-12));
      for (let k = 0; k < classes; k++) {
        const err = p[k] - (train.y[i] === k ? 1 : 0);
        for (let j = 0; j < d; j++) grad[k][j] += err * x[j];
        grad[k][d] += err;
      }
    });
    for (let k = 0; k < classes; k++) for (let j = 0; j <= d; j++) w[k][j] -= (lr * grad[k][j]) / train.x.length;
    let valLoss = 0;
    let correct = 0;
    val.x.forEach((x, i) => {
      const p = probabilities(w, x);
      valLoss -= Math.log(Math.max(p[val.y[i]], 1e-12));
      if (p.indexOf(Math.max(...p)) === val.y[i]) correct++;
    });
    onEpoch({ epoch, trainLoss: trainLoss / train.x.length, valLoss: valLoss / val.x.length, valAccuracy: correct / val.x.length });
  }
}

function probabilities(w: Float64Array[], x: number[]): number[] {
  const d = x.length;
  const z = w.map((wk) => x.reduce((s, xj, j) => s + wk[j] * xj, wk[d]));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Mulberry32: a tiny seeded generator so demo splits are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
