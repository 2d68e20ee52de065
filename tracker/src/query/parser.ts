import {
  type CompareOp,
  type Field,
  type Literal,
  type OrderTerm,
  type QueryNode,
  type RunAttribute,
  METRIC_AGGREGATES,
  type MetricAggregate,
  RUN_ATTRIBUTES,
  isTextField,
  numberFromString,
  printField,
} from './ast';
import { type Token, QuerySyntaxError, tokenize } from './lexer';

/** Each `(` and `not` costs one level; the parser recurses per level, so this bounds the stack. */
export const MAX_QUERY_DEPTH = 100;

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'ilike', 'in', 'is', 'null', 'asc', 'desc']);

// MLflow spellings, so queries copied from MLflow keep working.
const ATTRIBUTE_ALIASES = new Map<string, RunAttribute>([
  ['start_time', 'created'],
  ['end_time', 'ended'],
  ['run_id', 'id'],
  ['run_name', 'name'],
  ['experiment_name', 'experiment'],
  ['parent_run_id', 'parent'],
]);

const FIELD_HELP = 'fields are params.<name>, tags.<name>, metrics.<name>[.last|min|max|mean|count] or one of ' + Object.keys(RUN_ATTRIBUTES).join(', ');

const OPS: Record<string, CompareOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function keywordOf(t: Token): string | undefined {
  if (t.kind !== 'name' || t.segments.length !== 1 || t.segments[0].quoted) return undefined;
  const w = t.segments[0].text.toLowerCase();
  return KEYWORDS.has(w) ? w : undefined;
}

function show(t: Token): string {
  return t.kind === 'end' ? 'the end of the query' : `'${t.raw.length > 30 ? t.raw.slice(0, 30) + '…' : t.raw}'`;
}

function attributeNamed(word: string): RunAttribute | undefined {
  const w = word.toLowerCase();
  // Own keys only: user text such as `__proto__` must not reach inherited properties.
  if (Object.prototype.hasOwnProperty.call(RUN_ATTRIBUTES, w)) return w as RunAttribute;
  return ATTRIBUTE_ALIASES.get(w);
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly context: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  private fail(detail: string, column: number, hint = ''): never {
    throw new QuerySyntaxError(detail, column, this.context, hint);
  }
  private atKeyword(word: string): boolean {
    return keywordOf(this.peek()) === word;
  }
  private enter(at: Token): void {
    if (++this.depth > MAX_QUERY_DEPTH) this.fail(`The query nests more than ${MAX_QUERY_DEPTH} levels deep`, at.column);
  }

  parseQuery(): QueryNode {
    if (this.peek().kind === 'end') this.fail('The query is empty', 1);
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      this.fail(t.kind === ')' ? "Unexpected ')' without a matching '('" : `Expected 'and', 'or' or the end of the query, found ${show(t)}`, t.column);
    }
    return node;
  }

  parseOrder(): OrderTerm {
    if (this.peek().kind === 'end') this.fail('Expected a field to sort by', 1);
    const field = this.parseField();
    let descending = false;
    if (this.atKeyword('asc') || this.atKeyword('desc')) descending = keywordOf(this.next()) === 'desc';
    const t = this.peek();
    if (t.kind !== 'end') this.fail(`Expected 'asc', 'desc' or the end of the sort, found ${show(t)}`, t.column);
    return { field, descending };
  }

  // Precedence, loosest first: or, and, not. Chains are loops, so only nesting costs stack.
  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.atKeyword('or')) {
      this.next();
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    while (this.atKeyword('and')) {
      this.next();
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  }

  private parseUnary(): QueryNode {
    const t = this.peek();
    if (keywordOf(t) === 'not') {
      this.next();
      this.enter(t);
      const child = this.parseUnary();
      this.depth--;
      return { type: 'not', child };
    }
    if (t.kind === '(') {
      this.next();
      this.enter(t);
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== ')') {
        this.fail(close.kind === 'end' ? `Missing ')' to close the '(' at column ${t.column}` : `Expected ')' or 'and'/'or', found ${show(close)}`, close.column);
      }
      this.next();
      this.depth--;
      return inner;
    }
    return this.parsePredicate();
  }

  private parseField(): Field {
    const t = this.peek();
    if (t.kind !== 'name' || keywordOf(t) !== undefined) {
      this.fail(`Expected a field name such as params.lr or status, found ${show(t)}`, t.column);
    }
    this.next();
    const segs = t.segments;
    if (segs.length === 1) {
      const attr = attributeNamed(segs[0].text);
      if (attr) return { kind: 'attribute', name: attr };
      const w = segs[0].text.toLowerCase();
      if (/^(params?|tags?|metrics?)$/.test(w)) this.fail(`Expected a name after '${segs[0].text}.'`, t.column + t.raw.length);
      this.fail(`Unknown field '${segs[0].text}'`, t.column, FIELD_HELP);
    }
    const prefix = segs[0].text.toLowerCase();
    const rest = segs.slice(1);
    switch (prefix) {
      case 'params':
      case 'param':
        return { kind: 'param', key: rest.map((s) => s.text).join('.') };
      case 'tags':
      case 'tag':
        return { kind: 'tag', key: rest.map((s) => s.text).join('.') };
      case 'metrics':
      case 'metric': {
        if (rest.length === 1) return { kind: 'metric', key: rest[0].text, aggregate: 'last' };
        const last = rest[rest.length - 1];
        const agg = last.text.toLowerCase() as MetricAggregate;
        // A dotted metric name must be quoted: otherwise a typo such as `loss.minn` would silently match nothing.
        if (last.quoted || !METRIC_AGGREGATES.includes(agg)) {
          this.fail(
            `Unknown metric summary '${last.text}' in '${t.raw}'`,
            t.column,
            `use ${METRIC_AGGREGATES.join(', ')}; quote names that contain dots, e.g. metrics.\`val.loss\``,
          );
        }
        return { kind: 'metric', key: rest.slice(0, -1).map((s) => s.text).join('.'), aggregate: agg };
      }
      case 'attributes':
      case 'attribute':
      case 'attr': {
        const attr = rest.length === 1 ? attributeNamed(rest[0].text) : undefined;
        if (!attr) this.fail(`Unknown attribute '${rest.map((s) => s.text).join('.')}'`, t.column, `attributes are ${Object.keys(RUN_ATTRIBUTES).join(', ')}`);
        return { kind: 'attribute', name: attr };
      }
      default:
        this.fail(`Unknown field prefix '${segs[0].text}' in '${t.raw}'`, t.column, FIELD_HELP);
    }
  }

  private parsePredicate(): QueryNode {
    const fieldToken = this.peek();
    const field = this.parseField();
    const t = this.peek();
    const kw = keywordOf(t);
    if (t.kind === 'operator') {
      this.next();
      const v = this.peek();
      if (keywordOf(v) === 'null') {
        this.next();
        const op = OPS[t.op];
        if (op !== '=' && op !== '!=') this.fail(`Only = and != can compare with null; use 'is null' or 'is not null'`, t.column);
        return { type: 'isNull', field, negated: op === '!=' };
      }
      return { type: 'compare', field, op: OPS[t.op], value: this.parseLiteral(field, `after '${t.raw}'`) };
    }
    if (kw === 'is') {
      this.next();
      const negated = this.atKeyword('not');
      if (negated) this.next();
      const n = this.peek();
      if (keywordOf(n) !== 'null') this.fail(`Expected 'null' after '${negated ? 'is not' : 'is'}'`, n.column);
      this.next();
      return { type: 'isNull', field, negated };
    }
    let negated = false;
    if (kw === 'not') {
      this.next();
      negated = true;
    }
    const op = keywordOf(this.peek());
    if (op === 'like' || op === 'ilike') {
      const opToken = this.next();
      if (!isTextField(field)) this.fail(`${op} needs a text field, but ${printField(field)} is a number`, opToken.column);
      const p = this.peek();
      if (p.kind !== 'string') this.fail(`Expected a quoted pattern after '${op}'`, p.column);
      this.next();
      return { type: 'like', field, pattern: p.value, negated, caseInsensitive: op === 'ilike' };
    }
    if (op === 'in') {
      this.next();
      const open = this.peek();
      if (open.kind !== '(') this.fail(`Expected '(' after 'in'`, open.column);
      this.next();
      const values: Literal[] = [this.parseLiteral(field, "in the 'in' list")];
      while (this.peek().kind === ',') {
        this.next();
        values.push(this.parseLiteral(field, "after ','"));
      }
      const close = this.peek();
      if (close.kind !== ')') this.fail(`Expected ',' or ')' in the 'in' list, found ${show(close)}`, close.column);
      this.next();
      return { type: 'in', field, values, negated };
    }
    const after = negated ? `'not'` : `'${fieldToken.raw}'`;
    this.fail(
      negated ? `Expected 'like', 'ilike' or 'in' after ${after}` : `Expected an operator (=, !=, <, <=, >, >=, like, in, is) after ${after}, found ${show(t)}`,
      this.peek().column,
    );
  }

  private parseLiteral(field: Field, where: string): Literal {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'string') {
      this.next();
      if (!isTextField(field) && numberFromString(field, t.value) === undefined) {
        const hint = field.kind !== 'attribute' ? '' : field.name === 'duration' ? "ms, or a string such as '90s' or '1h30m'" : "ms since the epoch, or a date such as '2024-05-01'";
        this.fail(`${printField(field)} is a number: compare it with a number, not ${show(t)}`, t.column, hint);
      }
      return { type: 'string', value: t.value };
    }
    const hint = t.kind === 'name' && keywordOf(t) === undefined ? `quote text: '${t.raw}'` : '';
    this.fail(`Expected a value ${where}`, t.column, hint);
  }
}

/** Parses a filter such as `metrics.loss.min < 0.3 and params.lr = 0.01`. Throws QuerySyntaxError. */
export function parseRunQuery(text: string): QueryNode {
  return new Parser(tokenize(text), '').parseQuery();
}

/** Parses one sort entry such as `metrics.acc.max desc`. Throws QuerySyntaxError. */
export function parseOrderTerm(text: string): OrderTerm {
  const context = ` of the sort "${text.length > 60 ? text.slice(0, 60) + '…' : text}"`;
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    throw e instanceof QuerySyntaxError ? new QuerySyntaxError(e.detail, e.column, context) : e;
  }
  return new Parser(tokens, context).parseOrder();
}
