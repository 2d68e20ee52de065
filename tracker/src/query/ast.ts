/**
 * The run query AST, the fields it can name, and a printer whose output parses back to the same AST
 * (hosts use it to show a normalised query; the fuzz tests rely on the round trip).
 */

export const METRIC_AGGREGATES = ['last', 'min', 'max', 'mean', 'count'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/** Attribute name → what it means, for help text and completion in hosts. */
export const RUN_ATTRIBUTES = {
  status: 'running, finished, failed, killed or queued',
  name: 'the run name',
  created: 'start time, ms since the epoch (or a date string such as \'2024-05-01\')',
  duration: 'ms from start to end, or to now while the run has not ended (or a string such as \'5m\')',
  experiment: 'the experiment name',
  id: 'the 32-character run id',
  ended: 'end time, ms since the epoch; null while the run has not ended',
  parent: 'the id of the parent run (sweep trials, cross-validation folds); null for top-level runs',
} as const;
export type RunAttribute = keyof typeof RUN_ATTRIBUTES;

export type Field =
  | { kind: 'param'; key: string }
  | { kind: 'tag'; key: string }
  | { kind: 'metric'; key: string; aggregate: MetricAggregate }
  | { kind: 'attribute'; name: RunAttribute };

export type Literal = { type: 'number'; value: number } | { type: 'string'; value: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type QueryNode =
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'compare'; field: Field; op: CompareOp; value: Literal }
  /** `caseInsensitive` is `ilike`; plain `like` is case-sensitive as in MLflow. `\` escapes % and _. */
  | { type: 'like'; field: Field; pattern: string; negated: boolean; caseInsensitive: boolean }
  | { type: 'in'; field: Field; values: Literal[]; negated: boolean }
  /** "Has no such value": a missing param, tag or metric, or a run that has not ended. */
  | { type: 'isNull'; field: Field; negated: boolean };

export interface OrderTerm {
  field: Field;
  descending: boolean;
}

/** Params, tags and the text attributes are stored as text; everything else is a number. */
export function isTextField(f: Field): boolean {
  if (f.kind === 'param' || f.kind === 'tag') return true;
  if (f.kind === 'metric') return false;
  return f.name === 'status' || f.name === 'name' || f.name === 'experiment' || f.name === 'id' || f.name === 'parent';
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$/i;
const PLAIN_NUMBER = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a string literal stands for when compared with a numeric field, or undefined when it
 * stands for none. Times accept dates (`created > '2024-05-01'`), durations accept `'1h30m'`, so users
 * need not work out milliseconds; metrics accept only numeric strings.
 */
export function numberFromString(f: Field, text: string): number | undefined {
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (f.kind !== 'attribute') return undefined;
  if (f.name === 'created' || f.name === 'ended') {
    const t = Date.parse(text);
    return Number.isFinite(t) ? t : undefined;
  }
  if (f.name === 'duration' && DURATION.test(text)) {
    let total = 0;
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gi)) total += Number(m[1]) * DURATION_UNITS[m[2].toLowerCase()];
    return total;
  }
  return undefined;
}

const BARE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_\-/]*$/;

function printSegment(s: string): string {
  return BARE_SEGMENT.test(s) ? s : '`' + s.replace(/[\\`]/g, (c) => '\\' + c) + '`';
}

export function printField(f: Field): string {
  switch (f.kind) {
    case 'param':
      return `params.${printSegment(f.key)}`;
    case 'tag':
      return `tags.${printSegment(f.key)}`;
    // The aggregate is always printed so a metric named `min` cannot be misread as one.
    case 'metric':
      return `metrics.${printSegment(f.key)}.${f.aggregate}`;
    case 'attribute':
      return f.name;
  }
}

export function printLiteral(l: Literal): string {
  if (l.type === 'string') return "'" + l.value.replace(/[\\']/g, (c) => '\\' + c) + "'";
  if (l.value === Infinity) return '1e999';
  if (l.value === -Infinity) return '-1e999';
  if (Object.is(l.value, -0)) return '-0';
  return String(l.value);
}

function printOperand(n: QueryNode): string {
  return n.type === 'and' || n.type === 'or' ? `(${printQuery(n)})` : printQuery(n);
}

export function printQuery(n: QueryNode): string {
  switch (n.type) {
    case 'and':
    case 'or':
      return n.children.map(printOperand).join(` ${n.type} `);
    case 'not':
      return `not ${printOperand(n.child)}`;
    case 'compare':
      return `${printField(n.field)} ${n.op} ${printLiteral(n.value)}`;
    case 'like':
      return `${printField(n.field)} ${n.negated ? 'not ' : ''}${n.caseInsensitive ? 'ilike' : 'like'} ${printLiteral({ type: 'string', value: n.pattern })}`;
    case 'in':
      return `${printField(n.field)} ${n.negated ? 'not ' : ''}in (${n.values.map(printLiteral).join(', ')})`;
    case 'isNull':
      return `${printField(n.field)} is ${n.negated ? 'not ' : ''}null`;
  }
}

export function printOrderTerm(t: OrderTerm): string {
  return `${printField(t.field)} ${t.descending ? 'desc' : 'asc'}`;
}
