import { LoupeError } from '../errors';
import { type Field, type Literal, type OrderTerm, type QueryNode, isTextField, numberFromString, printField } from './ast';
import { parseOrderTerm, parseRunQuery } from './parser';

export type SqlValue = string | number;

/**
 * SQL fragments for
 * `SELECT … FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE … AND (<where>) ORDER BY <orderBy>`.
 * `params` belong to `where` only: `orderBy` has no placeholders because the store runs a
 * `SELECT count(*)` with the same WHERE and params but no ORDER BY.
 */
export interface CompiledRunQuery {
  where: string;
  params: SqlValue[];
  orderBy: string;
  /**
   * The same order with each sort value computed once: select `sortColumns` (", expr AS _o0, …")
   * beside the run and ORDER BY `sortBy`, which names those aliases. A sort on a metric otherwise
   * looks the value up twice per run (once for "missing last", once for the direction).
   */
  sortColumns: string;
  sortBy: string;
}

export const MAX_ORDER_TERMS = 32;
export const DEFAULT_ORDER_BY = 'r.start_time DESC, r.id ASC';

/** How a value the user typed (or the clock) reaches the SQL text. */
interface Binder {
  value(v: SqlValue): string;
}

class Placeholders implements Binder {
  readonly params: SqlValue[] = [];
  value(v: SqlValue): string {
    this.params.push(v);
    return '?';
  }
}

/**
 * For ORDER BY, which cannot take placeholders (see CompiledRunQuery). Key names go in as hex blob
 * literals: the SQL text then holds only hex digits derived from the key, never the key itself, so
 * no key can end the literal or inject anything.
 */
const inlineLiterals: Binder = {
  value(v: SqlValue): string {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new LoupeError('INVALID_ARGUMENT', `Cannot sort relative to the non-finite time ${v}.`);
      return String(v);
    }
    return `CAST(X'${Buffer.from(v, 'utf8').toString('hex')}' AS TEXT)`;
  },
};

/**
 * The number a text value stands for, or NULL. Strict JSON numbers only, so '0.01', '1e-2' and '-2'
 * count but '1.5abc' does not (CAST alone would read it as 1.5). The nested CASE keeps json_type
 * from ever seeing invalid JSON, on which it raises an error.
 */
function numericText(x: string): string {
  return `CASE WHEN json_valid(${x}) THEN CASE WHEN json_type(${x}) IN ('integer', 'real') THEN CAST(${x} AS REAL) END END`;
}

const SUMMARY_COLUMN = {
  last: 'x.last',
  min: 'x.min',
  max: 'x.max',
  mean: 'x.sum / NULLIF(x.finite_count, 0)',
  count: 'x.count',
} as const;

// The conversion happens inside the lookup so each comparison costs one index probe.
function lookup(f: Extract<Field, { kind: 'param' | 'tag' }>, column: string, b: Binder): string {
  const table = f.kind === 'param' ? 'params' : 'tags';
  return `(SELECT ${column} FROM ${table} x WHERE x.run_id = r.id AND x.key = ${b.value(f.key)})`;
}

function textExpr(f: Field, b: Binder): string {
  if (f.kind === 'param' || f.kind === 'tag') return lookup(f, 'x.value', b);
  if (f.kind === 'attribute') {
    if (f.name === 'status') return 'r.status';
    if (f.name === 'name') return 'r.name';
    if (f.name === 'experiment') return 'e.name';
    if (f.name === 'id') return 'r.id';
    if (f.name === 'parent') return 'r.parent_run_id';
  }
  throw new LoupeError('QUERY_SYNTAX', `${printField(f)} is a number, not text.`);
}

function numExpr(f: Field, b: Binder, now: number): string {
  switch (f.kind) {
    case 'param':
    case 'tag':
      return lookup(f, numericText('x.value'), b);
    case 'metric':
      return `(SELECT ${SUMMARY_COLUMN[f.aggregate]} FROM metric_summaries x WHERE x.run_id = r.id AND x.key = ${b.value(f.key)})`;
    case 'attribute':
      if (f.name === 'created') return 'r.start_time';
      if (f.name === 'ended') return 'r.end_time';
      if (f.name === 'duration') return `(COALESCE(r.end_time, ${b.value(now)}) - r.start_time)`;
      return numericText(textExpr(f, b));
  }
}

function presence(f: Field, b: Binder, missing: boolean): string {
  if (f.kind === 'attribute') {
    if (f.name === 'ended') return `r.end_time IS ${missing ? '' : 'NOT '}NULL`;
    if (f.name === 'parent') return `r.parent_run_id IS ${missing ? '' : 'NOT '}NULL`;
    return missing ? '0' : '1';
  }
  const table = f.kind === 'param' ? 'params' : f.kind === 'tag' ? 'tags' : 'metric_summaries';
  return `${missing ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${table} x WHERE x.run_id = r.id AND x.key = ${b.value(f.key)})`;
}

/** A number literal compares numerically; a string literal compares as text on text fields. */
function operand(f: Field, lit: Literal): { numeric: boolean; value: SqlValue } {
  if (lit.type === 'number') return { numeric: true, value: lit.value };
  if (isTextField(f)) {
    // Statuses are stored lower case; `status = 'FINISHED'` means finished.
    const status = f.kind === 'attribute' && f.name === 'status';
    return { numeric: false, value: status ? lit.value.toLowerCase() : lit.value };
  }
  const n = numberFromString(f, lit.value);
  if (n === undefined) throw new LoupeError('QUERY_SYNTAX', `${printField(f)} is a number and cannot be compared with '${lit.value}'.`);
  return { numeric: true, value: n };
}

const GLOB_SPECIAL = new Map([
  ['*', '[*]'],
  ['?', '[?]'],
  ['[', '[[]'],
]);

/** LIKE is case-sensitive, as in MLflow; SQLite's LIKE is not, so it becomes a GLOB. */
export function likeToGlob(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const literal = pattern[++i];
      out += GLOB_SPECIAL.get(literal) ?? literal;
    } else if (c === '%') out += '*';
    else if (c === '_') out += '?';
    else out += GLOB_SPECIAL.get(c) ?? c;
  }
  return out;
}

// A trailing lone backslash would escape nothing; make it a literal one.
function likeForEscape(pattern: string): string {
  const trailing = /\\+$/.exec(pattern)?.[0].length ?? 0;
  return trailing % 2 === 1 ? pattern + '\\' : pattern;
}

function joinBalanced(parts: string[], op: 'AND' | 'OR'): string {
  // Balanced so long `a or b or …` chains stay under SQLite's expression depth limit of 1000.
  if (parts.length === 1) return parts[0];
  const mid = parts.length >> 1;
  return `(${joinBalanced(parts.slice(0, mid), op)} ${op} ${joinBalanced(parts.slice(mid), op)})`;
}

function compileNode(n: QueryNode, b: Binder, now: number): string {
  switch (n.type) {
    case 'and':
    case 'or':
      return joinBalanced(
        n.children.map((c) => compileNode(c, b, now)),
        n.type === 'and' ? 'AND' : 'OR',
      );
    // `not X` is exactly the runs X does not return: a missing key makes X unknown (NULL), which counts as false.
    case 'not':
      return `NOT COALESCE(${compileNode(n.child, b, now)}, 0)`;
    case 'compare': {
      const o = operand(n.field, n.value);
      const lhs = o.numeric ? numExpr(n.field, b, now) : textExpr(n.field, b);
      return `(${lhs} ${n.op} ${b.value(o.value)})`;
    }
    case 'like': {
      const lhs = textExpr(n.field, b);
      const test = n.caseInsensitive ? `${lhs} LIKE ${b.value(likeForEscape(n.pattern))} ESCAPE '\\'` : `${lhs} GLOB ${b.value(likeToGlob(n.pattern))}`;
      return n.negated ? `(NOT (${test}))` : `(${test})`;
    }
    case 'in': {
      const ops = n.values.map((v) => operand(n.field, v));
      const parts: string[] = [];
      for (const numeric of [true, false]) {
        const group = ops.filter((o) => o.numeric === numeric);
        if (group.length === 0) continue;
        const lhs = numeric ? numExpr(n.field, b, now) : textExpr(n.field, b);
        parts.push(`${lhs} ${n.negated ? 'NOT IN' : 'IN'} (${group.map((o) => b.value(o.value)).join(', ')})`);
      }
      // `x not in (a, b)` means x != a and x != b, with != following the comparison rules.
      return `(${parts.join(n.negated ? ' AND ' : ' OR ')})`;
    }
    case 'isNull':
      return `(${presence(n.field, b, !n.negated)})`;
  }
}

/** Compiles a parsed filter; `now` stands in for the end time of runs that have not ended. */
export function compileFilter(node: QueryNode, now: number = Date.now()): { where: string; params: SqlValue[] } {
  const b = new Placeholders();
  const where = compileNode(node, b, now);
  return { where, params: b.params };
}

/** Sort keys as [value expression, suffix] pairs; the ORDER BY term is `${expr} ${suffix}`. */
function orderKeys(t: OrderTerm, now: number): [string, string][] {
  const dir = t.descending ? 'DESC' : 'ASC';
  const f = t.field;
  const b = inlineLiterals;
  // Missing values sort last in both directions; numeric-looking params and tags sort as numbers
  // before the others, which sort as text.
  if (f.kind === 'param' || f.kind === 'tag') {
    const text = textExpr(f, b);
    const num = numExpr(f, b, now);
    return [[text, 'IS NULL'], [num, 'IS NULL'], [num, dir], [text, dir]];
  }
  if (isTextField(f)) return [[textExpr(f, b), dir]];
  if (f.kind === 'attribute' && f.name === 'created') return [['r.start_time', dir]];
  const num = numExpr(f, b, now);
  return [[num, 'IS NULL'], [num, dir]];
}

export function compileOrderBy(entries: readonly string[] | undefined, now: number = Date.now()): Pick<CompiledRunQuery, 'orderBy' | 'sortColumns' | 'sortBy'> {
  const terms = (entries ?? []).filter((e) => e.trim() !== '');
  if (terms.length === 0) return { orderBy: DEFAULT_ORDER_BY, sortColumns: '', sortBy: DEFAULT_ORDER_BY };
  if (terms.length > MAX_ORDER_TERMS) throw new LoupeError('INVALID_ARGUMENT', `Sort by at most ${MAX_ORDER_TERMS} fields (got ${terms.length}).`);
  const keys = terms.flatMap((e) => orderKeys(parseOrderTerm(e), now));
  const aliases = new Map<string, string>();
  for (const [expr] of keys) if (!aliases.has(expr)) aliases.set(expr, `_o${aliases.size}`);
  // The id makes the order total, so LIMIT/OFFSET pages neither repeat nor skip runs.
  return {
    orderBy: [...keys.map(([expr, suffix]) => `${expr} ${suffix}`), 'r.id ASC'].join(', '),
    sortColumns: [...aliases].map(([expr, alias]) => `, ${expr} AS ${alias}`).join(''),
    sortBy: [...keys.map(([expr, suffix]) => `${aliases.get(expr)} ${suffix}`), 'id ASC'].join(', '),
  };
}

export function compileRunQuery(filter: string | undefined, orderBy: string[] | undefined, now: number = Date.now()): CompiledRunQuery {
  if (!Number.isFinite(now)) throw new LoupeError('INVALID_ARGUMENT', `The query time must be a finite number of ms, not ${now}.`);
  now = Math.round(now);
  const compiled = filter === undefined || filter.trim() === '' ? { where: '1', params: [] } : compileFilter(parseRunQuery(filter), now);
  return { ...compiled, ...compileOrderBy(orderBy, now) };
}
