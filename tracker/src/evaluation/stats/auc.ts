/**
 * Exact ROC AUC (the Mann–Whitney U statistic): the share of positive–negative pairs the score
 * orders correctly, a tied pair counting one half. Positives' and negatives' scores are sorted
 * natively and merged with two pointers, so ties cost nothing extra. NaN with only one side present.
 */
export function rocAucBinary(score: (i: number) => number, positive: (i: number) => boolean, rows: ArrayLike<number>): number {
  let nPos = 0;
  for (let j = 0; j < rows.length; j++) if (positive(rows[j])) nPos++;
  const nNeg = rows.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  for (let j = 0, p = 0, q = 0; j < rows.length; j++) {
    const i = rows[j];
    if (positive(i)) pos[p++] = score(i);
    else neg[q++] = score(i);
  }
  pos.sort();
  neg.sort();
  let below = 0; // negatives scored strictly lower than the current positive
  let upTo = 0; // negatives scored lower or equal
  let pairs = 0;
  for (let p = 0; p < nPos; p++) {
    const s = pos[p];
    while (below < nNeg && neg[below] < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < nNeg && neg[upTo] === s) upTo++;
    pairs += below + 0.5 * (upTo - below);
  }
  return pairs / (nPos * nNeg);
}

/**
 * One-vs-rest macro AUC over row-major n×k probabilities: each class's probability ranks its rows
 * against all others; classes absent from the rows (or present in all of them) are left out.
 */
export function rocAucOvr(truth: Int32Array, probs: Float64Array, k: number, idx?: ArrayLike<number>): number {
  const rows = idx ?? Int32Array.from({ length: truth.length }, (_, i) => i);
  let sum = 0;
  let used = 0;
  for (let c = 0; c < k; c++) {
    const auc = rocAucBinary((i) => probs[i * k + c], (i) => truth[i] === c, rows);
    if (!Number.isNaN(auc)) {
      sum += auc;
      used++;
    }
  }
  return used ? sum / used : NaN;
}

/**
 * Rank bins for the bootstrap's approximate AUC: rows sorted by score fall into `bins` groups of
 * equal size, and tied scores always share a bin. With no more distinct scores than bins the AUC
 * from bin counts is exact; otherwise only positive–negative pairs inside one bin are approximated
 * (counted one half), at most ~1/bins of all pairs.
 */
export function rankBins(score: Float64Array, bins: number): Uint16Array {
  const n = score.length;
  const sorted = Float64Array.from(score).sort();
  // For each sorted position that starts a run of equal scores: how many distinct scores come before.
  const rankOf = new Int32Array(n);
  let distinct = 0;
  for (let j = 0; j < n; j++) {
    if (j === 0 || sorted[j] !== sorted[j - 1]) distinct++;
    rankOf[j] = distinct - 1;
  }
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const first = lowerBound(sorted, score[i]); // where this score's run of ties starts
    out[i] = distinct <= bins ? rankOf[first] : Math.floor((first * bins) / n);
  }
  return out;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** AUC from positive/negative counts per ascending rank bin (pairs within a bin count one half). */
export function aucFromBinCounts(pos: ArrayLike<number>, neg: ArrayLike<number>, offset: number, bins: number): number {
  let negBelow = 0;
  let area = 0;
  let p = 0;
  for (let b = offset; b < offset + bins; b++) {
    area += pos[b] * (negBelow + 0.5 * neg[b]);
    negBelow += neg[b];
    p += pos[b];
  }
  return p > 0 && negBelow > 0 ? area / (p * negBelow) : NaN;
}
