/**
 * The micro-averaged one-vs-rest ROC curve of n×k row-major probabilities: every (row, class) pair
 * is a score, positive when the class is the row's label. Points are thinned to at most `maxPoints`
 * (the curve is for drawing; the AUC comes from the exact metric). Tied scores move together.
 */
export function rocCurveMicro(truth: Int32Array, probs: Float64Array, k: number, maxPoints = 200): { fpr: number[]; tpr: number[] } {
  const n = truth.length;
  const order = Array.from({ length: n * k }, (_, j) => j).sort((a, b) => probs[b] - probs[a]);
  const positives = n;
  const negatives = n * (k - 1);
  const fpr = [0];
  const tpr = [0];
  if (positives === 0 || negatives === 0) return { fpr, tpr };
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < order.length; j++) {
    const pair = order[j];
    if (truth[Math.floor(pair / k)] === pair % k) tp++;
    else fp++;
    const nextTied = j + 1 < order.length && probs[order[j + 1]] === probs[pair];
    if (!nextTied) {
      fpr.push(fp / negatives);
      tpr.push(tp / positives);
    }
  }
  if (fpr.length <= maxPoints) return { fpr, tpr };
  const step = (fpr.length - 1) / (maxPoints - 1);
  const keep = Array.from({ length: maxPoints }, (_, i) => Math.round(i * step));
  return { fpr: keep.map((i) => fpr[i]), tpr: keep.map((i) => tpr[i]) };
}
