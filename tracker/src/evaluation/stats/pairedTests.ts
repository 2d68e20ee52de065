/**
 * Paired significance tests of champion versus challenger on the same rows.
 */

export interface McNemarResult {
  /** Rows the champion got right and the challenger wrong. */
  b: number;
  /** Rows the champion got wrong and the challenger right. */
  c: number;
  p: number;
}

/**
 * McNemar's exact test: under "no difference" each discordant row is a fair coin, so the smaller
 * of b and c is Binomial(b + c, ½); two-sided p = min(1, 2·P(X ≤ min(b, c))). Summed in log space
 * because 2^−(b+c) underflows beyond ~1,000 discordant rows.
 */
export function mcnemarExact(b: number, c: number): McNemarResult {
  const n = b + c;
  if (n === 0) return { b, c, p: 1 };
  const k = Math.min(b, c);
  let logTerm = -n * Math.LN2; // log C(n, 0) / 2^n
  let logSum = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1));
    logSum = logAddExp(logSum, logTerm);
  }
  return { b, c, p: Math.min(1, 2 * Math.exp(logSum)) };
}

function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

export interface WilcoxonResult {
  /** Non-zero paired differences used (zeros are dropped, Wilcoxon's original convention). */
  n: number;
  /** Sum of the ranks of positive differences (challenger's error larger). */
  wPlus: number;
  wMinus: number;
  z: number;
  p: number;
}

/**
 * Wilcoxon signed-rank test on paired differences, two-sided, by the normal approximation with the
 * tie correction to the variance and no continuity correction (scipy's `wilcoxon(..., method="approx")`).
 */
export function wilcoxonSignedRank(d: Float64Array): WilcoxonResult {
  const nz = d.filter((v) => v !== 0 && !Number.isNaN(v));
  const n = nz.length;
  if (n === 0) return { n, wPlus: 0, wMinus: 0, z: 0, p: 1 };
  const abs = nz.map(Math.abs);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => abs[a] - abs[b]);
  let wPlus = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && abs[order[end + 1]] === abs[order[start]]) end++;
    const t = end - start + 1;
    tieTerm += t * t * t - t;
    const midRank = (start + end + 2) / 2;
    for (let j = start; j <= end; j++) if (nz[order[j]] > 0) wPlus += midRank;
    start = end + 1;
  }
  const total = (n * (n + 1)) / 2;
  const mean = total / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const z = variance > 0 ? (wPlus - mean) / Math.sqrt(variance) : 0;
  return { n, wPlus, wMinus: total - wPlus, z, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit; relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
