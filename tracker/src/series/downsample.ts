/**
 * Shape-preserving downsampling for charts. Each bucket of consecutive points keeps its first, last,
 * lowest and highest point, so spikes and the overall envelope survive, unlike with striding or
 * averaging. A NaN in a bucket is kept too: a NaN spike is exactly what a user looks for when a run diverges.
 * Points go through as indices into the typed arrays, with no per-point allocation.
 */

export interface DownsampledSeries {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
  downsampled: boolean;
}

/** first, min, max, first NaN, last */
const PER_BUCKET = 5;

/**
 * Writes the kept indices of every bucket, ascending and without duplicates, into `out`, and returns
 * how many it wrote. Buckets are split by index, which is by step order since series arrive sorted.
 */
function selectBuckets(values: Float64Array, buckets: number, out: Int32Array): number {
  const n = values.length;
  const picks = new Int32Array(PER_BUCKET);
  let count = 0;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    let minI = -1;
    let maxI = -1;
    let nanI = -1;
    let minV = 0;
    let maxV = 0;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (v !== v) {
        if (nanI < 0) nanI = i;
      } else {
        if (minI < 0 || v < minV) {
          minV = v;
          minI = i;
        }
        if (maxI < 0 || v > maxV) {
          maxV = v;
          maxI = i;
        }
      }
    }
    picks[0] = start;
    picks[1] = minI;
    picks[2] = maxI;
    picks[3] = nanI;
    picks[4] = end - 1;
    // Insertion sort of five, then skip the -1s (no such point) and repeats.
    for (let i = 1; i < PER_BUCKET; i++) {
      const p = picks[i];
      let j = i - 1;
      while (j >= 0 && picks[j] > p) {
        picks[j + 1] = picks[j];
        j--;
      }
      picks[j + 1] = p;
    }
    let prev = -1;
    for (let i = 0; i < PER_BUCKET; i++) {
      const p = picks[i];
      if (p > prev) {
        out[count++] = p;
        prev = p;
      }
    }
  }
  return count;
}

/** For budgets too small for even one bucket: the points that matter most, in that order. */
function selectFew(values: Float64Array, maxPoints: number, out: Int32Array): number {
  const n = values.length;
  let minI = -1;
  let maxI = -1;
  let nanI = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      if (nanI < 0) nanI = i;
    } else {
      if (minI < 0 || v < values[minI]) minI = i;
      if (maxI < 0 || v > values[maxI]) maxI = i;
    }
  }
  const chosen: number[] = [];
  for (const i of [0, n - 1, maxI, minI, nanI]) {
    if (chosen.length >= maxPoints) break;
    if (i >= 0 && !chosen.includes(i)) chosen.push(i);
  }
  chosen.sort((a, b) => a - b);
  chosen.forEach((i, k) => (out[k] = i));
  return chosen.length;
}

function gather(src: Float64Array, idx: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = src[idx[k]];
  return out;
}

/**
 * Keeps at most `maxPoints` points of a series, in order: the global first and last points, the
 * global extrema (±Infinity included) and, per bucket, the first, last, min, max and a NaN if any.
 * Input of at most `maxPoints` points comes back as is, with `downsampled: false`.
 */
export function downsampleSeries(steps: Float64Array, values: Float64Array, timestamps: Float64Array, maxPoints: number): DownsampledSeries {
  const n = values.length;
  const budget = Number.isFinite(maxPoints) ? Math.max(0, Math.floor(maxPoints)) : n;
  if (n <= budget) return { steps, values, timestamps, downsampled: false };

  let buckets = Math.max(1, Math.floor(budget / 4));
  const idx = new Int32Array(Math.max(PER_BUCKET, buckets * PER_BUCKET));
  let count: number;
  if (budget < PER_BUCKET) {
    count = selectFew(values, budget, idx);
  } else {
    // A bucket usually keeps four points; the ones holding a NaN keep five, so the first split may
    // overshoot. Shrink the bucket count in proportion until it fits: one bucket keeps at most five.
    for (;;) {
      count = selectBuckets(values, buckets, idx);
      if (count <= budget || buckets === 1) break;
      buckets = Math.max(1, Math.min(buckets - 1, Math.floor((buckets * budget) / count)));
    }
  }
  return { steps: gather(steps, idx, count), values: gather(values, idx, count), timestamps: gather(timestamps, idx, count), downsampled: true };
}
