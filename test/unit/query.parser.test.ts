import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { type QueryNode, QuerySyntaxError, parseOrderTerm, parseRunQuery, printQuery } from '../../tracker/src/query';

const cmp = (q: string): QueryNode => parseRunQuery(q);

/** Asserts that parsing fails with QUERY_SYNTAX at `column`, with a message matching `pattern`. */
function rejects(query: string, column: number, pattern: RegExp): void {
  assert.throws(
    () => parseRunQuery(query),
    (e: unknown) => {
      assert.ok(isLoupeError(e, 'QUERY_SYNTAX'), `expected QUERY_SYNTAX, got ${String(e)}`);
      assert.ok(e instanceof QuerySyntaxError);
      assert.equal(e.column, column, `column of: ${e.message}`);
      assert.match(e.message, new RegExp(`at column ${column}\\b`));
      assert.match(e.message, pattern);
      return true;
    },
  );
}

test('a comparison on a param parses to a field, an operator and a number', () => {
  assert.deepEqual(cmp('params.lr = 0.01'), { type: 'compare', field: { kind: 'param', key: 'lr' }, op: '=', value: { type: 'number', value: 0.01 } });
});

test('and binds tighter than or, and not binds tighter than and', () => {
  const a = { type: 'compare', field: { kind: 'attribute', name: 'id' }, op: '=', value: { type: 'string', value: 'a' } };
  const b = { ...a, value: { type: 'string', value: 'b' } };
  const c = { ...a, value: { type: 'string', value: 'c' } };
  assert.deepEqual(cmp("id = 'a' or id = 'b' and id = 'c'"), { type: 'or', children: [a, { type: 'and', children: [b, c] }] });
  assert.deepEqual(cmp("not id = 'a' and id = 'b'"), { type: 'and', children: [{ type: 'not', child: a }, b] });
  assert.deepEqual(cmp("(id = 'a' or id = 'b') and id = 'c'"), { type: 'and', children: [{ type: 'or', children: [a, b] }, c] });
});

test('keywords, prefixes and attribute names are case-insensitive but key names are not', () => {
  assert.deepEqual(cmp("PARAMS.LR = 1 AND Status = 'x' OR NOT tags.Stage IS NOT NULL"), {
    type: 'or',
    children: [
      {
        type: 'and',
        children: [
          { type: 'compare', field: { kind: 'param', key: 'LR' }, op: '=', value: { type: 'number', value: 1 } },
          { type: 'compare', field: { kind: 'attribute', name: 'status' }, op: '=', value: { type: 'string', value: 'x' } },
        ],
      },
      { type: 'not', child: { type: 'isNull', field: { kind: 'tag', key: 'Stage' }, negated: true } },
    ],
  });
});

test('metrics default to their last value and accept every summary', () => {
  assert.deepEqual((cmp('metrics.loss < 1') as { field: unknown }).field, { kind: 'metric', key: 'loss', aggregate: 'last' });
  for (const agg of ['last', 'min', 'max', 'mean', 'count']) {
    assert.deepEqual((cmp(`metrics.loss.${agg.toUpperCase()} < 1`) as { field: unknown }).field, { kind: 'metric', key: 'loss', aggregate: agg });
  }
});

test('backticks quote names with dots, spaces, quotes and backticks', () => {
  assert.deepEqual((cmp('params.`my.key` = 1') as { field: unknown }).field, { kind: 'param', key: 'my.key' });
  assert.deepEqual((cmp('metrics.`val loss`.min < 1') as { field: unknown }).field, { kind: 'metric', key: 'val loss', aggregate: 'min' });
  assert.deepEqual((cmp("tags.`it's \\`odd\\`` = 'x'") as { field: unknown }).field, { kind: 'tag', key: "it's `odd`" });
  assert.deepEqual((cmp('metrics.`min` > 0') as { field: unknown }).field, { kind: 'metric', key: 'min', aggregate: 'last' });
});

test('bare names may contain slashes and dashes and dotted param names join their parts', () => {
  assert.deepEqual((cmp('metrics.train/loss < 1') as { field: unknown }).field, { kind: 'metric', key: 'train/loss', aggregate: 'last' });
  assert.deepEqual((cmp('params.drop-out = 1') as { field: unknown }).field, { kind: 'param', key: 'drop-out' });
  assert.deepEqual((cmp('params.optimizer.lr = 1') as { field: unknown }).field, { kind: 'param', key: 'optimizer.lr' });
  assert.deepEqual((cmp('params.2d = 1') as { field: unknown }).field, { kind: 'param', key: '2d' });
});

test('number literals include exponents, negatives and leading dots', () => {
  const value = (q: string): unknown => (cmp(q) as { value: unknown }).value;
  assert.deepEqual(value('params.x = 1e-3'), { type: 'number', value: 0.001 });
  assert.deepEqual(value('params.x > -2'), { type: 'number', value: -2 });
  assert.deepEqual(value('params.x>-2.5E+2'), { type: 'number', value: -250 });
  assert.deepEqual(value('params.x = .5'), { type: 'number', value: 0.5 });
});

test('string literals take either quote, backslash escapes and doubled quotes', () => {
  const value = (q: string): unknown => (cmp(q) as { value: { value: unknown } }).value.value;
  assert.equal(value("name = 'it\\'s'"), "it's");
  assert.equal(value("name = 'it''s'"), "it's");
  assert.equal(value('name = "say \\"hi\\""'), 'say "hi"');
  assert.equal(value("name = 'a\\nb\\tc\\\\d'"), 'a\nb\tc\\d');
  assert.equal(value("name = '\\u00e9'"), 'é');
  // Unknown escapes keep their backslash so LIKE patterns can escape % and _.
  assert.equal(value("name = '50\\%'"), '50\\%');
});

test('every operator spelling maps to one canonical operator', () => {
  const op = (q: string): unknown => (cmp(q) as { op: unknown }).op;
  assert.equal(op('params.x == 1'), '=');
  assert.equal(op('params.x <> 1'), '!=');
  assert.equal(op('params.x != 1'), '!=');
  assert.equal(op('params.x<=1'), '<=');
  assert.equal(op('params.x >= 1'), '>=');
});

test('like, ilike, in, is null and their negations parse', () => {
  assert.deepEqual(cmp("name not like 'cnn%'"), { type: 'like', field: { kind: 'attribute', name: 'name' }, pattern: 'cnn%', negated: true, caseInsensitive: false });
  assert.deepEqual(cmp("name ILIKE 'cnn%'"), { type: 'like', field: { kind: 'attribute', name: 'name' }, pattern: 'cnn%', negated: false, caseInsensitive: true });
  assert.deepEqual(cmp("params.opt not in ('adam', 2)"), {
    type: 'in',
    field: { kind: 'param', key: 'opt' },
    values: [{ type: 'string', value: 'adam' }, { type: 'number', value: 2 }],
    negated: true,
  });
  assert.deepEqual(cmp('tags.x is null'), { type: 'isNull', field: { kind: 'tag', key: 'x' }, negated: false });
  assert.deepEqual(cmp('tags.x = null'), { type: 'isNull', field: { kind: 'tag', key: 'x' }, negated: false });
  assert.deepEqual(cmp('tags.x != NULL'), { type: 'isNull', field: { kind: 'tag', key: 'x' }, negated: true });
});

test('MLflow spellings of attributes are accepted', () => {
  assert.deepEqual((cmp("attributes.status = 'running'") as { field: unknown }).field, { kind: 'attribute', name: 'status' });
  assert.deepEqual((cmp('start_time > 0') as { field: unknown }).field, { kind: 'attribute', name: 'created' });
  assert.deepEqual((cmp("run_name = 'x'") as { field: unknown }).field, { kind: 'attribute', name: 'name' });
});

test('times and durations accept strings that stand for a number', () => {
  assert.doesNotThrow(() => cmp("created > '2024-05-01' and ended < '2024-05-02T10:00:00Z'"));
  assert.doesNotThrow(() => cmp("duration < '1h30m' and duration > '90s'"));
  assert.doesNotThrow(() => cmp("metrics.loss < '0.5'"));
});

test('a missing value reports the column where it should be', () => {
  rejects('metrics.acc >', 14, /^Expected a value after '>'/);
  rejects('params.lr >  and x', 14, /Expected a value after '>'/);
  rejects('status = running', 10, /Expected a value after '='.*quote text/);
});

test('an unknown field prefix is named in the error', () => {
  rejects('foo.bar = 1', 1, /Unknown field prefix 'foo'/);
  rejects("status = 'x' and colour = 'red'", 18, /Unknown field 'colour'/);
  rejects('attributes.size > 1', 1, /Unknown attribute 'size'/);
  rejects('params = 1', 7, /Expected a name after 'params.'/);
  rejects('__proto__ = 1', 1, /Unknown field '__proto__'/);
  rejects('constructor = 1', 1, /Unknown field 'constructor'/);
  rejects('attributes.toString = 1', 1, /Unknown attribute 'toString'/);
  rejects('metrics.x.constructor = 1', 1, /Unknown metric summary 'constructor'/);
});

test('lexical errors point at the offending character', () => {
  rejects("name = 'abc", 8, /Unterminated string/);
  rejects('params.`abc = 1', 8, /Unterminated quoted name/);
  rejects('params.x = 1 & y', 14, /Unexpected character '&'/);
  rejects('params. = 1', 8, /Expected a name after 'params\.'/);
  rejects('params.x = 12abc', 14, /Unexpected 'a' after the number 12/);
});

test('structural errors report the right column', () => {
  rejects("(status = 'x'", 14, /Missing '\)' to close the '\(' at column 1/);
  rejects("status = 'x')", 13, /Unexpected '\)'/);
  rejects("status = 'x' status = 'y'", 14, /Expected 'and', 'or' or the end of the query/);
  rejects('params.x 1', 10, /Expected an operator/);
  rejects('params.x not = 1', 14, /Expected 'like', 'ilike' or 'in' after 'not'/);
  rejects('params.x in ()', 14, /Expected a value in the 'in' list/);
  rejects('params.x in (1 2)', 16, /Expected ',' or '\)'/);
  rejects('params.x is 1', 13, /Expected 'null' after 'is'/);
  rejects('params.x like 1', 15, /Expected a quoted pattern after 'like'/);
  rejects('params.x > null', 10, /Only = and != can compare with null/);
  rejects('', 1, /The query is empty/);
  rejects('and', 1, /Expected a field name/);
});

test('type errors are syntax errors at the value', () => {
  rejects("metrics.loss < 'low'", 16, /metrics\.loss\.last is a number/);
  rejects("created > 'yesterday-ish'", 11, /created is a number.*date such as/);
  rejects("duration < 'forever'", 12, /duration is a number.*1h30m/);
  rejects("metrics.loss like 'x%'", 14, /like needs a text field/);
  rejects("metrics.loss.minn < 1", 1, /Unknown metric summary 'minn'/);
});

test('overlong input is refused without scanning it', () => {
  rejects('x'.repeat(10_001), 10_001, /longer than 10,000 characters/);
});

test('deep nesting is refused instead of overflowing the stack', () => {
  rejects('('.repeat(4000) + "id = 'a'" + ')'.repeat(4000), 101, /nests more than 100 levels/);
  rejects('not '.repeat(2000) + "id = 'a'", 401, /nests more than 100 levels/);
  assert.doesNotThrow(() => cmp('('.repeat(100) + "id = 'a'" + ')'.repeat(100)));
});

test('long flat chains of and and or parse without deep recursion', () => {
  const q = Array.from({ length: 1000 }, (_, i) => `id=${i}`).join(' or ');
  const node = cmp(q);
  assert.equal(node.type, 'or');
  assert.equal((node as { children: unknown[] }).children.length, 1000);
});

test('printing a parsed query gives text that parses to the same tree', () => {
  for (const q of [
    "params.lr = 0.01 and (status = 'running' or name like 'cnn%')",
    "not (tags.`a b` is null or metrics.`val.loss`.min <= -1e-7) and params.x in (1, 'two', -0)",
    "name not ilike 'it''s\\\\%' or metrics.loss.count > 1e999",
    "not not params.x != 'y'",
  ]) {
    const ast = cmp(q);
    assert.deepEqual(cmp(printQuery(ast)), ast, printQuery(ast));
  }
});

test('sort entries parse a field and an optional direction', () => {
  assert.deepEqual(parseOrderTerm('metrics.acc.max desc'), { field: { kind: 'metric', key: 'acc', aggregate: 'max' }, descending: true });
  assert.deepEqual(parseOrderTerm('params.lr'), { field: { kind: 'param', key: 'lr' }, descending: false });
  assert.deepEqual(parseOrderTerm('created ASC'), { field: { kind: 'attribute', name: 'created' }, descending: false });
  assert.throws(() => parseOrderTerm('name sideways'), (e: unknown) => e instanceof QuerySyntaxError && e.column === 6 && /of the sort "name sideways"/.test(e.message));
  assert.throws(() => parseOrderTerm('name ;'), (e: unknown) => e instanceof QuerySyntaxError && e.column === 6 && /of the sort/.test(e.message));
});
