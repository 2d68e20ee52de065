/**
 * Debiased exponential moving average, as TensorBoard and W&B smooth curves: `weight` 0 keeps the
 * raw values, 0.99 smooths heavily. Non-finite values pass through unsmoothed and do not poison
 * the average, so a NaN spike stays visible where it happened.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return values.slice();
  const out = new Array<number>(values.length);
  let last = 0;
  let debias = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    out[i] = last / debias;
  }
  return out;
}
