/** Numbers in sentences: four significant digits, no exponent for ordinary magnitudes. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0 || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}

/** p-values: small ones in exponent form so "p = 0" never appears. */
export function pValue(p: number): string {
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(2) : String(Number(p.toPrecision(3)));
}
