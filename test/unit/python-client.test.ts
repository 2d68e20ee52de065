import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PYTHON_SCHEMA_FILE, renderPythonSchema } from '../../scripts/gen-python-schema';
import { openDatabase } from '../../tracker/src/store/database';
import { MetricsRepo } from '../../tracker/src/store/metricsRepo';
import { MIGRATIONS } from '../../tracker/src/store/migrations';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { REPO_ROOT, tempWorkspace } from './helpers';

const PYTHON_DIR = path.join(REPO_ROOT, 'tracker', 'python');
const PYTHON = 'python3';
const pythonMissing = spawnSync(PYTHON, ['-c', 'import sqlite3'], { stdio: 'ignore' }).status !== 0;
const SKIP_REASON = 'python3 (with its sqlite3 module) is not installed';

/** Environment for a child Python: the client on the path, no tracking server, this workspace. */
function pythonEnv(loupeDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: [PYTHON_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) };
  delete env.LOUPE_TRACKING_URI;
  delete env.LOUPE_TRACKING_TOKEN;
  delete env.LOUPE_DIR;
  if (loupeDir) env.LOUPE_DIR = loupeDir;
  return env;
}

/** Runs a Python snippet with the client importable; returns its stdout. */
function runPython(loupeDir: string, code: string, ...args: string[]): string {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { cwd: path.dirname(loupeDir), env: pythonEnv(loupeDir), encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `python failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout;
}

// The same formula in both languages: + - / on doubles round identically in Python and JavaScript.
const PY_VALUE = `
import math
def value(i):
    if i % 1000 == 7: return math.nan
    if i == 13: return math.inf
    if i == 14: return -math.inf
    return (i % 97) / 7 + 1 / (i + 1)
`;
function value(i: number): number {
  if (i % 1000 === 7) return NaN;
  if (i === 13) return Infinity;
  if (i === 14) return -Infinity;
  return (i % 97) / 7 + 1 / (i + 1);
}
const T0 = 1_700_000_000_000;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

function chunkLayout(db: ReturnType<typeof openDatabase>, runId: string, key: string): [number, number][] {
  return db
    .prepare<[string, string], { seq: number; count: number }>('SELECT seq, count FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY seq')
    .all(runId, key)
    .map((r) => [r.seq, r.count]);
}

/** What the summary must say about `values` (min/max ignore NaN, mean over finite values only). */
function expectedStats(values: number[]) {
  const seen = values.filter((v) => !Number.isNaN(v));
  const finite = values.filter(Number.isFinite);
  return {
    min: Math.min(...seen),
    max: Math.max(...seen),
    mean: finite.reduce((s, v) => s + v, 0) / finite.length,
    count: values.length,
  };
}

test('the Python client unit tests pass (python3 -m unittest discover -s tracker/python/tests)', (t) => {
  if (pythonMissing) return t.skip(SKIP_REASON);
  const r = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tracker/python/tests', '-v'], {
    cwd: REPO_ROOT,
    env: pythonEnv(),
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(r.status, 0, `unittest exited ${r.status ?? r.signal}:\n${r.stderr.slice(-8000)}`);
  assert.match(r.stderr, /\nOK/);
});

test('a run logged from Python reads back in TypeScript value for value, NaN and infinities included, with matching summaries', (t) => {
  if (pythonMissing) return t.skip(SKIP_REASON);
  const { loupeDir } = tempWorkspace();
  const N = 5000;
  const out = runPython(
    loupeDir,
    `${PY_VALUE}
import json, loupe
N = ${N}
with loupe.start_run(experiment="interop", name="from-python", params={"lr": 0.001, "layers": 4, "bn": True}, tags={"origin": "python"}) as run:
    for i in range(N):
        run.log({"loss": value(i), "acc": i / N}, step=i, timestamp=${T0} + i)
    run.log({"ends_nan": 1.0})
    run.log({"ends_nan": math.nan})
print(json.dumps({"id": run.id}))
`,
  );
  const runId = (JSON.parse(out) as { id: string }).id;
  assert.match(runId, /^[0-9a-f]{32}$/);

  const db = openDatabase(loupeDir);
  try {
    const repo = new MetricsRepo(db);
    const expectedLoss = range(0, N).map(value);
    const loss = repo.read(runId, 'loss');
    assert.deepEqual(Array.from(loss.steps), range(0, N));
    assert.deepEqual(Array.from(loss.values), expectedLoss);
    assert.deepEqual(Array.from(loss.timestamps), range(0, N).map((i) => T0 + i));
    assert.deepEqual(Array.from(repo.read(runId, 'acc').values), range(0, N).map((i) => i / N));
    assert.deepEqual(chunkLayout(db, runId, 'loss'), [[0, 4096], [1, N - 4096]]);

    const summaries = Object.fromEntries(repo.summaries(runId).map((s) => [s.key, s]));
    assert.deepEqual(Object.keys(summaries), ['acc', 'ends_nan', 'loss']);
    const s = summaries.loss;
    const want = expectedStats(expectedLoss);
    assert.equal(s.count, want.count);
    assert.equal(s.min, -Infinity);
    assert.equal(s.max, Infinity);
    assert.equal(s.last, expectedLoss[N - 1]);
    assert.equal(s.lastStep, N - 1);
    assert.equal(s.lastTime, T0 + N - 1);
    // Flushes may split the sum differently from one left-to-right pass: equal up to rounding.
    assert.ok(Math.abs(s.mean - want.mean) <= 1e-12 * Math.abs(want.mean), `mean ${s.mean} vs ${want.mean}`);
    assert.ok(Number.isNaN(summaries.ends_nan.last), 'last is NaN when the last value was NaN');
    assert.equal(summaries.ends_nan.min, 1);
    assert.equal(summaries.ends_nan.count, 2);

    const params = db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(runId);
    assert.deepEqual(params, [{ key: 'bn', value: 'true' }, { key: 'layers', value: '4' }, { key: 'lr', value: '0.001' }]);
    const run = db.prepare<[string], { status: string; name: string; exp: string }>(
      'SELECT r.status, r.name, e.name AS exp FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?',
    ).get(runId);
    assert.deepEqual({ ...run }, { status: 'finished', name: 'from-python', exp: 'interop' });
  } finally {
    db.close();
  }
});

test('TypeScript and Python take turns appending to the same series, each topping up the chunk the other left', (t) => {
  if (pythonMissing) return t.skip(SKIP_REASON);
  const { loupeDir } = tempWorkspace();
  openDatabase(loupeDir).close(); // a database created by TypeScript, then written by Python
  const runId = runPython(
    loupeDir,
    `${PY_VALUE}
import loupe
with loupe.start_run(experiment="turns") as run:
    for i in range(5000):
        run.log({"loss": value(i)}, timestamp=${T0} + i)
print(run.id)
`,
  ).trim();

  let db = openDatabase(loupeDir);
  try {
    const repo = new MetricsRepo(db);
    db.transaction(() => repo.append({ runId, key: 'loss', steps: range(5000, 6000), values: range(5000, 6000).map(value), timestamps: range(5000, 6000).map((i) => T0 + i) }))();
    assert.deepEqual(chunkLayout(db, runId, 'loss'), [[0, 4096], [1, 1904]]);
    assert.equal(repo.summaries(runId)[0].count, 6000);
  } finally {
    db.close();
  }

  // Python resumes the run: auto-increment steps continue after TypeScript's last one.
  runPython(
    loupeDir,
    `${PY_VALUE}
import sys, loupe
with loupe.start_run(run_id=sys.argv[1]) as run:
    for i in range(6000, 9000):
        run.log({"loss": value(i)}, timestamp=${T0} + i)
`,
    runId,
  );

  db = openDatabase(loupeDir);
  try {
    const repo = new MetricsRepo(db);
    assert.deepEqual(chunkLayout(db, runId, 'loss'), [[0, 4096], [1, 4096], [2, 9000 - 8192]]);
    const loss = repo.read(runId, 'loss');
    assert.deepEqual(Array.from(loss.steps), range(0, 9000));
    assert.deepEqual(Array.from(loss.values), range(0, 9000).map(value));
    assert.deepEqual(Array.from(loss.timestamps), range(0, 9000).map((i) => T0 + i));
    const s = repo.summaries(runId)[0];
    const want = expectedStats(range(0, 9000).map(value));
    assert.equal(s.count, 9000);
    assert.equal(s.last, value(8999));
    assert.equal(s.lastStep, 8999);
    assert.equal(s.min, want.min);
    assert.equal(s.max, want.max);
    assert.ok(Math.abs(s.mean - want.mean) <= 1e-12 * Math.abs(want.mean), `mean ${s.mean} vs ${want.mean}`);
    const status = db.prepare<[string], { status: string }>('SELECT status FROM runs WHERE id = ?').get(runId);
    assert.equal(status?.status, 'finished');
  } finally {
    db.close();
  }
});

test('Python writes the same chunk bytes and summaries as TypeScript for the same points', (t) => {
  if (pythonMissing) return t.skip(SKIP_REASON);
  const { loupeDir } = tempWorkspace();
  const N = 9000;
  const pyRun = runPython(
    loupeDir,
    `${PY_VALUE}
import loupe
with loupe.start_run(experiment="same") as run:
    for i in range(${N}):
        run.log({"loss": value(i)}, step=i * 2, timestamp=${T0} + i)
print(run.id)
`,
  ).trim();
  const store = SqliteTrackerStore.open(loupeDir);
  try {
    const tsRun = store.createRun({ experiment: 'same' }).id;
    store.appendMetrics([{ runId: tsRun, key: 'loss', steps: range(0, N).map((i) => i * 2), values: range(0, N).map(value), timestamps: range(0, N).map((i) => T0 + i) }]);
    const chunks = store.db.prepare<[string], Record<string, unknown>>(
      "SELECT seq, count, first_step, last_step, min, max, steps, vals, times FROM metric_chunks WHERE run_id = ? AND key = 'loss' ORDER BY seq",
    );
    assert.deepEqual(chunks.all(pyRun), chunks.all(tsRun));
    const summary = store.db.prepare<[string], Record<string, number>>(
      "SELECT last, last_step, last_time, min, max, sum, finite_count, count FROM metric_summaries WHERE run_id = ? AND key = 'loss'",
    );
    const { sum: pySum, ...py } = summary.get(pyRun)!;
    const { sum: tsSum, ...ts } = summary.get(tsRun)!;
    assert.deepEqual(py, ts);
    assert.ok(Math.abs(pySum - tsSum) <= 1e-12 * Math.abs(tsSum), `sum ${pySum} vs ${tsSum}`);
  } finally {
    store.close();
  }
});

test('the Python copy of the migrations equals what gen-python-schema generates from MIGRATIONS', () => {
  const committed = fs.readFileSync(PYTHON_SCHEMA_FILE, 'utf8');
  assert.equal(committed, renderPythonSchema(MIGRATIONS), 'tracker/python/loupe/_migrations.json is stale: run node --import tsx scripts/gen-python-schema.ts');
  const parsed = JSON.parse(committed) as { version: number; description: string; sql: string }[];
  assert.deepEqual(parsed.map((m) => m.version), MIGRATIONS.map((m) => m.version));
});
