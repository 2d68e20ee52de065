import { quantileSorted, sortedFinite } from './quantiles';

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;

export interface BootstrapOptions {
  seed: number;
  resamples?: number;
  confidence?: number;
  /** Rank bins per class for the bootstrap's AUC (see `rankBins`). */
  aucBins?: number;
}

/** Percentile interval of challenger − champion over the resamples where the metric was defined. */
export interface DiffInterval {
  lo: number;
  hi: number;
  /** Resamples where both models' metric was defined (e.g. AUC needs both classes present). */
  valid: number;
}

export interface BootstrapResult {
  resamples: number;
  confidence: number;
  seed: number;
  intervals: Record<string, DiffInterval>;
  /** The per-resample differences, kept for tests and plots; not stored in the report. */
  samples: Record<string, Float64Array>;
  notes: string[];
}

export function checkBootstrapOptions(o: BootstrapOptions): { resamples: number; confidence: number } {
  const resamples = o.resamples ?? DEFAULT_RESAMPLES;
  const confidence = o.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  return { resamples, confidence };
}

export function percentileIntervals(samples: Record<string, Float64Array>, confidence: number): Record<string, DiffInterval> {
  const tail = (1 - confidence) / 2;
  const out: Record<string, DiffInterval> = {};
  for (const [name, s] of Object.entries(samples)) {
    const sorted = sortedFinite(s);
    out[name] = { lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail), valid: sorted.length };
  }
  return out;
}

/**
 * One resample as draw counts: `w[i]` = how many of the n draws picked row i. Draw j picks row
 * floor(rng() · n), in order; a naive implementation drawing indices the same way sees the same rows.
 */
export function drawCounts(rng: () => number, w: Int32Array): void {
  const n = w.length;
  w.fill(0);
  for (let j = 0; j < n; j++) w[Math.floor(rng() * n)]++;
}
