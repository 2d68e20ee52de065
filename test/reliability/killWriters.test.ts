import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { seededRandom } from '../../tracker/src/demo/softmaxRegression';
import { ObjectStore } from '../../tracker/src/objects/objectStore';
import { storedObjects } from '../../tracker/src/store/garbage';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';

const TRIALS = Number(process.env.LOUPE_KILL_TRIALS ?? 50);
let work: string;
let writerJs: string;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-kill-'));
  writerJs = path.join(work, 'writer.js');
  // Bundled once so each trial starts in tens of milliseconds.
  await esbuild.build({ entryPoints: [path.join(__dirname, 'writerProcess.ts')], outfile: writerJs, bundle: true, platform: 'node', external: ['better-sqlite3'], logLevel: 'warning', nodePaths: [path.resolve(__dirname, '../../node_modules')] });
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** Starts a writer, waits until it has flushed once, kills it after `delayMs`; returns what it reported. */
function killTrial(loupeDir: string, name: string, delayMs: number): Promise<{ runId: string; flushed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerJs, loupeDir, name], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules') } });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (!timer && out.includes('flushed')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended by itself: ${err}`));
      const runId = /run ([0-9a-f]{32})/.exec(out)?.[1];
      const flushedLines = [...out.matchAll(/flushed (\d+)/g)];
      if (!runId) return reject(new Error(`no run id: ${out}`));
      resolve({ runId, flushed: Number(flushedLines[flushedLines.length - 1][1]) });
    });
  });
}

test(`writers killed with SIGKILL at ${TRIALS} random moments lose no flushed point and corrupt nothing`, async () => {
  const random = seededRandom(20261126);
  const loupeDir = path.join(work, '.loupe');
  const outcomes: { runId: string; flushed: number }[] = [];
  for (let trial = 0; trial < TRIALS; trial++) outcomes.push(await killTrial(loupeDir, `victim-${trial}`, Math.floor(random() * 150)));

  const store = SqliteTrackerStore.open(loupeDir);
  try {
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    // Each writer's start finalised the victims before it; this open finalises the last one.
    store.finalizeDeadRuns();
    for (const { runId, flushed } of outcomes) {
      const run = store.getRun(runId);
      assert.equal(run.status, 'killed');
      const x = store.getMetricHistory(runId, 'x');
      assert.ok(x.values.length >= flushed, `${run.name}: ${x.values.length} points stored, ${flushed} reported flushed`);
      assert.ok(x.values.every((v, i) => v === i && x.steps[i] === i), `${run.name}: points intact and in order`);
      assert.equal(run.metrics.x.count, x.values.length, 'summary agrees with the series');
    }
    // Every object stored under its name has exactly the content its name promises.
    const objects = new ObjectStore(loupeDir);
    const ids = storedObjects(objects);
    for (const id of ids) assert.equal(createHash('sha256').update(fs.readFileSync(objects.pathOf(id))).digest('hex'), id);
    // The next start needs no repair: a new writer works on the same files.
    const again = store.createRun({ experiment: 'faults', name: 'after' });
    store.appendMetrics([{ runId: again.id, key: 'x', steps: [0], values: [1], timestamps: [Date.now()] }]);
    assert.equal(store.getRun(again.id).metrics.x.count, 1);
    console.log(`killed ${TRIALS} writers; ${outcomes.reduce((s, o) => s + o.flushed, 0)} flushed points all present; ${ids.length} objects verified`);
  } finally {
    store.close();
  }
});
