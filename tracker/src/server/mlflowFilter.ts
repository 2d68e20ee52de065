import { LoupeError } from '../errors';
import { type Field, type Literal, type QueryNode, type RunAttribute, printOrderTerm, printQuery } from '../query';
import { type MlflowComparison, type MlflowIdentifier, type MlflowValue, parseMlflowFilter, parseMlflowOrderBy } from './mlflowFilterParser';

/**
 * MLflow search filters and order_by clauses, translated into the Loupe query language so that
 * runs/search and the runs panel share one query engine (and one set of semantics for missing keys).
 */

export { parseMlflowFilter } from './mlflowFilterParser';

export const RUN_NAME_TAG = 'mlflow.runName';

const ATTRIBUTES: Record<string, RunAttribute> = {
  status: 'status',
  run_name: 'name',
  run_id: 'id',
  start_time: 'created',
  created: 'created',
  end_time: 'ended',
};

/** MLflow's run statuses in Loupe's spelling. */
export const STATUS_FROM_MLFLOW: Record<string, string> = {
  RUNNING: 'running',
  SCHEDULED: 'queued',
  FINISHED: 'finished',
  FAILED: 'failed',
  KILLED: 'killed',
};

function bad(message: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENT', message);
}

/** MLflow compares a metric by its latest value, which is Loupe's `last` summary. */
function fieldOf(id: MlflowIdentifier): Field {
  switch (id.entity) {
    case 'metric':
      return { kind: 'metric', key: id.key, aggregate: 'last' };
    case 'param':
      return { kind: 'param', key: id.key };
    case 'tag':
      // Loupe keeps the run name on the run, not in a tag.
      return id.key === RUN_NAME_TAG ? { kind: 'attribute', name: 'name' } : { kind: 'tag', key: id.key };
    case 'attribute': {
      const name = id.key.toLowerCase();
      if (Object.hasOwn(ATTRIBUTES, name)) return { kind: 'attribute', name: ATTRIBUTES[name] };
      throw bad(`Invalid attribute '${id.key}' in '${id.raw}': searchable attributes are ${Object.keys(ATTRIBUTES).join(', ')}.`);
    }
  }
}

const isNumeric = (f: Field): boolean => f.kind === 'metric' || (f.kind === 'attribute' && (f.name === 'created' || f.name === 'ended'));

function literal(id: MlflowIdentifier, f: Field, v: MlflowValue): Literal {
  if (isNumeric(f)) {
    if (typeof v !== 'number') throw bad(`'${id.raw}' is numeric: compare it with a number, not '${v}'.`);
    return { type: 'number', value: v };
  }
  if (typeof v !== 'string') throw bad(`'${id.raw}' is a string: quote the value, e.g. ${id.raw} = '${v}'.`);
  if (f.kind === 'attribute' && f.name === 'status') return { type: 'string', value: STATUS_FROM_MLFLOW[v.toUpperCase()] ?? v.toLowerCase() };
  return { type: 'string', value: v };
}

function nodeOf(c: MlflowComparison): QueryNode {
  const field = fieldOf(c.id);
  switch (c.kind) {
    case 'compare':
      if (!isNumeric(field) && c.op !== '=' && c.op !== '!=') {
        throw bad(`'${c.id.raw}' only supports =, !=, LIKE, ILIKE and IN, not ${c.op}.`);
      }
      return { type: 'compare', field, op: c.op, value: literal(c.id, field, c.value) };
    case 'like': {
      if (isNumeric(field)) throw bad(`'${c.id.raw}' is numeric and cannot be matched with LIKE.`);
      const status = field.kind === 'attribute' && field.name === 'status';
      return { type: 'like', field, pattern: status ? c.pattern.toLowerCase() : c.pattern, negated: c.negated, caseInsensitive: c.caseInsensitive };
    }
    case 'in':
      return { type: 'in', field, values: c.values.map((v) => literal(c.id, field, v)), negated: c.negated };
    case 'null':
      return { type: 'isNull', field, negated: c.negated };
  }
}

/** An MLflow filter as a Loupe query string; undefined when the filter is empty. */
export function mlflowFilterToLoupe(filter: string | undefined): string | undefined {
  const comparisons = parseMlflowFilter(filter);
  if (comparisons.length === 0) return undefined;
  const nodes = comparisons.map(nodeOf);
  return printQuery(nodes.length === 1 ? nodes[0] : { type: 'and', children: nodes });
}

/** MLflow order_by entries (`metrics.acc DESC`, `attributes.start_time`) as Loupe sort entries. */
export function mlflowOrderByToLoupe(orderBy: readonly string[]): string[] {
  return orderBy
    .filter((e) => e.trim() !== '')
    .map((entry) => {
      const term = parseMlflowOrderBy(entry);
      return printOrderTerm({ field: fieldOf(term.id), descending: term.descending });
    });
}
