import * as assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { isLoupeError } from '../../tracker/src/errors';
import {
  type Field,
  type Literal,
  type OrderTerm,
  type QueryNode,
  METRIC_AGGREGATES,
  RUN_ATTRIBUTES,
  type RunAttribute,
  compileRunQuery,
  parseRunQuery,
  printOrderTerm,
  printQuery,
} from '../../tracker/src/query';
import { openDatabase } from '../../tracker/src/store/database';
import { tempWorkspace } from './helpers';

const db = openDatabase(tempWorkspace().loupeDir);
after(() => db.close());

// A few runs with awkward keys and values, so compiled queries touch real rows.
db.exec(`
  INSERT INTO experiments (id, name, created_at, updated_at) VALUES (1, 'e', 0, 0);
  INSERT INTO runs (id, experiment_id, name, status, start_time, end_time) VALUES
    ('a', 1, 'one', 'finished', 10, 20), ('b', 1, 'two', 'running', 30, NULL), ('c', 1, 'x''y', 'failed', 40, 45);
  INSERT INTO params (run_id, key, value) VALUES ('a', 'lr', '0.01'), ('b', 'lr', 'abc'), ('c', 'a.b', '1e-2'), ('a', '', '');
  INSERT INTO tags (run_id, key, value) VALUES ('b', 'stage', '50%');
  INSERT INTO metric_summaries (run_id, key, last, last_step, last_time, min, max, sum, finite_count, count) VALUES
    ('a', 'loss', NULL, 0, 0, 0.1, 1e308, 3, 2, 3), ('b', 'loss', 2, 0, 0, 2, 2, 2, 1, 1), ('c', 'min', 1, 0, 0, 1, 1, 0, 0, 1);
`);
db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)').run('a', "k'`\\", 'v');
const ALL = ['a', 'b', 'c'];

function matching(filter: string, orderBy?: string[]): string[] {
  const q = compileRunQuery(filter, orderBy, 1_000);
  const sql = `SELECT r.*, e.name AS experiment_name FROM runs r JOIN experiments e ON e.id = r.experiment_id
    WHERE r.lifecycle = 'active' AND (${q.where}) ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...q.params, -1, 0) as { id: string }[]).map((r) => r.id);
}

const keyArb = fc.oneof(
  fc.constantFrom('lr', 'loss', 'min', 'last', 'a.b', '', "k'`\\", 'stage', '2d', 'train/loss', 'x-y', 'val loss', 'é'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const attributeArb = fc.constantFrom(...(Object.keys(RUN_ATTRIBUTES) as RunAttribute[]));

const fieldArb: fc.Arbitrary<Field> = fc.oneof(
  keyArb.map((key): Field => ({ kind: 'param', key })),
  keyArb.map((key): Field => ({ kind: 'tag', key })),
  fc.record({ key: keyArb, aggregate: fc.constantFrom(...METRIC_AGGREGATES) }).map(({ key, aggregate }): Field => ({ kind: 'metric', key, aggregate })),
  attributeArb.map((name): Field => ({ kind: 'attribute', name })),
);

const isText = (f: Field): boolean => f.kind === 'param' || f.kind === 'tag' || (f.kind === 'attribute' && ['status', 'name', 'experiment', 'id'].includes(f.name));

const numberArb: fc.Arbitrary<Literal> = fc
  .oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(0.01, 1e-2, 1e308))
  .map((value): Literal => ({ type: 'number', value }));
const stringArb: fc.Arbitrary<Literal> = fc
  .oneof(fc.string({ maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('0.01', "it's", '\\', '%', '_', "'; DROP TABLE runs; --"))
  .map((value): Literal => ({ type: 'string', value }));

function literalFor(f: Field): fc.Arbitrary<Literal> {
  if (isText(f)) return fc.oneof(numberArb, stringArb);
  if (f.kind === 'attribute' && f.name === 'duration') return fc.oneof(numberArb, fc.constantFrom<Literal>({ type: 'string', value: '1h30m' }, { type: 'string', value: '15' }));
  if (f.kind === 'attribute') return fc.oneof(numberArb, fc.constant<Literal>({ type: 'string', value: '2024-05-01' }));
  return fc.oneof(numberArb, fc.constant<Literal>({ type: 'string', value: '-1.5e3' }));
}

const leafArb: fc.Arbitrary<QueryNode> = fieldArb.chain((field) => {
  const options: fc.Arbitrary<QueryNode>[] = [
    fc.record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value: literalFor(field) }).map(({ op, value }): QueryNode => ({ type: 'compare', field, op, value })),
    fc.record({ values: fc.array(literalFor(field), { minLength: 1, maxLength: 4 }), negated: fc.boolean() }).map(({ values, negated }): QueryNode => ({ type: 'in', field, values, negated })),
    fc.boolean().map((negated): QueryNode => ({ type: 'isNull', field, negated })),
  ];
  if (isText(field)) {
    options.push(
      fc
        .record({ pattern: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('%', '_', 'o%', '\\%', '%\\', '[a]*?')), negated: fc.boolean(), caseInsensitive: fc.boolean() })
        .map(({ pattern, negated, caseInsensitive }): QueryNode => ({ type: 'like', field, pattern, negated, caseInsensitive })),
    );
  }
  return fc.oneof(...options);
});

const { node: queryArb } = fc.letrec<{ node: QueryNode; and: QueryNode; or: QueryNode; not: QueryNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('and'), tie('or'), tie('not')),
  and: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((children): QueryNode => ({ type: 'and', children })),
  or: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((children): QueryNode => ({ type: 'or', children })),
  not: tie('node').map((child): QueryNode => ({ type: 'not', child })),
}));

const orderArb: fc.Arbitrary<string[]> = fc.array(
  fc.record({ field: fieldArb, descending: fc.boolean() }).map((t: OrderTerm) => printOrderTerm(t)),
  { maxLength: 3 },
);

/** Asserts `f` either returns or throws QUERY_SYNTAX with a column inside (or just past) the text. */
function onlySyntaxErrors(text: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!isLoupeError(e, 'QUERY_SYNTAX')) throw e;
    const column = (e as { column?: unknown }).column;
    assert.equal(typeof column, 'number');
    assert.ok((column as number) >= 1 && (column as number) <= Math.max(text.length, 10_000) + 1, `column ${column} for ${JSON.stringify(text)}`);
  }
}

const TOKENS = [
  'params.lr', 'tags.stage', 'metrics.loss', 'metrics.loss.min', 'metrics.`val loss`.mean', 'params.`a.b`', 'status', 'name', 'created',
  'duration', 'ended', 'id', 'experiment', 'foo.bar', 'metrics.loss.minn', '(', ')', ',', 'and', 'or', 'not', 'like', 'ilike', 'in', 'is',
  'null', '=', '==', '!=', '<>', '<', '<=', '>', '>=', "'x'", '"y"', "'50%'", "'2024-01-01'", "'1h'", '1', '-2.5e3', '0.01', '.', '`', "'",
  ';', '--', 'DROP', 'asc', 'desc', '__proto__', 'constructor', 'toString', 'params.__proto__', 'metrics.x.constructor', 'attributes.__proto__',
];

test('arbitrary text either parses or fails with a QUERY_SYNTAX error that has a column', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })), (text) => {
      onlySyntaxErrors(text, () => parseRunQuery(text));
      onlySyntaxErrors(text, () => compileRunQuery(undefined, [text], 0));
    }),
    { numRuns: 2000 },
  );
});

test('token soups either fail with QUERY_SYNTAX or compile to SQL that SQLite runs', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }), fc.constantFrom(' ', ''), (tokens, sep) => {
      const text = tokens.join(sep);
      onlySyntaxErrors(text, () => matching(text));
    }),
    { numRuns: 3000 },
  );
});

test('printing a generated query and parsing it back gives the same tree', () => {
  fc.assert(
    fc.property(queryArb, (ast) => {
      const text = printQuery(ast);
      fc.pre(text.length <= 10_000);
      assert.deepEqual(parseRunQuery(text), ast, text);
    }),
    { numRuns: 1000 },
  );
});

test('every generated query and sort compiles to SQL that SQLite runs', () => {
  fc.assert(
    fc.property(queryArb, orderArb, (ast, orderBy) => {
      const text = printQuery(ast);
      fc.pre(text.length <= 10_000);
      const ids = matching(text, orderBy);
      assert.ok(ids.every((id) => ALL.includes(id)));
      assert.equal(new Set(ids).size, ids.length);
    }),
    { numRuns: 500 },
  );
});

test('not selects exactly the runs its operand does not', () => {
  fc.assert(
    fc.property(queryArb, (ast) => {
      const text = printQuery(ast);
      fc.pre(text.length <= 9_000);
      const yes = matching(text);
      const no = matching(printQuery({ type: 'not', child: ast }));
      assert.deepEqual([...yes, ...no].sort(), ALL, text);
    }),
    { numRuns: 300 },
  );
});
