import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from '../unit/helpers';

const REPO = path.resolve(__dirname, '../..');
const POINTS = Number(process.env.LOUPE_LOAD_POINTS ?? 250_000);
const HAVE_PYTHON = spawnSync('python3', ['--version']).status === 0;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function tsWriter(loupeDir: string, name: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { Tracker } = require(${JSON.stringify(path.join(REPO, 'tracker/src/sdk/tracker'))});
    (async () => {
      const t = Tracker.open({ dir: ${JSON.stringify(loupeDir)}, flush: { maxPoints: 20000 } });
      const run = await t.startRun({ experiment: 'load', name: ${JSON.stringify(name)} });
      for (let i = 0; i < ${POINTS}; i++) run.log({ x: i }, i);
      run.end('finished');
      t.close();
    })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
  return run(process.execPath, ['--import', 'tsx', '-e', script], {});
}

function pyWriter(loupeDir: string, name: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
import loupe
with loupe.start_run(experiment="load", name=${JSON.stringify(name)}) as run:
    for i in range(${POINTS}):
        run.log({"x": float(i)}, step=i)
`;
  return run('python3', ['-c', script], { LOUPE_DIR: loupeDir, PYTHONPATH: path.join(REPO, 'tracker/python') });
}

test(`8 writers (TypeScript and Python) log ${POINTS.toLocaleString()} points each while a reader polls every 100 ms: nothing lost`, async () => {
  const { loupeDir } = tempWorkspace();
  SqliteTrackerStore.open(loupeDir).close();
  const reader = SqliteTrackerStore.open(loupeDir);
  const latencies: number[] = [];
  let readerError: unknown;
  const poll = setInterval(() => {
    const t0 = performance.now();
    try {
      const page = reader.listRuns({ filter: "experiment = 'load'", limit: 100 });
      for (const r of page.runs.filter((r) => r.status === 'running')) reader.getMetricHistory(r.id, 'x', { maxPoints: 1000 });
    } catch (e) {
      readerError = e;
    }
    latencies.push(performance.now() - t0);
  }, 100);
  const writers = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i % 2 === 1 && HAVE_PYTHON ? pyWriter(loupeDir, `py-${i}`) : tsWriter(loupeDir, `ts-${i}`)));
  const results = await Promise.all(writers);
  clearInterval(poll);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  for (const r of results) assert.doesNotMatch(r.stderr, /locked|busy|error/i);
  assert.equal(readerError, undefined, `the reader saw ${String(readerError)}`);
  const runs = reader.listRuns({ filter: "experiment = 'load'" }).runs;
  assert.equal(runs.length, 8);
  let total = 0;
  for (const run of runs) {
    assert.equal(run.status, 'finished', run.name);
    const x = reader.getMetricHistory(run.id, 'x');
    assert.equal(x.values.length, POINTS, run.name);
    assert.ok(x.values.every((v, i) => v === i), `${run.name} intact`);
    total += x.values.length;
  }
  assert.equal(reader.db.pragma('integrity_check', { simple: true }), 'ok');
  reader.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  console.log(`load: ${total.toLocaleString()} points from 8 writers (${HAVE_PYTHON ? '4 TypeScript + 4 Python' : '8 TypeScript'}), 0 lost; reader ${latencies.length} polls, latency p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
});
