import { LoupeError } from '../errors';

/**
 * A syntax error in a run query. `column` is 1-based so hosts can underline the spot; the message
 * repeats it because most hosts only show the message.
 */
export class QuerySyntaxError extends LoupeError {
  constructor(
    readonly detail: string,
    readonly column: number,
    context = '',
    hint = '',
  ) {
    super('QUERY_SYNTAX', `${detail} at column ${column}${context}${hint ? ` (${hint})` : ''}`);
    this.name = 'QuerySyntaxError';
  }
}

/** Hostile or pasted input must not make the lexer or parser do unbounded work. */
export const MAX_QUERY_LENGTH = 10_000;

export type OperatorText = '=' | '==' | '!=' | '<>' | '<' | '<=' | '>' | '>=';

/** One segment of a dotted name; `quoted` segments came from backticks and are never keywords. */
export interface NameSegment {
  text: string;
  quoted: boolean;
}

export type Token =
  | { kind: 'name'; segments: NameSegment[]; raw: string; column: number }
  | { kind: 'number'; value: number; raw: string; column: number }
  | { kind: 'string'; value: string; raw: string; column: number }
  | { kind: 'operator'; op: OperatorText; raw: string; column: number }
  | { kind: '(' | ')' | ','; raw: string; column: number }
  | { kind: 'end'; raw: string; column: number };

const OPERATORS: readonly OperatorText[] = ['==', '!=', '<>', '<=', '>=', '=', '<', '>'];
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

// Letters from any script may appear in bare names; `-` and `/` are common in metric names
// (`train/loss`, `drop-out`) and cannot be confused with anything since the language has no arithmetic.
const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_\-/]/u;

export function isNameStart(ch: string): boolean {
  return NAME_START.test(ch);
}
export function isNamePart(ch: string): boolean {
  return NAME_PART.test(ch);
}

const ESCAPES = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['0', '\0'],
]);

/**
 * Reads a quoted run starting at `start` (the opening quote). Backslash escapes cover the quote,
 * backslash and \n \t \r \0 \uXXXX; any other `\x` keeps its backslash so LIKE patterns can say `\%`.
 * A doubled quote also stands for one quote, as in SQL.
 */
function readQuoted(src: string, start: number, what: string): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) break;
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (next === quote || next === '\\' || next === "'" || next === '"' || next === '`') out += next;
      else if (ESCAPES.has(next)) out += ESCAPES.get(next);
      else out += '\\' + next;
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (src[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return { value: out, end: i + 1 };
    }
    out += ch;
    i++;
  }
  throw new QuerySyntaxError(`Unterminated ${what} starting`, start + 1);
}

function readSegment(src: string, i: number, afterDot: boolean): { segment: NameSegment; end: number } | null {
  if (src[i] === '`') {
    const q = readQuoted(src, i, 'quoted name');
    return { segment: { text: q.value, quoted: true }, end: q.end };
  }
  // After a dot a segment may start with a digit (`params.2d`); a whole query token may not.
  if (i >= src.length || !(afterDot ? isNamePart(src[i]) : isNameStart(src[i]))) return null;
  let j = i + 1;
  while (j < src.length && isNamePart(src[j])) j++;
  return { segment: { text: src.slice(i, j), quoted: false }, end: j };
}

function describeChar(ch: string): string {
  return /\s/.test(ch) || ch < ' ' ? JSON.stringify(ch) : `'${ch}'`;
}

export function tokenize(src: string): Token[] {
  if (src.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`The query is longer than ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`, MAX_QUERY_LENGTH + 1);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const column = i + 1;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, raw: ch, column });
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const q = readQuoted(src, i, 'string');
      tokens.push({ kind: 'string', value: q.value, raw: src.slice(i, q.end), column });
      i = q.end;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'operator', op, raw: op, column });
      i += op.length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num) {
      const end = i + num[0].length;
      if (end < src.length && (isNamePart(src[end]) || src[end] === '.' || src[end] === '`')) {
        throw new QuerySyntaxError(`Unexpected ${describeChar(src[end])} after the number ${num[0]}`, end + 1);
      }
      tokens.push({ kind: 'number', value: Number(num[0]), raw: num[0], column });
      i = end;
      continue;
    }
    const first = readSegment(src, i, false);
    if (first) {
      const segments = [first.segment];
      let j = first.end;
      while (src[j] === '.') {
        const next = readSegment(src, j + 1, true);
        if (!next) throw new QuerySyntaxError(`Expected a name after '${src.slice(i, j + 1)}'`, j + 2);
        segments.push(next.segment);
        j = next.end;
      }
      tokens.push({ kind: 'name', segments, raw: src.slice(i, j), column });
      i = j;
      continue;
    }
    throw new QuerySyntaxError(`Unexpected character ${describeChar(ch)}`, column);
  }
  tokens.push({ kind: 'end', raw: '', column: src.length + 1 });
  return tokens;
}
