/**
 * The run query language: `metrics.loss.min < 0.3 and (params.optimizer = 'adam' or tags.stage like 'prod%')`.
 * Text → tokens (lexer) → AST (parser) → SQL with bound parameters (compile).
 */
export { QuerySyntaxError, MAX_QUERY_LENGTH } from './lexer';
export {
  type CompareOp,
  type Field,
  type Literal,
  type MetricAggregate,
  type OrderTerm,
  type QueryNode,
  type RunAttribute,
  METRIC_AGGREGATES,
  RUN_ATTRIBUTES,
  printField,
  printOrderTerm,
  printQuery,
} from './ast';
export { MAX_QUERY_DEPTH, parseOrderTerm, parseRunQuery } from './parser';
export { type CompiledRunQuery, type SqlValue, DEFAULT_ORDER_BY, MAX_ORDER_TERMS, compileFilter, compileOrderBy, compileRunQuery } from './compile';
