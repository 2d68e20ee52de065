import * as assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { isLoupeError } from '../../tracker/src/errors';
import { QuerySyntaxError, compileRunQuery } from '../../tracker/src/query';
import { openDatabase } from '../../tracker/src/store/database';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

const NOW = 100_000;
const db = openDatabase(tempWorkspace().loupeDir);
after(() => db.close());

interface RunSeed {
  id: string;
  experiment: 'vision' | 'nlp';
  name: string;
  status: string;
  start: number;
  end: number | null;
  lifecycle?: 'active' | 'deleted';
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** [last, min, max, sum, finite_count, count] */
  metrics?: Record<string, [number | null, number | null, number | null, number, number, number]>;
}

const RUNS: RunSeed[] = [
  {
    id: 'r1', experiment: 'vision', name: 'cnn-small', status: 'finished', start: 1000, end: 5000,
    params: { lr: '0.01', optimizer: 'adam', layers: '3' },
    tags: { stage: 'prod' },
    metrics: { loss: [0.2, 0.1, 2, 10, 20, 20], acc: [0.9, 0.1, 0.95, 10, 20, 20] },
  },
  {
    id: 'r2', experiment: 'vision', name: 'cnn-large', status: 'running', start: 2000, end: null,
    params: { lr: '1e-2', optimizer: 'sgd', layers: '12' },
    tags: { stage: 'dev' },
    metrics: { loss: [null, 0.3, 3, 6, 10, 11], acc: [0.5, 0.1, 0.7, 3, 10, 10] },
  },
  {
    id: 'r3', experiment: 'vision', name: 'CNN-tiny', status: 'failed', start: 3000, end: 3500,
    params: { lr: '0.1', optimizer: 'Adam', layers: 'many' },
    metrics: { loss: [5, 1, 9, 10, 2, 2] },
  },
  {
    id: 'r4', experiment: 'nlp', name: 'bert-base', status: 'finished', start: 4000, end: 10000,
    params: { lr: 'abc', optimizer: 'adamw' },
    tags: { stage: 'prod', "odd'key": 'x"y' },
    metrics: { acc: [0.8, 0.2, 0.99, 5, 10, 10], 'val loss': [0.5, 0.4, 0.6, 0, 0, 3] },
  },
  {
    id: 'r5', experiment: 'nlp', name: 'rnn_1', status: 'killed', start: 5000, end: 6000,
    tags: { note: '50% off' },
    metrics: { loss: [1, -Infinity, Infinity, 4, 4, 6] },
  },
  {
    // Matches nearly everything, but deleted runs are never listed.
    id: 'r6', experiment: 'vision', name: 'cnn-deleted', status: 'finished', start: 6000, end: 7000, lifecycle: 'deleted',
    params: { lr: '0.01', optimizer: 'adam', layers: '3' },
    tags: { stage: 'prod' },
  },
];

function seed(): void {
  const exp = db.prepare('INSERT INTO experiments (id, name, created_at, updated_at) VALUES (?, ?, 0, 0)');
  exp.run(1, 'vision');
  exp.run(2, 'nlp');
  const run = db.prepare('INSERT INTO runs (id, experiment_id, name, status, lifecycle, start_time, end_time) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const param = db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const tag = db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)');
  const metric = db.prepare(
    'INSERT INTO metric_summaries (run_id, key, last, last_step, last_time, min, max, sum, finite_count, count) VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of RUNS) {
      run.run(r.id, r.experiment === 'vision' ? 1 : 2, r.name, r.status, r.lifecycle ?? 'active', r.start, r.end);
      for (const [k, v] of Object.entries(r.params ?? {})) param.run(r.id, k, v);
      for (const [k, v] of Object.entries(r.tags ?? {})) tag.run(r.id, k, v);
      for (const [k, m] of Object.entries(r.metrics ?? {})) metric.run(r.id, k, ...m);
    }
  })();
}
seed();

/** Run ids the store's main query returns, in order. */
function ordered(filter: string | undefined, orderBy?: string[], limit = -1, offset = 0): string[] {
  const q = compileRunQuery(filter, orderBy, NOW);
  const sql = `SELECT r.*, e.name AS experiment_name FROM runs r JOIN experiments e ON e.id = r.experiment_id
    WHERE r.lifecycle = 'active' AND (${q.where}) ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...q.params, limit, offset) as { id: string }[]).map((r) => r.id);
}

/** Run ids matching `filter`, sorted, for set comparisons. */
const ids = (filter: string): string[] => ordered(filter).sort();

function runsTableIntact(): void {
  assert.equal((db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n, RUNS.length);
}

test('an empty or blank filter matches every active run', () => {
  assert.deepEqual(compileRunQuery(undefined, undefined, NOW).where, '1');
  assert.deepEqual(compileRunQuery('  \n', undefined, NOW).params, []);
  assert.deepEqual(ids(''), ['r1', 'r2', 'r3', 'r4', 'r5']);
});

test('a number literal compares params numerically, so 0.01 matches 0.01 and 1e-2', () => {
  assert.deepEqual(ids('params.lr = 0.01'), ['r1', 'r2']);
  assert.deepEqual(ids('params.lr = 1e-2'), ['r1', 'r2']);
  assert.deepEqual(ids('params.lr > 0.05'), ['r3']);
  assert.deepEqual(ids('params.layers > 5'), ['r2']);
  assert.deepEqual(ids('params.layers < 5'), ['r1']);
});

test('a string literal compares params as text', () => {
  assert.deepEqual(ids("params.lr = '0.01'"), ['r1']);
  assert.deepEqual(ids("params.layers > '5'"), ['r3']);
  assert.deepEqual(ids("params.lr != '0.01'"), ['r2', 'r3', 'r4']);
});

test('values that are not numbers never match a numeric comparison', () => {
  assert.deepEqual(ids('params.lr != 0.01'), ['r3']);
  assert.deepEqual(ids('params.lr < 1000'), ['r1', 'r2', 'r3']);
});

test('a run lacking the key never matches a comparison', () => {
  assert.deepEqual(ids("tags.stage != 'prod'"), ['r2']);
  assert.deepEqual(ids("params.optimizer not in ('adam', 'sgd')"), ['r3', 'r4']);
  assert.deepEqual(ids("params.optimizer not like 'ad%'"), ['r2', 'r3']);
  assert.deepEqual(ids('metrics.acc.max < 100'), ['r1', 'r2', 'r4']);
});

test('is null and is not null test whether the key exists', () => {
  assert.deepEqual(ids('tags.stage is null'), ['r3', 'r5']);
  assert.deepEqual(ids('tags.stage = null'), ['r3', 'r5']);
  assert.deepEqual(ids('tags.stage is not null'), ['r1', 'r2', 'r4']);
  assert.deepEqual(ids('metrics.acc is null'), ['r3', 'r5']);
  assert.deepEqual(ids('metrics.loss is not null'), ['r1', 'r2', 'r3', 'r5']);
  assert.deepEqual(ids('ended is null'), ['r2']);
  assert.deepEqual(ids('status is null'), []);
});

test('not returns exactly the runs its operand does not, missing keys included', () => {
  assert.deepEqual(ids("not tags.stage = 'prod'"), ['r2', 'r3', 'r5']);
  assert.deepEqual(ids('not params.lr = 0.01'), ['r3', 'r4', 'r5']);
  assert.deepEqual(ids('not not params.lr = 0.01'), ['r1', 'r2']);
});

test('not binds tighter than and, which binds tighter than or', () => {
  assert.deepEqual(ids("status = 'finished' or status = 'failed' and params.optimizer = 'Adam'"), ['r1', 'r3', 'r4']);
  assert.deepEqual(ids("status = 'finished' or status = 'failed' and params.optimizer = 'adam'"), ['r1', 'r4']);
  assert.deepEqual(ids("(status = 'finished' or status = 'failed') and params.optimizer = 'Adam'"), ['r3']);
  assert.deepEqual(ids("not status = 'finished' and experiment = 'vision'"), ['r2', 'r3']);
  assert.deepEqual(ids("not (status = 'finished' and experiment = 'vision')"), ['r2', 'r3', 'r4', 'r5']);
});

test('like is case-sensitive, ilike is not, and both honour % and _ and backslash escapes', () => {
  assert.deepEqual(ids("name like 'cnn%'"), ['r1', 'r2']);
  assert.deepEqual(ids("name ilike 'cnn%'"), ['r1', 'r2', 'r3']);
  assert.deepEqual(ids("name not like 'cnn%'"), ['r3', 'r4', 'r5']);
  assert.deepEqual(ids("name like 'cnn_small'"), ['r1']);
  assert.deepEqual(ids("name like 'cnn\\_small'"), []);
  assert.deepEqual(ids("name like 'rnn\\_1'"), ['r5']);
  assert.deepEqual(ids("tags.note like '50\\%%'"), ['r5']);
  assert.deepEqual(ids("tags.note ilike '50\\% OFF'"), ['r5']);
  assert.deepEqual(ids("name like '*'"), []);
  assert.deepEqual(ids("name like '[c]%'"), []);
});

test('in lists compare numbers numerically and strings as text', () => {
  assert.deepEqual(ids("params.optimizer in ('adam', 'sgd')"), ['r1', 'r2']);
  assert.deepEqual(ids('params.layers in (3, 12)'), ['r1', 'r2']);
  assert.deepEqual(ids("params.layers in (3, 'many')"), ['r1', 'r3']);
  assert.deepEqual(ids("id in ('r1', 'r5', 'r6')"), ['r1', 'r5']);
});

test('metric summaries compare as numbers and a NaN last value matches nothing', () => {
  assert.deepEqual(ids('metrics.loss < 1'), ['r1']);
  assert.deepEqual(ids('metrics.loss >= 0'), ['r1', 'r3', 'r5']);
  assert.deepEqual(ids('metrics.loss.min < 0.5'), ['r1', 'r2', 'r5']);
  assert.deepEqual(ids('metrics.loss.max > 1e300'), ['r5']);
  assert.deepEqual(ids('metrics.loss.mean = 0.5'), ['r1']);
  assert.deepEqual(ids('metrics.loss.mean > 0.55'), ['r2', 'r3', 'r5']);
  assert.deepEqual(ids('metrics.loss.count = 11'), ['r2']);
  assert.deepEqual(ids('metrics.`val loss`.min < 1'), ['r4']);
  assert.deepEqual(ids('metrics.`val loss`.mean < 100'), []);
  assert.deepEqual(ids("metrics.acc.max > '0.9'"), ['r1', 'r4']);
});

test('attributes cover status, name, experiment, id, times and duration', () => {
  assert.deepEqual(ids("status = 'running'"), ['r2']);
  assert.deepEqual(ids("status = 'RUNNING'"), ['r2']);
  assert.deepEqual(ids("experiment = 'nlp'"), ['r4', 'r5']);
  assert.deepEqual(ids("id = 'r3'"), ['r3']);
  assert.deepEqual(ids('created > 2500'), ['r3', 'r4', 'r5']);
  assert.deepEqual(ids("created >= '1970-01-01T00:00:03Z'"), ['r3', 'r4', 'r5']);
  assert.deepEqual(ids('ended <= 5000'), ['r1', 'r3']);
  // A running run's duration runs up to now.
  assert.deepEqual(ids('duration > 3000'), ['r1', 'r2', 'r4']);
  assert.deepEqual(ids("duration < '4s'"), ['r3', 'r5']);
  assert.deepEqual(ids('name = 5'), []);
});

test('key names with quotes and spaces are matched exactly', () => {
  assert.deepEqual(ids("tags.`odd'key` = 'x\"y'"), ['r4']);
  assert.deepEqual(ids("tags.`odd'key` is not null"), ['r4']);
});

test('injection attempts are syntax errors or plain values, and never reach the SQL text', () => {
  assert.throws(
    () => compileRunQuery("params.x = '1'; DROP TABLE runs; --'", undefined, NOW),
    (e: unknown) => e instanceof QuerySyntaxError && e.code === 'QUERY_SYNTAX' && e.column === 15,
  );
  runsTableIntact();
  const attempts = [
    "params.optimizer = 'adam''); DROP TABLE runs; --'",
    "params.`lr') OR 1=1; DROP TABLE runs; --` = 0.01",
    "tags.`x\" OR \"1\"=\"1` is null and name like '%'' OR ''1''=''1'",
    "name in ('a''); DELETE FROM runs; --', 'b')",
  ];
  for (const q of attempts) {
    const compiled = compileRunQuery(q, ["params.`x'); DROP TABLE runs; --` desc"], NOW);
    assert.doesNotMatch(compiled.where + compiled.orderBy, /DROP|DELETE|OR 1=1/, q);
    ordered(q, ["params.`x'); DROP TABLE runs; --` desc"]);
  }
  assert.deepEqual(ids("params.optimizer = 'adam''); DROP TABLE runs; --'"), []);
  assert.deepEqual(ids("params.`lr') OR 1=1; DROP TABLE runs; --` = 0.01"), []);
  assert.deepEqual(ids("tags.`x\" OR \"1\"=\"1` is null and name like '%'' OR ''1''=''1'"), []);
  runsTableIntact();
});

test('syntax errors from compile carry the column', () => {
  assert.throws(
    () => compileRunQuery("status = 'x' and params.lr >", undefined, NOW),
    (e: unknown) => isLoupeError(e, 'QUERY_SYNTAX') && (e as QuerySyntaxError).column === 29 && /Expected a value after '>' at column 29/.test(e.message),
  );
  assert.throws(() => compileRunQuery(undefined, ['metrics.acc.max sideways'], NOW), (e: unknown) => isLoupeError(e, 'QUERY_SYNTAX') && /sort/.test(e.message));
});

test('sorting by a metric puts runs without it last in both directions', () => {
  assert.deepEqual(ordered(undefined, ['metrics.acc.max desc']), ['r4', 'r1', 'r2', 'r3', 'r5']);
  assert.deepEqual(ordered(undefined, ['metrics.acc.max asc']), ['r2', 'r1', 'r4', 'r3', 'r5']);
  // r2's last loss was NaN (NULL): it sorts with the missing ones.
  assert.deepEqual(ordered(undefined, ['metrics.loss']), ['r1', 'r5', 'r3', 'r2', 'r4']);
  assert.deepEqual(ordered(undefined, ['metrics.loss desc']), ['r3', 'r5', 'r1', 'r2', 'r4']);
  assert.deepEqual(ordered(undefined, ['metrics.loss.min']), ['r5', 'r1', 'r2', 'r3', 'r4']);
});

test('sorting by a param puts numbers first in numeric order, then text, then missing', () => {
  assert.deepEqual(ordered(undefined, ['params.lr']), ['r1', 'r2', 'r3', 'r4', 'r5']);
    // r1 ('0.01') and r2 ('1e-2') tie as numbers, so their text breaks the tie.
  assert.deepEqual(ordered(undefined, ['params.lr desc']), ['r3', 'r2', 'r1', 'r4', 'r5']);
  assert.deepEqual(ordered(undefined, ['params.layers desc']), ['r2', 'r1', 'r3', 'r4', 'r5']);
  assert.deepEqual(ordered(undefined, ['params.layers']), ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.deepEqual(ordered(undefined, ['params.optimizer desc']), ['r2', 'r4', 'r1', 'r3', 'r5']);
});

test('sorting by attributes and by several fields works, newest first by default', () => {
  assert.deepEqual(ordered(undefined), ['r5', 'r4', 'r3', 'r2', 'r1']);
  assert.deepEqual(ordered(undefined, ['created']), ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.deepEqual(ordered(undefined, ['name asc']), ['r3', 'r4', 'r2', 'r1', 'r5']);
  assert.deepEqual(ordered(undefined, ['ended desc']), ['r4', 'r5', 'r1', 'r3', 'r2']);
  assert.deepEqual(ordered(undefined, ['duration desc']), ['r2', 'r4', 'r1', 'r5', 'r3']);
  assert.deepEqual(ordered(undefined, ['experiment', 'metrics.loss.min desc']), ['r5', 'r4', 'r3', 'r2', 'r1']);
  assert.deepEqual(ordered(undefined, ['status', 'name desc']), ['r3', 'r1', 'r4', 'r5', 'r2']);
});

test('paging through ties returns every run exactly once', () => {
  for (const orderBy of [['params.lr'], ['tags.stage desc'], ['experiment'], ['metrics.acc.min']]) {
    const all = ordered(undefined, orderBy);
    const paged = [0, 1, 2, 3, 4].flatMap((offset) => ordered(undefined, orderBy, 1, offset));
    assert.deepEqual(paged, all, orderBy.join());
  }
});

test('sort clauses carry no placeholders, so the store can count with the filter params alone', () => {
  const q = compileRunQuery("params.lr = 0.01 and duration > '1s'", ["params.`x'y` desc", 'duration', 'metrics.acc.max'], NOW);
  assert.doesNotMatch(q.orderBy, /\?/);
  assert.equal((q.where.match(/\?/g) ?? []).length, q.params.length);
  const store = new SqliteTrackerStore(db);
  const page = store.listRuns({ filter: 'metrics.acc.max > 0', orderBy: ['metrics.acc.max desc'], limit: 2 });
  assert.equal(page.total, 3);
  assert.deepEqual(page.runs.map((r) => r.id), ['r4', 'r1']);
});

test('a long chain of or terms stays within SQLite expression depth limits', () => {
  const q = Array.from({ length: 700 }, (_, i) => `id='r${i}'`).join(' or ');
  assert.deepEqual(ids(q), ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.deepEqual(ids('not '.repeat(99) + "id = 'r1'"), ['r2', 'r3', 'r4', 'r5']);
  assert.deepEqual(ids('('.repeat(100) + "id = 'r1'" + ')'.repeat(100)), ['r1']);
});

test('parent selects the children of a run, and parent is null the top-level runs', async () => {
  const { SqliteTrackerStore } = await import('../../tracker/src/store/sqliteStore');
  const { tempWorkspace } = await import('./helpers');
  const store = SqliteTrackerStore.open(tempWorkspace().loupeDir);
  const sweep = store.createRun({ experiment: 'e', name: 'sweep' });
  store.createRun({ experiment: 'e', name: 'trial-1', parentRunId: sweep.id });
  store.createRun({ experiment: 'e', name: 'trial-2', parentRunId: sweep.id });
  const names = (filter: string) => store.listRuns({ filter }).runs.map((r) => r.name).sort();
  assert.deepEqual(names(`parent = '${sweep.id}'`), ['trial-1', 'trial-2']);
  assert.deepEqual(names('parent is null'), ['sweep']);
  store.close();
});
