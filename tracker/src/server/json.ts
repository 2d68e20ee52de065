import { randomBytes } from 'node:crypto';

/**
 * JSON with the non-finite tokens Python's `json` module reads and writes (`NaN`, `Infinity`,
 * `-Infinity`). They are not JSON, but MLflow clients built on `json.dumps` send them, and metric
 * values are exactly where they appear; rejecting them would lose a diverged run's last points.
 */

// A per-process nonce: a client cannot guess it, so no real string value is ever mistaken for NaN.
const NAN_MARK = `\u0000loupe-nan-${randomBytes(8).toString('hex')}`;
const OUT_MARK = `\u0000loupe-nonfinite-${randomBytes(8).toString('hex')}:`;
const OUT_TOKEN = new RegExp(`"${escapeRegExp(JSON.stringify(OUT_MARK).slice(1, -1))}(NaN|Infinity|-Infinity)"`, 'g');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/**
 * Rewrites bare NaN/Infinity tokens (outside strings) into JSON: Infinity becomes 1e999, which
 * JSON.parse reads as Infinity, and NaN becomes a marked string the reviver turns back into NaN.
 */
function rewriteNonFinite(text: string): { text: string; hasNaN: boolean } {
  let out = '';
  let last = 0;
  let hasNaN = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      // Skip the string, honouring escapes, so a tag value "NaN" stays text.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if ((ch !== 'N' && ch !== 'I') || isWordChar(text[i - 1])) continue;
    const word = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : undefined;
    if (!word || isWordChar(text[i + word.length])) continue;
    out += text.slice(last, i) + (word === 'NaN' ? JSON.stringify(NAN_MARK) : '1e999');
    hasNaN ||= word === 'NaN';
    last = i + word.length;
    i = last - 1;
  }
  return { text: last === 0 ? text : out + text.slice(last), hasNaN };
}

/** JSON.parse that also accepts Python's NaN / Infinity / -Infinity tokens. Throws SyntaxError. */
export function parseLenientJson(text: string): unknown {
  // Fast path: almost every body has neither token, and scanning a 1 MiB body costs milliseconds.
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text);
  const rewritten = rewriteNonFinite(text);
  if (!rewritten.hasNaN) return JSON.parse(rewritten.text);
  return JSON.parse(rewritten.text, (_key, value: unknown) => (value === NAN_MARK ? NaN : value));
}

/** JSON.stringify that writes non-finite numbers as NaN / Infinity / -Infinity tokens, as Python's json does. */
export function stringifyLenientJson(value: unknown): string {
  let nonFinite = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      nonFinite = true;
      return OUT_MARK + String(v);
    }
    return v;
  });
  return nonFinite ? text.replace(OUT_TOKEN, '$1') : text;
}
