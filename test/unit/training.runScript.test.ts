import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ObjectStore } from '../../tracker/src/objects/objectStore';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { isProcessAlive } from '../../tracker/src/store/processes';
import { parseScriptArgs, runScript } from '../../tracker/src/training/runScript';
import { tempWorkspace } from './helpers';

function script(root: string, name: string, body: string): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, body);
  return file;
}

/** Alive and not a zombie: in a container whose init never reaps, a killed orphan stays a zombie. */
function running(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return fs.existsSync('/proc/self') ? false : isProcessAlive(pid);
  }
}

function outputOf(loupeDir: string, runId: string): string {
  const store = SqliteTrackerStore.open(loupeDir);
  const artifact = store.listArtifacts(runId).find((a) => a.path === 'output.log');
  store.close();
  assert.ok(artifact, 'output.log is an artifact of the run');
  return new ObjectStore(loupeDir).read(artifact.hash).toString('utf8');
}

test('a script runs as a run: exit 0 finishes it, output is captured and streamed, args become params', async () => {
  const { root, loupeDir } = tempWorkspace();
  const file = script(root, 'train.js', `
    console.log('run', process.env.LOUPE_RUN_ID, 'dir', process.env.LOUPE_DIR);
    console.error('a warning');
    console.log('args', process.argv.slice(2).join(' '));`);
  let streamed = '';
  const result = await runScript([process.execPath, file, 'extra', '--lr', '0.01', '--epochs=5', '--verbose'], {
    cwd: root, loupeDir, experiment: 'scripts-test', parseArgs: true, onOutput: (t) => (streamed += t),
  });
  assert.equal(result.status, 'finished');
  assert.equal(result.exitCode, 0);
  const store = SqliteTrackerStore.open(loupeDir);
  const run = store.getRun(result.runId);
  store.close();
  assert.equal(run.status, 'finished');
  assert.equal(run.experimentName, 'scripts-test');
  assert.deepEqual(run.params, { lr: '0.01', epochs: '5', verbose: 'true' });
  assert.equal(run.tags['loupe.exit_code'], '0');
  assert.ok(run.sourceCommand.endsWith('train.js extra --lr 0.01 --epochs=5 --verbose'), run.sourceCommand);
  const output = outputOf(loupeDir, run.id);
  assert.match(output, new RegExp(`run ${run.id} dir ${loupeDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the script sees its run id and the .loupe folder');
  assert.match(output, /a warning/);
  assert.match(output, /args extra --lr 0\.01 --epochs=5 --verbose/);
  assert.match(streamed, /a warning/, 'output was streamed while running too');
});

test('a script exiting non-zero is failed; one killed by a signal is killed', async () => {
  const { root, loupeDir } = tempWorkspace();
  const failing = await runScript([process.execPath, '-e', 'console.log("oops"); process.exit(3)'], { cwd: root, loupeDir, onOutput: () => undefined });
  assert.equal(failing.status, 'failed');
  assert.equal(failing.exitCode, 3);
  const signalled = await runScript([process.execPath, '-e', 'process.kill(process.pid, "SIGKILL")'], { cwd: root, loupeDir, onOutput: () => undefined });
  assert.equal(signalled.status, 'killed');
  assert.equal(signalled.signal, 'SIGKILL');
  const store = SqliteTrackerStore.open(loupeDir);
  assert.equal(store.getRun(failing.runId).status, 'failed');
  assert.equal(store.getRun(failing.runId).tags['loupe.exit_code'], '3');
  assert.equal(store.getRun(signalled.runId).status, 'killed');
  store.close();
  assert.match(outputOf(loupeDir, failing.runId), /oops/);
});

test('stopping a script kills its whole process tree and marks the run killed', async () => {
  const { root, loupeDir } = tempWorkspace();
  const stop = new AbortController();
  let grandchild = 0;
  const result = await runScript(['/bin/sh', '-c', 'sleep 30 & echo "child $!"; wait'], {
    cwd: root, loupeDir, signal: stop.signal,
    onOutput: (t) => {
      const m = /child (\d+)/.exec(t);
      if (m) {
        grandchild = Number(m[1]);
        stop.abort();
      }
    },
  });
  assert.equal(result.status, 'killed');
  assert.ok(grandchild > 0);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(running(grandchild), false, 'the sleep the shell started is gone too');
  const store = SqliteTrackerStore.open(loupeDir);
  assert.equal(store.getRun(result.runId).status, 'killed');
  store.close();
});

test('script arguments parse as --key value, --key=value and bare flags', () => {
  assert.deepEqual(parseScriptArgs(['data.csv', '--lr', '0.1', '--name=a=b', '--dry-run', '--epochs', '3', '-v']), { lr: '0.1', name: 'a=b', 'dry-run': 'true', epochs: '3' });
});
