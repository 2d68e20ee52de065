import { LoupeError } from '../errors';

/**
 * MLflow's search syntax: a conjunction of comparisons between an `entity.key` identifier and a
 * constant (`metrics.acc > 0.9 and params.lr = '0.01'`). MLflow has no OR and no parentheses
 * except around IN lists, so neither do we: accepting them would make filters that work here and
 * fail on a real MLflow server.
 */

export type MlflowEntity = 'metric' | 'param' | 'tag' | 'attribute';

export interface MlflowIdentifier {
  entity: MlflowEntity;
  key: string;
  /** As written, for messages. */
  raw: string;
}

export type MlflowValue = string | number;
export type MlflowOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type MlflowComparison =
  | { kind: 'compare'; id: MlflowIdentifier; op: MlflowOp; value: MlflowValue }
  | { kind: 'like'; id: MlflowIdentifier; pattern: string; caseInsensitive: boolean; negated: boolean }
  | { kind: 'in'; id: MlflowIdentifier; values: MlflowValue[]; negated: boolean }
  | { kind: 'null'; id: MlflowIdentifier; negated: boolean };

const ENTITIES: Record<string, MlflowEntity> = {
  metric: 'metric', metrics: 'metric',
  param: 'param', params: 'param', parameter: 'param', parameters: 'param',
  tag: 'tag', tags: 'tag',
  attribute: 'attribute', attributes: 'attribute', attr: 'attribute', run: 'attribute',
};
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'ilike', 'is', 'null', 'asc', 'desc']);
const OPS: Record<string, MlflowOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATOR = /==|!=|<>|<=|>=|=|<|>/y;
// An unquoted key runs to the next space, operator, quote or bracket: `metrics.train/loss`, `params.a.b`.
const BARE_KEY = /[^\s=!<>(),'"`]+/y;

type Token =
  | { kind: 'id'; id: MlflowIdentifier; at: number }
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'op'; op: MlflowOp; at: number }
  | { kind: '(' | ')' | ',' | 'end'; at: number };

function fail(text: string, at: number, problem: string): never {
  throw new LoupeError('INVALID_ARGUMENT', `Invalid clause '${text.length > 200 ? text.slice(0, 200) + '…' : text}' at position ${at + 1}: ${problem}.`);
}

function readQuoted(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\' && i + 1 < src.length) {
      const next = src[++i];
      // Other escapes keep their backslash: LIKE patterns use `\%` and `\_`.
      out += next === quote || next === '\\' ? next : '\\' + next;
    } else if (ch === quote) {
      if (src[i + 1] !== quote) return { value: out, end: i + 1 };
      out += quote;
      i++;
    } else out += ch;
  }
  return fail(src, start, `unterminated quote ${quote}`);
}

function sticky(re: RegExp, src: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(src)?.[0];
}

function readIdentifier(src: string, word: string, at: number): { token: Token; end: number } {
  let i = at + word.length;
  if (src[i] !== '.') return { token: { kind: 'word', text: word, at }, end: i };
  const entity = ENTITIES[word.toLowerCase()];
  if (!entity || !Object.hasOwn(ENTITIES, word.toLowerCase())) {
    fail(src, at, `unknown entity '${word}'; identifiers are metrics.<key>, params.<key>, tags.<key> or attributes.<name>`);
  }
  i++;
  let key: string;
  if (src[i] === '`' || src[i] === '"') {
    const q = readQuoted(src, i);
    key = q.value;
    i = q.end;
  } else {
    key = sticky(BARE_KEY, src, i) ?? '';
    i += key.length;
  }
  if (key === '') fail(src, i, `expected a key after '${word}.'`);
  return { token: { kind: 'id', id: { entity, key, raw: src.slice(at, i) }, at }, end: i };
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, at: i++ });
      continue;
    }
    if (ch === "'" || ch === '"') {
      const q = readQuoted(src, i);
      tokens.push({ kind: 'string', value: q.value, at: i });
      i = q.end;
      continue;
    }
    if (ch === '`') {
      // A whole identifier in backticks: `metrics.acc`.
      const q = readQuoted(src, i);
      const dot = q.value.indexOf('.');
      const entity = dot > 0 ? ENTITIES[q.value.slice(0, dot).toLowerCase()] : undefined;
      if (!entity || !Object.hasOwn(ENTITIES, q.value.slice(0, dot).toLowerCase())) fail(src, i, `expected entity.key inside backticks`);
      tokens.push({ kind: 'id', id: { entity, key: q.value.slice(dot + 1), raw: src.slice(i, q.end) }, at: i });
      i = q.end;
      continue;
    }
    const op = sticky(OPERATOR, src, i);
    if (op) {
      tokens.push({ kind: 'op', op: OPS[op], at: i });
      i += op.length;
      continue;
    }
    const num = sticky(NUMBER, src, i);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num), at: i });
      i += num.length;
      continue;
    }
    const word = sticky(WORD, src, i);
    if (word) {
      const r = readIdentifier(src, word, i);
      tokens.push(r.token);
      i = r.end;
      continue;
    }
    fail(src, i, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'end', at: src.length });
  return tokens;
}

function keyword(t: Token): string | undefined {
  if (t.kind !== 'word') return undefined;
  const w = t.text.toLowerCase();
  return KEYWORDS.has(w) ? w : undefined;
}

/** A bare word that is not a keyword names an attribute (`status`, `run_name`), as MLflow allows. */
function identifierOf(t: Token, src: string): MlflowIdentifier {
  if (t.kind === 'id') return t.id;
  if (t.kind === 'word' && keyword(t) === undefined) return { entity: 'attribute', key: t.text, raw: t.text };
  return fail(src, t.at, 'expected an identifier such as metrics.acc, params.lr, tags.stage or attributes.status');
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos < this.tokens.length - 1 ? this.pos++ : this.pos];
  }

  conjunction(): MlflowComparison[] {
    const out = [this.comparison()];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end') return out;
      const kw = keyword(t);
      if (kw === 'or') fail(this.src, t.at, "MLflow filters do not support OR; run one search per alternative");
      if (kw !== 'and') fail(this.src, t.at, "expected 'and' or the end of the filter");
      this.next();
      out.push(this.comparison());
    }
  }

  private comparison(): MlflowComparison {
    const first = this.next();
    if (first.kind === '(') fail(this.src, first.at, 'parentheses are only allowed around IN lists');
    const id = identifierOf(first, this.src);
    const t = this.next();
    if (t.kind === 'op') return { kind: 'compare', id, op: t.op, value: this.value() };
    let kw = keyword(t);
    if (kw === 'is') {
      const negated = keyword(this.peek()) === 'not';
      if (negated) this.next();
      const n = this.next();
      if (keyword(n) !== 'null') fail(this.src, n.at, "expected NULL after IS");
      return { kind: 'null', id, negated };
    }
    const negated = kw === 'not';
    if (negated) kw = keyword(this.next());
    if (kw === 'like' || kw === 'ilike') {
      const p = this.next();
      if (p.kind !== 'string') fail(this.src, p.at, `expected a quoted pattern after ${kw.toUpperCase()}`);
      return { kind: 'like', id, pattern: p.value, caseInsensitive: kw === 'ilike', negated };
    }
    if (kw === 'in') return { kind: 'in', id, values: this.list(), negated };
    return fail(this.src, t.at, `expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN) after '${id.raw}'`);
  }

  private value(): MlflowValue {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    return fail(this.src, t.at, 'expected a number or a quoted string');
  }

  private list(): MlflowValue[] {
    const open = this.next();
    if (open.kind !== '(') fail(this.src, open.at, "expected '(' after IN");
    const values = [this.value()];
    while (this.peek().kind === ',') {
      this.next();
      values.push(this.value());
    }
    const close = this.next();
    if (close.kind !== ')') fail(this.src, close.at, "expected ',' or ')' in the IN list");
    return values;
  }

  orderTerm(): { id: MlflowIdentifier; descending: boolean } {
    const id = identifierOf(this.next(), this.src);
    const kw = keyword(this.peek());
    const descending = kw === 'desc';
    if (kw === 'asc' || kw === 'desc') this.next();
    const t = this.peek();
    if (t.kind !== 'end') fail(this.src, t.at, 'expected ASC, DESC or the end of the order_by clause');
    return { id, descending };
  }
}

/** Parses an MLflow filter; an empty filter is no comparison. Throws LoupeError INVALID_ARGUMENT. */
export function parseMlflowFilter(filter: string | undefined): MlflowComparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  if (filter.length > 10_000) throw new LoupeError('INVALID_ARGUMENT', 'The filter is longer than 10,000 characters.');
  return new Parser(tokenize(filter), filter).conjunction();
}

/** Parses one order_by entry such as `metrics.acc DESC`. */
export function parseMlflowOrderBy(entry: string): { id: MlflowIdentifier; descending: boolean } {
  return new Parser(tokenize(entry), entry).orderTerm();
}
