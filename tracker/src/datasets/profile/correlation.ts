import type { Correlation } from './types';

/** Columns considered for correlations: pairs grow with the square, and wide tables rarely need all. */
export const CORRELATION_COLUMNS = 50;
const FIELDS = 6; // n, mean x, mean y, m2 x, m2 y, co-moment

/**
 * Pearson correlations of every column pair over the rows where both are numbers, in one pass.
 * Running co-moments (the bivariate Welford update) instead of raw sums: raw Σxy − n·x̄ȳ cancels
 * catastrophically on large offsets such as timestamps.
 */
export class PairwiseCorrelation {
  private readonly stats: Float64Array;
  private readonly present: number[] = [];

  constructor(private readonly k: number) {
    this.stats = new Float64Array(k * k * FIELDS);
  }

  /** `xs[i]` is column i's number in this row, or undefined. */
  add(xs: (number | undefined)[]): void {
    const present = this.present;
    present.length = 0;
    for (let i = 0; i < Math.min(this.k, xs.length); i++) if (xs[i] !== undefined) present.push(i);
    const s = this.stats;
    for (let a = 0; a < present.length; a++) {
      const i = present[a];
      const x = xs[i]!;
      for (let b = a + 1; b < present.length; b++) {
        const j = present[b];
        const y = xs[j]!;
        const o = (i * this.k + j) * FIELDS;
        const n = ++s[o];
        const dx = x - s[o + 1];
        const dy = y - s[o + 2];
        s[o + 1] += dx / n;
        s[o + 2] += dy / n;
        s[o + 3] += dx * (x - s[o + 1]);
        s[o + 4] += dy * (y - s[o + 2]);
        s[o + 5] += dx * (y - s[o + 2]);
      }
    }
  }

  /** Pairs of the columns `numeric` selects, in column order. */
  result(names: string[], numeric: (i: number) => boolean): Correlation[] {
    const out: Correlation[] = [];
    const k = Math.min(this.k, names.length);
    for (let i = 0; i < k; i++) {
      if (!numeric(i)) continue;
      for (let j = i + 1; j < k; j++) {
        if (!numeric(j)) continue;
        const o = (i * this.k + j) * FIELDS;
        const n = this.stats[o];
        const denom = Math.sqrt(this.stats[o + 3] * this.stats[o + 4]);
        const r = n >= 2 && denom > 0 ? Math.max(-1, Math.min(1, this.stats[o + 5] / denom)) : null;
        out.push({ a: names[i], b: names[j], r, n });
      }
    }
    return out;
  }
}
