/**
 * Webview messages travel as JSON, which has no NaN or ±Infinity. Metric values cross as
 * `WireNumber`: a plain number when finite, else one of three strings.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function toWire(v: number): WireNumber {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

export function fromWire(v: WireNumber): number {
  return typeof v === 'number' ? v : Number(v);
}

export function isWireNumber(v: unknown): v is WireNumber {
  return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
}
